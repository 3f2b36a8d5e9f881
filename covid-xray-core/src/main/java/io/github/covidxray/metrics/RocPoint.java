package io.github.covidxray.metrics;

/**
 * One point of a ROC curve: the rates reached when predicting positive for every score
 * {@code >= threshold}.
 *
 * @param falsePositiveRate false positives / actual negatives (1 - specificity)
 * @param truePositiveRate true positives / actual positives (sensitivity)
 * @param threshold the score threshold; +infinity for the curve's first point (0, 0)
 */
public record RocPoint(double falsePositiveRate, double truePositiveRate, double threshold) {

  /** Sensitivity at this threshold (the true positive rate). */
  public double sensitivity() {
    return truePositiveRate;
  }

  /** Specificity at this threshold ({@code 1 - falsePositiveRate}). */
  public double specificity() {
    return 1.0 - falsePositiveRate;
  }
}
