package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.Objects;

/**
 * Chooses a decision threshold on the positive class's probability from a ROC curve of
 * <em>validation</em> data (choosing it on the test set would make the test figures optimistic).
 *
 * <p>The candidates are the curve's thresholds: every distinct score, plus +infinity (never
 * positive). Lowering the threshold can only raise sensitivity and lower specificity, hence:
 * <ul>
 *   <li>{@link #forSensitivity}: the <em>highest</em> threshold whose sensitivity reaches the target,
 *       i.e. the best specificity among the thresholds that meet the sensitivity target;
 *   <li>{@link #forSpecificity}: the <em>lowest</em> threshold whose specificity still reaches the
 *       target, i.e. the best sensitivity among the thresholds that meet the specificity target
 *       (+infinity if only "never positive" meets it);
 *   <li>{@link #youden()}: the largest sensitivity + specificity - 1, the highest threshold on ties
 *       (the most conservative of equally good ones; +infinity when nothing beats chance).
 * </ul>
 * Sensitivity and specificity are compared exactly as computed from counts (9/10 meets 0.9).
 */
public final class ThresholdSelector {

  private final RocCurve curve;

  private ThresholdSelector(RocCurve curve) {
    this.curve = curve;
  }

  /** A selector over {@code validationCurve}. */
  public static ThresholdSelector on(RocCurve validationCurve) {
    return new ThresholdSelector(Objects.requireNonNull(validationCurve, "validationCurve"));
  }

  /**
   * The highest threshold with sensitivity {@code >= target}.
   *
   * @param target wanted sensitivity in (0, 1]
   */
  public OperatingPoint forSensitivity(double target) {
    checkTarget("sensitivity", target);
    for (int p = 0; p < curve.size(); p++) {
      if (curve.truePositiveRate(p) >= target) {
        return point(p, "sensitivity >= " + Decimals.plain(target));
      }
    }
    throw new IllegalStateException("the lowest threshold always reaches sensitivity 1"); // unreachable
  }

  /**
   * The lowest threshold with specificity {@code >= target}.
   *
   * @param target wanted specificity in (0, 1]
   */
  public OperatingPoint forSpecificity(double target) {
    checkTarget("specificity", target);
    for (int p = curve.size() - 1; p >= 0; p--) {
      if (specificity(p) >= target) {
        return point(p, "specificity >= " + Decimals.plain(target));
      }
    }
    throw new IllegalStateException("threshold +infinity always has specificity 1"); // unreachable
  }

  /** The threshold of largest Youden's J, the highest one on ties. */
  public OperatingPoint youden() {
    int best = 0;
    long bestScaled = Long.MIN_VALUE;
    long positives = curve.positives();
    long negatives = curve.negatives();
    for (int p = 0; p < curve.size(); p++) {
      // J * P * N = tp * N - fp * P, compared exactly in integers.
      long scaled = curve.truePositives(p) * negatives - curve.falsePositives(p) * positives;
      if (scaled > bestScaled) {
        bestScaled = scaled;
        best = p;
      }
    }
    return point(best, "Youden's J");
  }

  /** The sensitivity and specificity of a given threshold on the curve's data. */
  public OperatingPoint at(double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must not be NaN");
    }
    int p = curve.pointAt(threshold);
    return new OperatingPoint(threshold, curve.truePositiveRate(p), specificity(p), "fixed threshold");
  }

  private OperatingPoint point(int p, String criterion) {
    return new OperatingPoint(curve.threshold(p), curve.truePositiveRate(p), specificity(p), criterion);
  }

  private double specificity(int p) {
    return (double) (curve.negatives() - curve.falsePositives(p)) / curve.negatives();
  }

  private static void checkTarget(String name, double target) {
    if (!(target > 0.0 && target <= 1.0)) {
      throw new IllegalArgumentException("target " + name + " must be in (0, 1], got " + target);
    }
  }
}
