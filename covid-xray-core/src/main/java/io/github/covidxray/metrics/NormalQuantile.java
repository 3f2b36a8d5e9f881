package io.github.covidxray.metrics;

/**
 * Quantiles of the standard normal distribution, to full double precision, without a statistics
 * dependency.
 *
 * <p>Solves {@code erf(x) = level} by safeguarded Newton iteration, with erf summed from its series
 * of positive terms {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (2n+1)!!}, which has no
 * cancellation; then {@code z = x sqrt(2)}. Accurate to a few ulps for levels up to about 0.9999 (the
 * conditioning of the problem, not the method, limits levels much closer to 1).
 */
final class NormalQuantile {

  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final double UPPER_BRACKET = 6.0;

  private NormalQuantile() {}

  /**
   * The {@code z} with {@code P(|Z| <= z) = level} for a standard normal Z, e.g. 1.959963984540054
   * for 0.95 (scipy's {@code norm.isf((1 - level) / 2)}).
   */
  static double twoSided(double level) {
    ConfidenceInterval.checkLevel(level);
    double lo = 0.0;
    double hi = UPPER_BRACKET;
    double x = 1.0;
    for (int i = 0; i < 200; i++) {
      double f = erf(x) - level;
      if (f == 0.0) {
        break;
      }
      if (f < 0) {
        lo = x;
      } else {
        hi = x;
      }
      double next = x - f / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
      if (!(next > lo && next < hi)) {
        next = 0.5 * (lo + hi);
      }
      if (Math.abs(next - x) <= 2 * Math.ulp(x)) {
        x = next;
        break;
      }
      x = next;
    }
    return x * Math.sqrt(2.0);
  }

  /** The error function for {@code x >= 0}. */
  static double erf(double x) {
    if (x < 0) {
      throw new IllegalArgumentException("erf is implemented for x >= 0, got " + x);
    }
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 2000; n++) {
      term *= 2.0 * x2 / (2 * n + 1);
      sum += term;
      if (term <= sum * 1e-17) {
        break;
      }
    }
    return Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum);
  }
}
