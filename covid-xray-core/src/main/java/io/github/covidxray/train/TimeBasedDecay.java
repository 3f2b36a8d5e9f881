package io.github.covidxray.train;

/**
 * Keras's legacy time-based learning-rate decay, {@code lr / (1 + decay * iterations)}, which the
 * tutorial gets from {@code Adam(lr=INIT_LR, decay=INIT_LR / EPOCHS)}.
 *
 * <p>{@code iterations} counts the optimizer updates already applied, so the first step uses the
 * initial rate unchanged.
 *
 * @param initialRate learning rate of the first update
 * @param decay decay per update; 0 keeps the rate constant
 */
public record TimeBasedDecay(double initialRate, double decay) {

  /** Validates that the rate is positive and the decay non-negative. */
  public TimeBasedDecay {
    if (!(initialRate > 0) || !Double.isFinite(initialRate)) {
      throw new IllegalArgumentException("learning rate must be positive and finite, got " + initialRate);
    }
    if (!(decay >= 0) || !Double.isFinite(decay)) {
      throw new IllegalArgumentException("decay must be zero or positive and finite, got " + decay);
    }
  }

  /** The tutorial's schedule: decay = initial rate / epochs. */
  public static TimeBasedDecay tutorial(double initialRate, int epochs) {
    TrainingConfig.requireEpochs(epochs);
    return new TimeBasedDecay(initialRate, initialRate / epochs);
  }

  /** Learning rate for the update that follows {@code iterations} completed updates. */
  public double rateAt(long iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
    return initialRate / (1.0 + decay * iterations);
  }
}
