package io.github.covidxray.metrics;

/**
 * The Wilson score interval for a binomial proportion, without continuity correction (statsmodels
 * {@code proportion_confint(k, n, alpha, method="wilson")}).
 *
 * <p>Chosen over the normal (Wald) interval because it stays inside [0, 1] and keeps a sensible
 * width at 0/n and n/n, which the tutorial's 5-image classes hit all the time: 5/5 gives
 * 0.5655-1.0000 at 95%. At {@code k = 0} the lower bound is exactly 0 and at {@code k = n} the upper
 * bound exactly 1 (the formula's value, without its rounding residue of about 1e-17).
 */
final class WilsonInterval {

  private WilsonInterval() {}

  /**
   * The interval for {@code successes} out of {@code trials} at confidence {@code level}.
   *
   * @throws IllegalArgumentException if {@code trials < 1}, {@code successes} is outside
   *     {@code [0, trials]} or the level is outside (0, 1)
   */
  public static ConfidenceInterval of(long successes, long trials, double level) {
    if (trials < 1) {
      throw new IllegalArgumentException(
          "Wilson interval needs at least one trial, got trials=" + trials + " (a 0/0 proportion is undefined)");
    }
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "successes must be in [0, trials], got " + successes + " of " + trials);
    }
    double z = NormalQuantile.twoSided(level);
    double n = trials;
    double q = successes / n;
    double z2 = z * z;
    double denominator = 1.0 + z2 / n;
    double center = (q + z2 / (2.0 * n)) / denominator;
    double halfWidth = z * Math.sqrt(q * (1.0 - q) / n + z2 / (4.0 * n * n)) / denominator;
    double lower = successes == 0 ? 0.0 : Math.max(0.0, center - halfWidth);
    double upper = successes == trials ? 1.0 : Math.min(1.0, center + halfWidth);
    return new ConfidenceInterval(lower, upper, level);
  }
}
