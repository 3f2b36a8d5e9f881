package io.github.covidxray.crossval;

import io.github.covidxray.data.Fold;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.train.TrainingHistory;
import java.time.Duration;
import java.util.Objects;

/**
 * What one fold of a {@link CrossValidation} produced: the fold's indices, how many images its model
 * was trained and validated on, its training history, and the evaluation of that model on the fold's
 * held-out part (which it never trained on). Immutable.
 *
 * @param fold the fold: its number and the indices of its training and held-out images
 * @param trainSize images the fold's model was fitted on (fewer than the fold's training part with
 *     an {@link FoldValidation#innerSplit inner validation split})
 * @param validationSize images the trainer validated on after every epoch (0 without validation)
 * @param history the fold's training history
 * @param evaluation the fold's model on the fold's held-out part, in the order of
 *     {@link Fold#testIndices()}
 * @param wallTime time the fold took: model building, training and evaluation
 */
public record FoldResult(
    Fold fold, int trainSize, int validationSize, TrainingHistory history, Evaluation evaluation,
    Duration wallTime) {

  /** Checks that the parts agree. */
  public FoldResult {
    Objects.requireNonNull(fold, "fold");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(wallTime, "wallTime");
    if (trainSize < 1 || validationSize < 0) {
      throw new IllegalArgumentException(
          "trainSize must be positive and validationSize not negative, got " + trainSize + ", " + validationSize);
    }
    if (evaluation.size() != fold.testIndices().length) {
      throw new IllegalArgumentException(String.format(
          "the evaluation covers %d images but fold %d holds out %d", evaluation.size(), fold.index(),
          fold.testIndices().length));
    }
  }

  /**
   * The fold's number.
   *
   * @return from 0
   */
  public int index() {
    return fold.index();
  }

  /**
   * Number of held-out images the fold's model was evaluated on.
   *
   * @return the size of the fold's test part
   */
  public int testSize() {
    return evaluation.size();
  }
}
