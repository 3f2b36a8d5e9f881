package io.github.covidxray.train;

import java.util.function.ToDoubleFunction;

/**
 * A per-epoch figure that early stopping and checkpoints watch, with the direction in which it improves.
 */
public enum Monitor {
  /** Training loss; lower is better. */
  LOSS("loss", EpochRecord::loss, false),
  /** Training accuracy; higher is better. */
  ACCURACY("accuracy", EpochRecord::accuracy, true),
  /** Validation loss; lower is better. */
  VAL_LOSS("val_loss", EpochRecord::valLoss, false),
  /** Validation accuracy; higher is better. */
  VAL_ACCURACY("val_accuracy", EpochRecord::valAccuracy, true);

  private final String key;
  private final ToDoubleFunction<EpochRecord> extractor;
  private final boolean higherIsBetter;

  Monitor(String key, ToDoubleFunction<EpochRecord> extractor, boolean higherIsBetter) {
    this.key = key;
    this.extractor = extractor;
    this.higherIsBetter = higherIsBetter;
  }

  /** Keras's name for the figure, e.g. {@code val_loss}. */
  public String key() {
    return key;
  }

  /** True for accuracies, false for losses. */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The figure's value in one epoch's record. */
  public double valueOf(EpochRecord record) {
    return extractor.applyAsDouble(record);
  }

  /** True when {@code candidate} beats {@code best} by more than {@code minDelta}. */
  public boolean improves(double candidate, double best, double minDelta) {
    if (Double.isNaN(candidate)) {
      return false;
    }
    return higherIsBetter ? candidate - minDelta > best : candidate + minDelta < best;
  }

  double worst() {
    return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }
}
