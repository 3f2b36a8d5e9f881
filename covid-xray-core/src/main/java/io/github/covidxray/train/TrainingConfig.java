package io.github.covidxray.train;

import io.github.covidxray.data.Augmentation;
import io.github.covidxray.model.AdamSettings;
import java.util.Objects;

/**
 * Everything that decides how {@link Trainer#fit} trains, as one immutable value (listeners aside), so a
 * run can be described, logged and repeated. Built by {@link Trainer.Builder}, whose defaults are the
 * tutorial's.
 *
 * @param epochs number of passes over the training set
 * @param batchSize images per optimizer step; steps per epoch = training size / batch size, rounded down
 * @param schedule learning rate and Keras's time-based decay
 * @param adam Adam's constants
 * @param augmentation applied to every training batch on the fly (never to validation)
 * @param classWeights per-class loss weights for training batches
 * @param seed seeds the shuffles and the augmentation
 */
public record TrainingConfig(
    int epochs, int batchSize, TimeBasedDecay schedule, AdamSettings adam, Augmentation augmentation,
    ClassWeights classWeights, long seed) {

  /** Validates ranges and non-null parts. */
  public TrainingConfig {
    requireEpochs(epochs);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(adam, "adam");
    Objects.requireNonNull(augmentation, "augmentation");
    Objects.requireNonNull(classWeights, "classWeights");
  }

  /** The one check of the number of epochs, shared with {@link TimeBasedDecay#tutorial}. */
  static int requireEpochs(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    return epochs;
  }
}
