package io.github.covidxray.train;

/**
 * Thrown when the training loss stops being a finite number: continuing would only write NaN weights,
 * so training stops and says where it happened.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int step;
  private final double loss;

  /**
   * @param epoch 1-based epoch in which the loss diverged
   * @param step 1-based step within that epoch
   * @param loss the non-finite loss value
   */
  public TrainingDivergedException(int epoch, int step, double loss) {
    super(String.format("training loss became %s at epoch %d, step %d; lower the learning rate or check the"
        + " input data for invalid values", loss, epoch, step));
    this.epoch = epoch;
    this.step = step;
    this.loss = loss;
  }

  /** 1-based epoch in which the loss diverged. */
  public int epoch() {
    return epoch;
  }

  /** 1-based step within the epoch. */
  public int step() {
    return step;
  }

  /** The non-finite loss (NaN or infinite). */
  public double loss() {
    return loss;
  }
}
