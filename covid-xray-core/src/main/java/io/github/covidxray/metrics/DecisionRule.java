package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How class probabilities become a predicted class: the tutorial's argmax, or a threshold on the
 * probability of a positive class, named rather than indexed so that a rule can never silently apply
 * to the wrong class (and a model can store it as it is).
 */
public sealed interface DecisionRule permits DecisionRule.Argmax, DecisionRule.PositiveThreshold {

  /** The criterion of a threshold given by hand rather than chosen by {@link ThresholdSelector}. */
  String FIXED_THRESHOLD = "fixed threshold";

  /** The class of highest probability; ties go to the lowest label, as numpy's {@code argmax}. */
  static DecisionRule argmax() {
    return new Argmax();
  }

  /**
   * Positive when {@code p(positiveClass) >= threshold}, with criterion {@value #FIXED_THRESHOLD} and
   * no operating point.
   *
   * @param positiveClass the class the threshold applies to, by name
   * @param threshold the threshold; not NaN, +infinity never predicts positive
   * @return the rule
   */
  static DecisionRule threshold(String positiveClass, double threshold) {
    return new PositiveThreshold(positiveClass, threshold, FIXED_THRESHOLD, Optional.empty());
  }

  /**
   * The threshold of an operating point chosen by {@link ThresholdSelector} on validation data for
   * {@code positiveClass}, keeping its criterion, sensitivity and specificity.
   *
   * @param positiveClass the class of the ROC curve the point was chosen on
   * @param point the chosen point
   * @return the rule
   */
  static DecisionRule at(String positiveClass, OperatingPoint point) {
    Objects.requireNonNull(point, "point");
    return new PositiveThreshold(positiveClass, point.threshold(), point.criterion(), Optional.of(point));
  }

  /**
   * The predicted class of one sample.
   *
   * @param probabilities the sample's class probabilities, in label order
   * @param classNames the class names in label order, one per probability
   * @return the predicted label, an index into {@code classNames}
   * @throws IllegalArgumentException if the lengths differ, or the rule's positive class is not one
   *     of {@code classNames} (the message names both)
   */
  int predict(double[] probabilities, List<String> classNames);

  /** A short description for reports, e.g. {@code argmax} or {@code p(covid) >= 0.4100 (Youden's J)}. */
  String describe();

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

  private static void checkLengths(double[] probabilities, List<String> classNames) {
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(classNames, "classNames");
    if (probabilities.length != classNames.size()) {
      throw new IllegalArgumentException(String.format(
          "%d probabilities for the %d classes %s", probabilities.length, classNames.size(), classNames));
    }
  }

  /** The tutorial's rule: {@code predIdxs = np.argmax(predIdxs, axis=1)}. */
  record Argmax() implements DecisionRule {

    @Override
    public int predict(double[] probabilities, List<String> classNames) {
      checkLengths(probabilities, classNames);
      return argmaxExcept(probabilities, -1);
    }

    @Override
    public String describe() {
      return "argmax";
    }
  }

  /**
   * Positive when {@code p(positiveClass) >= threshold}; otherwise the most probable of the other
   * classes (for two classes: the other class). A threshold of +infinity never predicts positive.
   *
   * @param positiveClass the class the threshold applies to, by name (e.g. {@code "covid"})
   * @param threshold the decision threshold on the positive class's probability; not NaN
   * @param criterion how it was chosen, e.g. "Youden's J" or "sensitivity >= 0.95"
   * @param operatingPoint the point it was chosen at, with the sensitivity and specificity it reached
   *     on validation data; empty for a threshold given by hand. When present, its threshold and
   *     criterion are this rule's
   */
  record PositiveThreshold(String positiveClass, double threshold, String criterion,
      Optional<OperatingPoint> operatingPoint) implements DecisionRule {

    /**
     * Rejects a blank class name, a NaN threshold, a blank criterion, and an operating point of
     * another threshold or criterion.
     */
    public PositiveThreshold {
      if (positiveClass == null || positiveClass.isBlank()) {
        throw new IllegalArgumentException("positiveClass must be non-blank");
      }
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("decision threshold must not be NaN");
      }
      if (criterion == null || criterion.isBlank()) {
        throw new IllegalArgumentException("criterion must be non-blank");
      }
      Objects.requireNonNull(operatingPoint, "operatingPoint");
      operatingPoint.ifPresent(point -> {
        if (Double.compare(point.threshold(), threshold) != 0 || !point.criterion().equals(criterion)) {
          throw new IllegalArgumentException("the operating point (" + point
              + ") is not of threshold " + threshold + " (" + criterion + ")");
        }
      });
    }

    @Override
    public int predict(double[] probabilities, List<String> classNames) {
      checkLengths(probabilities, classNames);
      int positive = classNames.indexOf(positiveClass);
      if (positive < 0) {
        throw new IllegalArgumentException("the decision rule's positive class '" + positiveClass
            + "' is not one of the classes " + classNames);
      }
      return probabilities[positive] >= threshold ? positive : argmaxExcept(probabilities, positive);
    }

    @Override
    public String describe() {
      return "p(" + positiveClass + ") >= " + Decimals.fixed(threshold, 4) + " (" + criterion + ")";
    }
  }
}
