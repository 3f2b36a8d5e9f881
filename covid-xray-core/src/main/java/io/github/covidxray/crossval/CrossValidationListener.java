package io.github.covidxray.crossval;

import io.github.covidxray.data.Fold;

/**
 * Hook into {@link CrossValidation#run}, called on the calling thread: for progress output, or to
 * keep each fold's result as it arrives (a long run may be interrupted later). Training progress
 * within a fold comes from the {@link io.github.covidxray.train.Trainer}'s own {@link io.github.covidxray.train.TrainingListener}s.
 *
 * <p>A lambda implements {@link #onFoldEnd}:
 * <pre>{@code builder.listener((result, folds) -> System.out.println(result.index() + 1 + "/" + folds));}</pre>
 */
@FunctionalInterface
public interface CrossValidationListener {

  /**
   * Called before a fold's model is built.
   *
   * @param fold the fold about to run
   * @param foldCount number of folds
   * @param trainSize images its model will be fitted on
   * @param validationSize images it will be validated on after every epoch (0 for none)
   */
  default void onFoldStart(Fold fold, int foldCount, int trainSize, int validationSize) {}

  /**
   * Called after a fold's model was trained, evaluated and closed.
   *
   * @param result the fold's result
   * @param foldCount number of folds
   */
  void onFoldEnd(FoldResult result, int foldCount);
}
