package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.Objects;

/**
 * How class probabilities become a predicted class: the tutorial's argmax, or a threshold on the
 * probability of the positive class chosen for a wanted sensitivity / specificity trade-off.
 */
public sealed interface DecisionRule permits DecisionRule.Argmax, DecisionRule.PositiveThreshold {

  /** The class of highest probability; ties go to the lowest label, as numpy's {@code argmax}. */
  static DecisionRule argmax() {
    return new Argmax();
  }

  /** Positive when {@code p(positive) >= threshold}, with criterion "fixed threshold". */
  static DecisionRule threshold(double threshold) {
    return new PositiveThreshold(threshold, "fixed threshold");
  }

  /** The threshold of an operating point chosen by {@link ThresholdSelector}, keeping its criterion. */
  static DecisionRule at(OperatingPoint point) {
    Objects.requireNonNull(point, "point");
    return new PositiveThreshold(point.threshold(), point.criterion());
  }

  /**
   * The predicted class of one sample.
   *
   * @param probabilities the sample's class probabilities, in label order
   * @param positiveIndex label of the positive class
   */
  int predict(double[] probabilities, int positiveIndex);

  /** A short description for reports, naming the positive class, e.g. {@code p(covid) >= 0.4100}. */
  String describe(String positiveClass);

  /** Index of the largest value, the first one on ties (numpy's argmax); skips {@code skip} if >= 0. */
  private static int argmaxExcept(double[] values, int skip) {
    int best = -1;
    for (int i = 0; i < values.length; i++) {
      if (i != skip && (best < 0 || values[i] > values[best])) {
        best = i;
      }
    }
    return best;
  }

  /** The tutorial's rule: {@code predIdxs = np.argmax(predIdxs, axis=1)}. */
  record Argmax() implements DecisionRule {

    @Override
    public int predict(double[] probabilities, int positiveIndex) {
      return argmaxExcept(probabilities, -1);
    }

    @Override
    public String describe(String positiveClass) {
      return "argmax";
    }
  }

  /**
   * Positive when {@code p(positive) >= threshold}; otherwise the most probable of the other classes
   * (for two classes: the other class). A threshold of +infinity never predicts positive.
   *
   * @param threshold the decision threshold on the positive class's probability; not NaN
   * @param criterion how it was chosen, e.g. "Youden's J" or "sensitivity >= 0.95"
   */
  record PositiveThreshold(double threshold, String criterion) implements DecisionRule {

    /** Rejects a NaN threshold and a blank criterion. */
    public PositiveThreshold {
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("decision threshold must not be NaN");
      }
      if (criterion == null || criterion.isBlank()) {
        throw new IllegalArgumentException("criterion must be non-blank");
      }
    }

    @Override
    public int predict(double[] probabilities, int positiveIndex) {
      return probabilities[positiveIndex] >= threshold
          ? positiveIndex
          : argmaxExcept(probabilities, positiveIndex);
    }

    @Override
    public String describe(String positiveClass) {
      return "p(" + positiveClass + ") >= " + Decimals.fixed(threshold, 4) + " (" + criterion + ")";
    }
  }
}
