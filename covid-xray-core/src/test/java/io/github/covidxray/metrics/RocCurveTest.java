package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ROC curves and AUC against scikit-learn (fixtures/metrics/roc_curves.json). */
class RocCurveTest {

  static Stream<Named<JsonNode>> sklearnCases() {
    return Fixtures.cases("roc_curves.json").stream().map(c -> Named.of(c.get("name").textValue(), c));
  }

  static RocCurve curveOf(JsonNode c) {
    int[] labels = Fixtures.ints(c.get("y_true"));
    boolean[] positive = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      positive[i] = labels[i] == 1;
    }
    return RocCurve.of("covid", positive, Fixtures.doubles(c.get("scores")));
  }

  @ParameterizedTest
  @MethodSource("sklearnCases")
  void pointsMatchRocCurveWithoutDroppedIntermediates(JsonNode c) {
    List<RocPoint> points = curveOf(c).points();
    double[] fpr = Fixtures.doubles(c.get("fpr"));
    double[] tpr = Fixtures.doubles(c.get("tpr"));
    double[] thresholds = Fixtures.doubles(c.get("thresholds_from_second"));

    assertThat(points).hasSize(fpr.length);
    assertThat(points.get(0).threshold()).isEqualTo(Double.POSITIVE_INFINITY);
    for (int i = 0; i < points.size(); i++) {
      assertThat(points.get(i).falsePositiveRate()).as("fpr[%d]", i).isEqualTo(fpr[i]);
      assertThat(points.get(i).truePositiveRate()).as("tpr[%d]", i).isEqualTo(tpr[i]);
      if (i > 0) {
        assertThat(points.get(i).threshold()).as("threshold[%d]", i).isEqualTo(thresholds[i - 1]);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("sklearnCases")
  void aucMatchesRocAucScore(JsonNode c) {
    RocCurve curve = curveOf(c);

    assertThat(curve.auc()).isCloseTo(c.get("roc_auc_score").doubleValue(), within(1e-12));
    assertThat(curve.auc()).isCloseTo(c.get("trapezoid_auc_all_points").doubleValue(), within(1e-12));
  }

  @ParameterizedTest
  @MethodSource("sklearnCases")
  void aucIsTheMannWhitneyProbabilityWithHalfTies(JsonNode c) {
    int[] labels = Fixtures.ints(c.get("y_true"));
    double[] scores = Fixtures.doubles(c.get("scores"));
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        if (labels[i] == 1 && labels[j] == 0) {
          pairs++;
          wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
        }
      }
    }

    assertThat(curveOf(c).auc()).isCloseTo(wins / pairs, within(1e-15));
  }

  @Test
  void countsClassesAndKeepsItsInputs() {
    boolean[] positive = {true, false, true};
    double[] scores = {0.9, 0.4, 0.3};
    RocCurve curve = RocCurve.of("covid", positive, scores);
    positive[0] = false;
    scores[0] = 0.0;

    assertThat(curve.positives()).isEqualTo(2);
    assertThat(curve.negatives()).isEqualTo(1);
    assertThat(curve.scores()).containsExactly(0.9, 0.4, 0.3);
    assertThat(curve.auc()).isEqualTo(0.5);
    assertThat(curve.toString()).contains("'covid'").contains("AUC 0.5000");
  }

  @Test
  void needsBothClassesAndFiniteScores() {
    assertThatThrownBy(() -> RocCurve.of("covid", new boolean[] {true, true}, new double[] {0.1, 0.2}))
        .hasMessageContaining("2 positives and 0 negatives");
    assertThatThrownBy(() -> RocCurve.of("covid", new boolean[] {false}, new double[] {0.1}))
        .hasMessageContaining("0 positives");
    assertThatThrownBy(() -> RocCurve.of("covid", new boolean[] {true, false}, new double[] {0.1, Double.NaN}))
        .hasMessageContaining("scores[1]");
    assertThatThrownBy(() -> RocCurve.of("covid", new boolean[] {true, false}, new double[] {0.1}))
        .hasMessageContaining("2 samples");
    assertThatThrownBy(() -> RocCurve.of(" ", new boolean[] {true, false}, new double[] {0.1, 0.2}))
        .hasMessageContaining("positiveClass");
  }
}
