package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A figure that is a count ratio, such as sensitivity = true positives / actual positives, with its
 * Wilson score interval.
 *
 * <p>A proportion with denominator 0 (sensitivity on a set without positives, PPV when nothing is
 * predicted positive) is <em>undefined</em>: {@link #value()} and {@link #interval()} are empty and
 * it prints as {@code n/a}, rather than turning into a NaN that travels on silently.
 *
 * @param numerator the count of successes
 * @param denominator the count of trials
 * @param confidenceLevel the level of {@link #interval()}, e.g. 0.95
 */
public record Proportion(long numerator, long denominator, double confidenceLevel) {

  /** Default confidence level of the intervals. */
  public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;

  /** Checks {@code 0 <= numerator <= denominator} and the level. */
  public Proportion {
    if (denominator < 0 || numerator < 0 || numerator > denominator) {
      throw new IllegalArgumentException(
          "proportion needs 0 <= numerator <= denominator, got " + numerator + "/" + denominator);
    }
    ConfidenceInterval.checkLevel(confidenceLevel);
  }

  /** {@code numerator / denominator} with a 95% interval. */
  public static Proportion of(long numerator, long denominator) {
    return new Proportion(numerator, denominator, DEFAULT_CONFIDENCE_LEVEL);
  }

  /** Whether the proportion has a value (its denominator is not 0). */
  public boolean isDefined() {
    return denominator > 0;
  }

  /** The ratio, or empty when the denominator is 0. */
  public OptionalDouble value() {
    return isDefined() ? OptionalDouble.of((double) numerator / denominator) : OptionalDouble.empty();
  }

  /** The Wilson score interval, or empty when the denominator is 0. */
  public Optional<ConfidenceInterval> interval() {
    return isDefined()
        ? Optional.of(WilsonInterval.of(numerator, denominator, confidenceLevel))
        : Optional.empty();
  }

  /**
   * Formats as {@code 1.0000 (95% CI 0.5655-1.0000, n=5)}, or {@code n/a (n=0)} when undefined;
   * {@code n} is the denominator.
   */
  @Override
  public String toString() {
    if (!isDefined()) {
      return "n/a (n=0)";
    }
    return Decimals.fixed(value().getAsDouble(), 4) + " (" + interval().orElseThrow() + ", n=" + denominator + ")";
  }
}
