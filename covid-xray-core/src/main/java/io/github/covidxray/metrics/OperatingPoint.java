package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;

/**
 * A decision threshold on the positive class's probability with the sensitivity and specificity it
 * reached on the data it was chosen on (validation data, never the test set).
 *
 * @param threshold predict positive when {@code p(positive) >= threshold}; +infinity means never
 * @param sensitivity true positive rate at the threshold, on the selection data
 * @param specificity true negative rate at the threshold, on the selection data
 * @param criterion how the threshold was chosen, e.g. {@code sensitivity >= 0.95} or
 *     {@code Youden's J}
 */
public record OperatingPoint(double threshold, double sensitivity, double specificity, String criterion) {

  /** Rejects a NaN threshold, rates outside [0, 1] and a blank criterion. */
  public OperatingPoint {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must not be NaN");
    }
    if (!(sensitivity >= 0 && sensitivity <= 1) || !(specificity >= 0 && specificity <= 1)) {
      throw new IllegalArgumentException(
          "sensitivity and specificity must be in [0, 1], got " + sensitivity + " and " + specificity);
    }
    if (criterion == null || criterion.isBlank()) {
      throw new IllegalArgumentException("criterion must be non-blank");
    }
  }

  /** Youden's J = sensitivity + specificity - 1. */
  public double youdenJ() {
    return sensitivity + specificity - 1.0;
  }

  /** {@code 1 - specificity}, the x coordinate on a ROC plot. */
  public double falsePositiveRate() {
    return 1.0 - specificity;
  }

  /** Formats as {@code threshold 0.4100 (Youden's J): sensitivity 0.9000, specificity 0.8000}. */
  @Override
  public String toString() {
    return "threshold " + Decimals.fixed(threshold, 4) + " (" + criterion + "): sensitivity "
        + Decimals.fixed(sensitivity, 4) + ", specificity " + Decimals.fixed(specificity, 4);
  }
}
