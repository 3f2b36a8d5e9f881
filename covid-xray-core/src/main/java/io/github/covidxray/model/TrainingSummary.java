package io.github.covidxray.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How the weights a model holds were trained, in brief, for its saved metadata: how many epochs ran
 * and the figures of the epoch whose weights the model holds (the last one, or the best one when
 * early stopping restored it), as Keras's {@code History} reports them.
 *
 * <p>Build one from a training history's epoch record; the validation figures are {@code NaN} when
 * the epoch was not validated (both or neither).
 *
 * @param epochs number of epochs that ran, at least 1
 * @param epoch the 1-based epoch whose weights the model holds, at most {@code epochs}
 * @param loss that epoch's mean training loss, finite
 * @param accuracy that epoch's training accuracy, in [0, 1]
 * @param valLoss that epoch's validation loss, or {@code NaN}
 * @param valAccuracy that epoch's validation accuracy in [0, 1], or {@code NaN}
 * @param learningRate the learning rate at the end of that epoch, finite and at least 0
 * @param wallTime total wall time of the training run, not negative
 */
public record TrainingSummary(int epochs, int epoch, double loss, double accuracy, double valLoss,
    double valAccuracy, double learningRate, Duration wallTime) {

  /** Checks every figure, naming it and the value given. */
  public TrainingSummary {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (epoch < 1 || epoch > epochs) {
      throw new IllegalArgumentException(
          "epoch must be between 1 and epochs (" + epochs + "), got " + epoch);
    }
    requireFinite("loss", loss);
    requireFraction("accuracy", accuracy);
    if (Double.isNaN(valLoss) != Double.isNaN(valAccuracy)) {
      throw new IllegalArgumentException("valLoss and valAccuracy must both be numbers or both be NaN,"
          + " got " + valLoss + " and " + valAccuracy);
    }
    if (!Double.isNaN(valLoss)) {
      requireFinite("valLoss", valLoss);
      requireFraction("valAccuracy", valAccuracy);
    }
    requireFinite("learningRate", learningRate);
    if (learningRate < 0) {
      throw new IllegalArgumentException("learningRate must be at least 0, got " + learningRate);
    }
    Objects.requireNonNull(wallTime, "wallTime");
    if (wallTime.isNegative()) {
      throw new IllegalArgumentException("wallTime must not be negative, got " + wallTime);
    }
  }

  /** Whether the summarised epoch was validated. */
  public boolean hasValidation() {
    return !Double.isNaN(valLoss);
  }

  private static void requireFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + value);
    }
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }
}
