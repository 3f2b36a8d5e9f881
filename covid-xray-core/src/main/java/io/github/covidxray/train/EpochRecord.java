package io.github.covidxray.train;

import java.time.Duration;
import java.util.Objects;

/**
 * What one training epoch produced: the figures Keras puts in {@code History.history}, plus the
 * learning rate in effect and the epoch's wall time.
 *
 * <p>Validation figures are {@code NaN} when the epoch was not validated (both or neither); every
 * other figure must be finite, because a NaN loss stops training before it is recorded.
 *
 * @param epoch 1-based epoch number (Keras prints {@code Epoch 1/25} for the first)
 * @param loss mean training loss over the epoch's steps
 * @param accuracy training accuracy over the epoch, in [0, 1]
 * @param valLoss loss on the validation set after the epoch, or {@code NaN}
 * @param valAccuracy accuracy on the validation set after the epoch, in [0, 1], or {@code NaN}
 * @param learningRate the learning rate at the end of the epoch (after decay)
 * @param wallTime how long the epoch took, validation included
 */
public record EpochRecord(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
    double learningRate, Duration wallTime) {

  /** Checks every figure is in range, naming the epoch and the figure otherwise. */
  public EpochRecord {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch numbers start at 1, got " + epoch);
    }
    requireFinite(epoch, "loss", loss);
    requireFraction(epoch, "accuracy", accuracy);
    if (Double.isNaN(valLoss) != Double.isNaN(valAccuracy)) {
      throw new IllegalArgumentException(String.format(
          "epoch %d: val_loss and val_accuracy must both be present or both be NaN, got %s and %s",
          epoch, valLoss, valAccuracy));
    }
    if (!Double.isNaN(valLoss)) {
      requireFinite(epoch, "val_loss", valLoss);
      requireFraction(epoch, "val_accuracy", valAccuracy);
    }
    requireFinite(epoch, "learning_rate", learningRate);
    if (learningRate < 0) {
      throw new IllegalArgumentException(
          "epoch " + epoch + ": learning_rate must be >= 0, got " + learningRate);
    }
    Objects.requireNonNull(wallTime, "wallTime");
    if (wallTime.isNegative()) {
      throw new IllegalArgumentException("epoch " + epoch + ": wall time is negative: " + wallTime);
    }
  }

  /** Whether the epoch was validated (its validation figures are not NaN). */
  public boolean hasValidation() {
    return !Double.isNaN(valLoss);
  }

  private static void requireFinite(int epoch, String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "epoch " + epoch + ": " + name + " must be a finite number, got " + value);
    }
  }

  private static void requireFraction(int epoch, String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "epoch " + epoch + ": " + name + " must be in [0, 1], got " + value);
    }
  }
}
