package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The ROC curve of scores for one named positive class, with its AUC.
 *
 * <p>Points as scikit-learn's {@code roc_curve(y, scores, drop_intermediate=False)}: one point per
 * distinct score, thresholds decreasing, preceded by (0, 0) at threshold +infinity (scikit-learn 1.3
 * and later; earlier versions used {@code max(score) + 1}). No intermediate point is dropped, so every
 * distinct score is a candidate threshold for {@link ThresholdSelector}. Tied scores form one point,
 * which makes the curve a diagonal segment across them.
 *
 * <p>The AUC is the trapezoidal area under those points (scikit-learn's {@code roc_auc_score}),
 * computed from the integer counts and divided once, which equals the Mann-Whitney probability that a
 * random positive scores above a random negative, ties counting one half.
 */
public final class RocCurve {

  private final String positiveClass;
  private final boolean[] actualPositive;
  private final double[] scores;
  private final int positives;
  private final int negatives;
  /** Distinct thresholds, decreasing, with +infinity first. */
  private final double[] thresholds;
  /** Cumulative true / false positives at each threshold (counts of score >= threshold). */
  private final int[] truePositives;
  private final int[] falsePositives;
  private final double auc;

  private RocCurve(String positiveClass, boolean[] actualPositive, double[] scores) {
    this.positiveClass = positiveClass;
    this.actualPositive = actualPositive;
    this.scores = scores;
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double[] thr = new double[n + 1];
    int[] tp = new int[n + 1];
    int[] fp = new int[n + 1];
    thr[0] = Double.POSITIVE_INFINITY;
    int points = 1;
    int tpCount = 0;
    int fpCount = 0;
    for (int r = 0; r < n; r++) {
      int i = order[r];
      if (actualPositive[i]) {
        tpCount++;
      } else {
        fpCount++;
      }
      boolean lastOfTie = r == n - 1 || scores[order[r + 1]] != scores[i];
      if (lastOfTie) {
        thr[points] = scores[i];
        tp[points] = tpCount;
        fp[points] = fpCount;
        points++;
      }
    }
    this.positives = tpCount;
    this.negatives = fpCount;
    this.thresholds = Arrays.copyOf(thr, points);
    this.truePositives = Arrays.copyOf(tp, points);
    this.falsePositives = Arrays.copyOf(fp, points);
    long twiceArea = 0;
    for (int p = 1; p < points; p++) {
      twiceArea += (long) (falsePositives[p] - falsePositives[p - 1]) * (truePositives[p] + truePositives[p - 1]);
    }
    this.auc = twiceArea / (2.0 * positives * negatives);
  }

  /**
   * The curve of {@code scores} (typically the predicted probability of {@code positiveClass}).
   *
   * @param positiveClass name of the class the scores are for
   * @param actualPositive whether each sample truly belongs to the positive class
   * @param scores one finite score per sample; higher means more likely positive
   * @throws IllegalArgumentException on mismatched or empty arrays, non-finite scores, or when the
   *     samples hold no positive or no negative (the ROC curve is then undefined, as in scikit-learn)
   */
  public static RocCurve of(String positiveClass, boolean[] actualPositive, double[] scores) {
    if (positiveClass == null || positiveClass.isBlank()) {
      throw new IllegalArgumentException("positiveClass must be named");
    }
    Objects.requireNonNull(actualPositive, "actualPositive");
    Objects.requireNonNull(scores, "scores");
    if (actualPositive.length != scores.length) {
      throw new IllegalArgumentException(String.format(
          "actualPositive has %d samples but scores has %d", actualPositive.length, scores.length));
    }
    int positives = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException("scores[" + i + "] is not finite: " + scores[i]);
      }
      if (actualPositive[i]) {
        positives++;
      }
    }
    if (positives == 0 || positives == scores.length) {
      throw new IllegalArgumentException(String.format(
          "ROC curve for '%s' needs both positive and negative samples; got %d positives and %d negatives",
          positiveClass, positives, scores.length - positives));
    }
    double[] normalised = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      normalised[i] = scores[i] + 0.0; // -0.0 becomes 0.0: one tie, one threshold
    }
    return new RocCurve(positiveClass, actualPositive.clone(), normalised);
  }

  /** Name of the positive class. */
  public String positiveClass() {
    return positiveClass;
  }

  /** Number of actual positives. */
  public int positives() {
    return positives;
  }

  /** Number of actual negatives. */
  public int negatives() {
    return negatives;
  }

  /** Area under the curve, in [0, 1]. */
  public double auc() {
    return auc;
  }

  /** The points, from (0, 0) at threshold +infinity to (1, 1) at the lowest score. */
  public List<RocPoint> points() {
    List<RocPoint> points = new ArrayList<>(thresholds.length);
    for (int p = 0; p < thresholds.length; p++) {
      points.add(new RocPoint(falsePositiveRate(p), truePositiveRate(p), thresholds[p]));
    }
    return List.copyOf(points);
  }

  /** Number of points. */
  public int size() {
    return thresholds.length;
  }

  /** A copy of the scores the curve was built from. */
  public double[] scores() {
    return scores.clone();
  }

  /** A copy of the truth the curve was built from. */
  public boolean[] actualPositive() {
    return actualPositive.clone();
  }

  double threshold(int point) {
    return thresholds[point];
  }

  int truePositives(int point) {
    return truePositives[point];
  }

  int falsePositives(int point) {
    return falsePositives[point];
  }

  double truePositiveRate(int point) {
    return (double) truePositives[point] / positives;
  }

  double falsePositiveRate(int point) {
    return (double) falsePositives[point] / negatives;
  }

  /** Index of the point for {@code threshold}: the last point whose threshold is >= it. */
  int pointAt(double threshold) {
    int lo = 0;
    int hi = thresholds.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (thresholds[mid] >= threshold) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Read-only view of the scores for the bootstrap (no copy; -0.0 already folded into 0.0). */
  double[] scoresView() {
    return scores;
  }

  /** Read-only view of the truth for the bootstrap (no copy). */
  boolean[] actualPositiveView() {
    return actualPositive;
  }

  /** Summary with the AUC, e.g. {@code ROC curve for 'covid': 6 points, 5 positives, 5 negatives, AUC 0.9600}. */
  @Override
  public String toString() {
    return String.format("ROC curve for '%s': %d points, %d positives, %d negatives, AUC %s",
        positiveClass, thresholds.length, positives, negatives, Decimals.fixed(auc, 4));
  }
}
