package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionRuleTest {

  private static final List<String> COVID_NORMAL = List.of("covid", "normal");

  @Test
  void theThresholdFindsItsClassByNameWhateverTheLabelOrder() {
    DecisionRule rule = DecisionRule.threshold("covid", 0.5);
    double[] p = {0.3, 0.7};

    // covid first: p(covid) = 0.3 < 0.5, so the other class; covid second: p(covid) = 0.7 >= 0.5.
    assertThat(COVID_NORMAL.get(rule.predict(p, COVID_NORMAL))).isEqualTo("normal");
    List<String> normalFirst = List.of("normal", "covid");
    assertThat(normalFirst.get(rule.predict(p, normalFirst))).isEqualTo("covid");
  }

  @Test
  void belowTheThresholdTheMostProbableOtherClassWinsAndTheThresholdItselfIsPositive() {
    List<String> three = List.of("covid", "normal", "pneumonia");
    DecisionRule onNormal = DecisionRule.threshold("normal", 0.3);

    assertThat(onNormal.predict(new double[] {0.5, 0.3, 0.2}, three)).as("p(normal) = threshold").isEqualTo(1);
    assertThat(onNormal.predict(new double[] {0.2, 0.29, 0.51}, three)).isEqualTo(2);
    assertThat(onNormal.predict(new double[] {0.6, 0.29, 0.11}, three)).isEqualTo(0);
    assertThat(DecisionRule.threshold("covid", Double.POSITIVE_INFINITY).predict(new double[] {1, 0}, COVID_NORMAL))
        .as("+infinity never predicts positive").isEqualTo(1);
    assertThat(DecisionRule.argmax().predict(new double[] {0.2, 0.4, 0.4}, three))
        .as("argmax ties go to the lowest label").isEqualTo(1);
  }

  @Test
  void aClassThatIsNotAmongTheNamesIsAClearError() {
    assertThatThrownBy(() -> DecisionRule.threshold("pneumonia", 0.5).predict(new double[] {0.5, 0.5}, COVID_NORMAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pneumonia'").hasMessageContaining("[covid, normal]");
    assertThatThrownBy(() -> DecisionRule.argmax().predict(new double[] {0.2, 0.3, 0.5}, COVID_NORMAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 probabilities").hasMessageContaining("[covid, normal]");
  }

  @Test
  void describesItselfWithoutBeingToldTheClass() {
    OperatingPoint point = new OperatingPoint(0.41, 0.9, 0.8, "Youden's J");

    assertThat(DecisionRule.argmax().describe()).isEqualTo("argmax");
    assertThat(DecisionRule.threshold("covid", 0.3).describe()).isEqualTo("p(covid) >= 0.3000 (fixed threshold)");
    assertThat(DecisionRule.at("normal", point).describe()).isEqualTo("p(normal) >= 0.4100 (Youden's J)");
  }

  @Test
  void aChosenThresholdKeepsItsOperatingPointAndAHandGivenOneHasNone() {
    OperatingPoint point = new OperatingPoint(0.41, 0.9, 0.8, "Youden's J");

    assertThat(DecisionRule.at("covid", point))
        .isEqualTo(new DecisionRule.PositiveThreshold("covid", 0.41, "Youden's J", Optional.of(point)));
    assertThat(DecisionRule.threshold("covid", 0.41))
        .isEqualTo(new DecisionRule.PositiveThreshold("covid", 0.41, DecisionRule.FIXED_THRESHOLD, Optional.empty()));
  }

  @Test
  void refusesBlankClassesNaNAndAnOperatingPointOfAnotherThreshold() {
    OperatingPoint point = new OperatingPoint(0.41, 0.9, 0.8, "Youden's J");

    assertThatThrownBy(() -> DecisionRule.threshold(" ", 0.5)).hasMessageContaining("positiveClass");
    assertThatThrownBy(() -> DecisionRule.threshold("covid", Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> new DecisionRule.PositiveThreshold("covid", 0.5, "Youden's J", Optional.of(point)))
        .hasMessageContaining("not of threshold 0.5");
    assertThatThrownBy(() -> new DecisionRule.PositiveThreshold("covid", 0.41, "other", Optional.of(point)))
        .hasMessageContaining("(other)");
  }

  @Test
  void anEvaluationRefusesAThresholdOnAnotherClassThanItsPositiveOne() {
    Metrics covid = Metrics.builder().classNames(COVID_NORMAL).positiveClass("covid").bootstrapResamples(10).build();
    int[] truth = {0, 1};
    double[][] p = {{0.8, 0.2}, {0.3, 0.7}};

    assertThatThrownBy(() -> covid.evaluate(truth, p, DecisionRule.threshold("normal", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'normal'").hasMessageContaining("positive class is 'covid'");
    Evaluation argmax = covid.evaluate(truth, p);
    assertThatThrownBy(() -> argmax.withDecisionRule(DecisionRule.threshold("pneumonia", 0.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pneumonia'");
    assertThat(argmax.withDecisionRule(DecisionRule.threshold("covid", 0.9)).predictions()).containsExactly(1, 1);
  }
}
