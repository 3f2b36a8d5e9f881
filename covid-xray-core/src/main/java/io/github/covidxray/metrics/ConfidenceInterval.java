package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;

/**
 * A two-sided confidence interval for a figure in [0, 1].
 *
 * @param lower lower bound
 * @param upper upper bound
 * @param level confidence level, e.g. 0.95
 */
public record ConfidenceInterval(double lower, double upper, double level) {

  /** Rejects NaN bounds, reversed bounds and levels outside (0, 1). */
  public ConfidenceInterval {
    checkLevel(level);
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
      throw new IllegalArgumentException(
          "confidence interval bounds must satisfy lower <= upper, got " + lower + " and " + upper);
    }
  }

  /** Whether {@code value} lies in the closed interval. */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }

  /** Formats as {@code 95% CI 0.5655-1.0000}, with 4 decimals. */
  @Override
  public String toString() {
    return Decimals.percent(level) + " CI " + Decimals.fixed(lower, 4) + "-" + Decimals.fixed(upper, 4);
  }

  /** Shared validation of a confidence level: strictly between 0 and 1. */
  static double checkLevel(double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), e.g. 0.95; got " + level);
    }
    return level;
  }
}
