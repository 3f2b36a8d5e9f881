package io.github.covidxray.model;

import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.OperatingPoint;
import java.util.Objects;

/**
 * A decision threshold on the probability of a named positive class, chosen on validation data
 * (e.g. by {@link io.github.covidxray.metrics.ThresholdSelector}), that a model stores and applies to
 * its predictions instead of the argmax: an image is predicted positive when
 * {@code p(positiveClass) >= threshold}, otherwise the most probable other class.
 *
 * @param positiveClass the class the threshold applies to, by name (e.g. {@code "covid"})
 * @param operatingPoint the threshold with the sensitivity and specificity it reached on the
 *     validation data and how it was chosen
 */
public record DecisionThreshold(String positiveClass, OperatingPoint operatingPoint) {

  /** Rejects a blank class name and a missing operating point. */
  public DecisionThreshold {
    Objects.requireNonNull(positiveClass, "positiveClass");
    if (positiveClass.isBlank()) {
      throw new IllegalArgumentException("positiveClass must not be blank");
    }
    Objects.requireNonNull(operatingPoint, "operatingPoint");
  }

  /** The threshold on {@code p(positiveClass)}. */
  public double threshold() {
    return operatingPoint.threshold();
  }

  /** The rule to hand to {@link io.github.covidxray.metrics.Metrics#evaluate} and the like. */
  public DecisionRule rule() {
    return DecisionRule.at(operatingPoint);
  }

  /** E.g. {@code p(covid) >= 0.4100 (Youden's J)}. */
  @Override
  public String toString() {
    return rule().describe(positiveClass);
  }
}
