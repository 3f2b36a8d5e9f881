package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The report against texts that scikit-learn printed (fixtures/metrics/classification_reports.json). */
class ClassificationReportTest {

  static Stream<Named<JsonNode>> sklearnCases() {
    return Fixtures.cases("classification_reports.json").stream()
        .map(c -> Named.of(c.get("name").textValue(), c));
  }

  @ParameterizedTest
  @MethodSource("sklearnCases")
  void matchesScikitLearnToTheCharacter(JsonNode c) {
    ConfusionMatrix matrix = ConfusionMatrix.of(
        Fixtures.strings(c.get("target_names")), Fixtures.ints(c.get("y_true")), Fixtures.ints(c.get("y_pred")));

    String report = ClassificationReport.of(matrix, c.get("digits").intValue()).toString();

    assertThat(report).isEqualTo(c.get("report").textValue());
  }

  @ParameterizedTest
  @MethodSource("sklearnCases")
  void confusionMatrixMatchesScikitLearnAndPrintsLikeNumpy(JsonNode c) {
    ConfusionMatrix matrix = ConfusionMatrix.of(
        Fixtures.strings(c.get("target_names")), Fixtures.ints(c.get("y_true")), Fixtures.ints(c.get("y_pred")));

    assertThat(matrix.toArray()).isDeepEqualTo(Fixtures.matrix(c.get("confusion_matrix")));
    assertThat(matrix.toString()).isEqualTo(c.get("confusion_matrix_str").textValue());
  }

  @Test
  void f1IsComputedFromCountsAsCurrentScikitLearnDoes() {
    // scikit-learn 1.9.1 prints macro F1 0.38 here: (12/16 + 0) / 2 = 0.375 exactly, rounded half to
    // even. scikit-learn < 1.4 computed F1 as 2pr/(p+r) = 0.7499999999999999 and printed 0.37.
    ConfusionMatrix matrix = ConfusionMatrix.ofCounts(List.of("covid", "normal"), new long[][] {{6, 0}, {4, 0}});

    assertThat(ClassificationReport.of(matrix).toString()).isEqualTo(String.join("\n",
        "              precision    recall  f1-score   support",
        "",
        "       covid       0.60      1.00      0.75         6",
        "      normal       0.00      0.00      0.00         4",
        "",
        "    accuracy                           0.60        10",
        "   macro avg       0.30      0.50      0.38        10",
        "weighted avg       0.36      0.60      0.45        10",
        ""));
  }

  @Test
  void classInNeitherTruthNorPredictionsIsListedUnderAccuracyHeading() {
    // Text printed by scikit-learn 1.9.1 for labels=[0, 1, 2] (1.2 titled the row "micro avg").
    ConfusionMatrix matrix = ConfusionMatrix.of(List.of("covid", "normal", "other"),
        new int[] {0, 0, 0, 1, 1, 1, 1}, new int[] {0, 0, 1, 1, 1, 1, 1});

    assertThat(ClassificationReport.of(matrix).toString()).isEqualTo(String.join("\n",
        "              precision    recall  f1-score   support",
        "",
        "       covid       1.00      0.67      0.80         3",
        "      normal       0.80      1.00      0.89         4",
        "       other       0.00      0.00      0.00         0",
        "",
        "    accuracy                           0.86         7",
        "   macro avg       0.60      0.56      0.56         7",
        "weighted avg       0.89      0.86      0.85         7",
        ""));
  }

  @Test
  void allWrongPrintsIntegerSupportsWhereScikitLearnPrintsFloats() {
    // scikit-learn (1.2 and 1.9) prints "3.0" / "4.0" / "7.0" in the support column here; this is
    // the documented deviation: supports are always integers.
    ConfusionMatrix matrix = ConfusionMatrix.ofCounts(List.of("covid", "normal"), new long[][] {{0, 3}, {4, 0}});

    assertThat(ClassificationReport.of(matrix).toString()).isEqualTo(String.join("\n",
        "              precision    recall  f1-score   support",
        "",
        "       covid       0.00      0.00      0.00         3",
        "      normal       0.00      0.00      0.00         4",
        "",
        "    accuracy                           0.00         7",
        "   macro avg       0.00      0.00      0.00         7",
        "weighted avg       0.00      0.00      0.00         7",
        ""));
  }

  @Test
  void valuesAreTheRatiosOfTheCounts() {
    // covid: tp 9, predicted 14, support 12; normal: tp 83, predicted 86, support 88.
    ConfusionMatrix matrix = ConfusionMatrix.ofCounts(List.of("covid", "normal"), new long[][] {{9, 3}, {5, 83}});
    ClassificationReport report = ClassificationReport.of(matrix);

    ClassificationReport.Row covid = report.classRows().get(0);
    assertThat(covid.precision()).isEqualTo(9.0 / 14);
    assertThat(covid.recall()).isEqualTo(9.0 / 12);
    assertThat(covid.f1()).isEqualTo(18.0 / 26);
    assertThat(covid.support()).isEqualTo(12);
    assertThat(report.accuracy()).isEqualTo(92.0 / 100);
    assertThat(report.macroAverage().recall()).isEqualTo((9.0 / 12 + 83.0 / 88) / 2);
    assertThat(report.weightedAverage().precision()).isCloseTo((9.0 / 14 * 12 + 83.0 / 86 * 88) / 100,
        org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void zeroDivisionIsReportedAsZeroWithAWarning() {
    ConfusionMatrix neverPredicted = ConfusionMatrix.ofCounts(List.of("covid", "normal"), new long[][] {{7, 0}, {3, 0}});
    ConfusionMatrix neverTrue = ConfusionMatrix.ofCounts(List.of("covid", "normal"), new long[][] {{7, 3}, {0, 0}});
    ConfusionMatrix allDefined = ConfusionMatrix.ofCounts(List.of("covid", "normal"), new long[][] {{7, 3}, {1, 2}});

    ClassificationReport report = ClassificationReport.of(neverPredicted);
    ClassificationReport.Row normal = report.classRows().get(1);
    assertThat(normal.precision()).isZero();
    assertThat(normal.f1()).isZero();
    assertThat(report.warnings()).singleElement().asString()
        .startsWith("Precision and F-score are ill-defined").endsWith("[normal]");
    assertThat(ClassificationReport.of(neverTrue).warnings()).singleElement().asString()
        .startsWith("Recall and F-score are ill-defined").endsWith("[normal]");
    assertThat(ClassificationReport.of(neverTrue).classRows().get(1).recall()).isZero();
    assertThat(ClassificationReport.of(allDefined).warnings()).isEmpty();
  }

  @Test
  void rejectsBadDigits() {
    ConfusionMatrix matrix = ConfusionMatrix.ofCounts(List.of("a", "b"), new long[][] {{1, 0}, {0, 1}});

    assertThatThrownBy(() -> ClassificationReport.of(matrix, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits");
  }
}
