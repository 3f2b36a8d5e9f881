package io.github.covidxray.metrics;

import io.github.covidxray.SdkInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvaluationTableTest {

  private static final Metrics COVID = Metrics.builder()
      .classNames("covid", "normal").positiveClass("covid").bootstrapResamples(100).build();
  private static final int[] TRUTH = {0, 0, 0, 0, 1, 1, 1, 1};
  private static final double[][] P = {
      {0.9, 0.1}, {0.6, 0.4}, {0.35, 0.65}, {0.2, 0.8}, {0.45, 0.55}, {0.3, 0.7}, {0.1, 0.9}, {0.05, 0.95}};

  @Test
  void putsArgmaxAndThresholdSideBySide() {
    Evaluation argmax = COVID.evaluate(TRUTH, P);
    // J = 0.5 at 0.6, 0.35 and 0.2; the highest, 0.6, is chosen. AUC: positives 0.9 0.6 0.35 0.2
    // against negatives 0.45 0.3 0.1 0.05 win 4 + 4 + 3 + 2 = 13 of 16 pairs = 0.8125.
    Evaluation youden = argmax.withDecisionRule(
        DecisionRule.at("covid", ThresholdSelector.on(argmax.rocCurve().orElseThrow()).youden()));

    String table = EvaluationTable.of(argmax, youden).toString();
    String[] lines = table.split("\n");

    assertThat(lines[0]).isEqualTo("positive class: covid, n=8");
    assertThat(lines[1]).startsWith("metric       argmax").endsWith("p(covid) >= 0.6000 (Youden's J)");
    assertThat(lines[3].split(" {2,}"))
        .containsExactly("sensitivity", argmax.sensitivity().toString(), youden.sensitivity().toString());
    assertThat(lines[4].split(" {2,}"))
        .containsExactly("specificity", argmax.specificity().toString(), youden.specificity().toString());
    assertThat(youden.sensitivity()).isEqualTo(Proportion.of(2, 4));
    assertThat(youden.specificity()).isEqualTo(Proportion.of(4, 4));
    assertThat(lines[2]).startsWith("accuracy ");
    assertThat(lines[5]).startsWith("PPV ");
    assertThat(lines[6]).startsWith("NPV ");
    AucEstimate auc = argmax.auc().orElseThrow();
    assertThat(lines[7].split(" {2,}")).containsExactly("AUC", "0.8125 (" + auc.interval() + ")", "0.8125 (" + auc.interval() + ")");
    assertThat(lines[8]).isEqualTo("Intervals: Wilson score; AUC: stratified bootstrap, 100 resamples, seed 42");
    assertThat(lines[9]).isEqualTo(SdkInfo.RESEARCH_USE_NOTICE);
    // columns line up: every cell of the second column starts at the same offset
    int column = lines[1].indexOf("argmax");
    assertThat(lines[3].indexOf(argmax.sensitivity().toString())).isEqualTo(column);
    assertThat(lines[7].indexOf("0.8125")).isEqualTo(column);
    int secondColumn = lines[1].indexOf("p(covid)");
    assertThat(lines[3].lastIndexOf(youden.sensitivity().toString())).isEqualTo(secondColumn);
  }

  @Test
  void refusesEvaluationsOfDifferentData() {
    Evaluation a = COVID.evaluate(TRUTH, P);
    Evaluation b = COVID.evaluate(new int[] {0, 1}, new double[][] {{1, 0}, {0, 1}});

    assertThatThrownBy(() -> EvaluationTable.of(a, b)).hasMessageContaining("same data");
    assertThatThrownBy(EvaluationTable::of).hasMessageContaining("at least one");
  }
}
