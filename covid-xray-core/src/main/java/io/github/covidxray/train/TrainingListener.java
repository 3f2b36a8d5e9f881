package io.github.covidxray.train;

/**
 * Hook into {@link Trainer#fit}: progress display, early stopping, checkpoints, or a user's own logic.
 * Every method has an empty default so a listener overrides only what it needs. A listener stops
 * training with {@link TrainingContext#requestStop(String)}; the current epoch is finished first.
 */
public interface TrainingListener {

  /** Called once, after the model is compiled and before the first epoch. */
  default void onTrainingStart(TrainingContext context) {}

  /** Called before the first step of each epoch ({@code epoch} is 1-based). */
  default void onEpochStart(TrainingContext context, int epoch) {}

  /** Called after every optimizer step with the epoch's running averages. */
  default void onStepEnd(TrainingContext context, StepProgress progress) {}

  /** Called after validation at the end of each epoch, with that epoch's figures. */
  default void onEpochEnd(TrainingContext context, EpochRecord record) {}

  /** Called once when training ends normally or by a stop request, with the full history. */
  default void onTrainingEnd(TrainingContext context, TrainingHistory history) {}
}
