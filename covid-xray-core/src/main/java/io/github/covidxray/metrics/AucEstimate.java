package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.Objects;

/**
 * The ROC AUC with its stratified bootstrap percentile interval.
 *
 * @param auc the AUC of the full sample
 * @param interval the percentile interval of the resampled AUCs
 * @param resamples number of bootstrap resamples
 * @param seed the seed that reproduces them
 */
public record AucEstimate(double auc, ConfidenceInterval interval, int resamples, long seed) {

  /** Rejects a missing interval and a non-positive resample count. */
  public AucEstimate {
    Objects.requireNonNull(interval, "interval");
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be positive, got " + resamples);
    }
  }

  /** Formats as {@code 0.9600 (95% CI 0.8400-1.0000, 2000 stratified bootstrap resamples)}. */
  @Override
  public String toString() {
    return Decimals.fixed(auc, 4) + " (" + interval + ", " + resamples + " stratified bootstrap resamples)";
  }
}
