package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.SdkInfo;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsTest {

  private static final Metrics COVID = Metrics.builder()
      .classNames("covid", "normal").positiveClass("covid").bootstrapResamples(200).build();

  /** Probabilities whose argmax is {@code predicted}: 0.7 on it, the rest spread evenly. */
  private static double[][] probabilitiesFor(int[] predicted, int numClasses) {
    double[][] p = new double[predicted.length][numClasses];
    for (int i = 0; i < predicted.length; i++) {
      for (int c = 0; c < numClasses; c++) {
        p[i][c] = c == predicted[i] ? 0.7 : 0.3 / (numClasses - 1);
      }
    }
    return p;
  }

  static Stream<Named<JsonNode>> twoClassCases() {
    return Fixtures.cases("classification_reports.json").stream()
        .filter(c -> c.has("tutorial"))
        .map(c -> Named.of(c.get("name").textValue(), c));
  }

  @ParameterizedTest
  @MethodSource("twoClassCases")
  void sensitivityAndSpecificityAreTheTutorialsFormulas(JsonNode c) {
    int[] truth = Fixtures.ints(c.get("y_true"));
    int[] predicted = Fixtures.ints(c.get("y_pred"));
    Metrics metrics = Metrics.builder().classNames(Fixtures.strings(c.get("target_names")))
        .positiveClass(c.get("target_names").get(0).textValue()).bootstrapResamples(50).build();

    Evaluation evaluation = metrics.evaluate(truth, probabilitiesFor(predicted, 2));
    long[][] cm = evaluation.confusionMatrix().toArray();

    assertThat(evaluation.predictions()).containsExactly(predicted);
    // train_covid19.py: sensitivity = cm[0, 0] / (cm[0, 0] + cm[0, 1]); specificity = cm[1, 1] / (cm[1, 0] + cm[1, 1])
    assertThat(evaluation.sensitivity().value()).hasValue((double) cm[0][0] / (cm[0][0] + cm[0][1]));
    assertThat(evaluation.specificity().value()).hasValue((double) cm[1][1] / (cm[1][0] + cm[1][1]));
    assertThat(evaluation.sensitivity().value()).hasValue(c.get("tutorial").get("sensitivity").doubleValue());
    assertThat(evaluation.specificity().value()).hasValue(c.get("tutorial").get("specificity").doubleValue());
    assertThat(evaluation.accuracy().value()).hasValue(c.get("tutorial").get("acc").doubleValue());
    assertThat(evaluation.tutorialSummary()).isEqualTo(c.get("tutorial").get("output").textValue());
    assertThat(ClassificationReport.of(evaluation.confusionMatrix(), c.get("digits").intValue()).toString())
        .isEqualTo(c.get("report").textValue());
  }

  @Test
  void positiveClassIsChosenByNameNotPosition() {
    int[] truth = {0, 0, 0, 1, 1};
    int[] predicted = {0, 0, 1, 1, 0};
    Metrics normalPositive = Metrics.builder().classNames("covid", "normal").positiveClass("normal").build();

    Evaluation covid = COVID.evaluate(truth, probabilitiesFor(predicted, 2));
    Evaluation normal = normalPositive.evaluate(truth, probabilitiesFor(predicted, 2));

    assertThat(covid.sensitivity()).isEqualTo(Proportion.of(2, 3));
    assertThat(covid.specificity()).isEqualTo(Proportion.of(1, 2));
    assertThat(normal.sensitivity()).isEqualTo(Proportion.of(1, 2));
    assertThat(normal.specificity()).isEqualTo(Proportion.of(2, 3));
    assertThat(covid.ppv()).isEqualTo(Proportion.of(2, 3));
    assertThat(covid.npv()).isEqualTo(Proportion.of(1, 2));
    assertThat(covid.accuracy()).isEqualTo(Proportion.of(3, 5));
  }

  @Test
  void unknownOrMissingPositiveClassIsRejectedWithTheKnownClasses() {
    assertThatThrownBy(() -> Metrics.builder().classNames("covid", "normal").positiveClass("covid-19").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'covid-19'")
        .hasMessageContaining("[covid, normal]");
    assertThatThrownBy(() -> Metrics.builder().classNames("covid", "normal").build())
        .hasMessageContaining("positiveClass is required").hasMessageContaining("[covid, normal]");
    assertThatThrownBy(() -> Metrics.builder().positiveClass("covid").build())
        .hasMessageContaining("classNames are required");
    assertThatThrownBy(() -> Metrics.builder().classNames("covid").positiveClass("covid").build())
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> Metrics.builder().classNames("covid", "normal").positiveClass("covid")
        .confidenceLevel(1.5).build()).hasMessageContaining("(0, 1)");
  }

  @Test
  void moreThanTwoClassesAreOneVersusRest() {
    JsonNode c = Fixtures.cases("classification_reports.json").stream()
        .filter(n -> n.get("name").textValue().equals("three_classes")).findFirst().orElseThrow();
    int[] truth = Fixtures.ints(c.get("y_true"));
    int[] predicted = Fixtures.ints(c.get("y_pred"));
    Metrics metrics = Metrics.builder().classNames(Fixtures.strings(c.get("target_names")))
        .positiveClass("normal").bootstrapResamples(50).build();

    Evaluation evaluation = metrics.evaluate(truth, probabilitiesFor(predicted, 3));

    int positive = 1;
    long tp = 0;
    long fn = 0;
    long fp = 0;
    long tn = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] == positive) {
        if (predicted[i] == positive) {
          tp++;
        } else {
          fn++;
        }
      } else if (predicted[i] == positive) {
        fp++;
      } else {
        tn++; // includes covid predicted as pneumonia: still a true negative for "normal"
      }
    }
    assertThat(evaluation.sensitivity()).isEqualTo(Proportion.of(tp, tp + fn));
    assertThat(evaluation.specificity()).isEqualTo(Proportion.of(tn, tn + fp));
    assertThat(evaluation.ppv()).isEqualTo(Proportion.of(tp, tp + fp));
    assertThat(evaluation.npv()).isEqualTo(Proportion.of(tn, tn + fn));
    assertThat(evaluation.accuracy().numerator()).isEqualTo(evaluation.confusionMatrix().correct());
    assertThat(evaluation.classificationReport().toString()).isEqualTo(c.get("report").textValue());
  }

  @Test
  void undefinedFiguresAreExplicitAndPrintedAsNotAvailable() {
    // no covid in the set, and covid never predicted
    Evaluation evaluation = COVID.evaluate(new int[] {1, 1, 1}, probabilitiesFor(new int[] {1, 1, 1}, 2));

    assertThat(evaluation.sensitivity().isDefined()).isFalse();
    assertThat(evaluation.ppv().isDefined()).isFalse();
    assertThat(evaluation.specificity()).isEqualTo(Proportion.of(3, 3));
    assertThat(evaluation.rocCurve()).isEmpty();
    assertThat(evaluation.auc()).isEmpty();
    assertThat(evaluation.summary())
        .contains("sensitivity: n/a (n=0)\n")
        .contains("PPV: n/a (n=0)\n")
        .contains("AUC: n/a (needs both classes)\n")
        .doesNotContain("NaN");
    assertThat(evaluation.tutorialSummary()).contains("sensitivity: n/a\n");
  }

  @Test
  void summaryPrintsEveryFigureWithItsInterval() {
    // five covid all found, five normal all right
    int[] truth = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    Evaluation evaluation = COVID.evaluate(truth, probabilitiesFor(truth, 2));

    assertThat(evaluation.summary()).isEqualTo(String.join("\n",
        "positive class: covid; decision: argmax; 95% confidence intervals (Wilson score; AUC: stratified bootstrap)",
        "accuracy: 1.0000 (95% CI 0.7225-1.0000, n=10)",
        "sensitivity: 1.0000 (95% CI 0.5655-1.0000, n=5)",
        "specificity: 1.0000 (95% CI 0.5655-1.0000, n=5)",
        "PPV: 1.0000 (95% CI 0.5655-1.0000, n=5)",
        "NPV: 1.0000 (95% CI 0.5655-1.0000, n=5)",
        "AUC: 1.0000 (95% CI 1.0000-1.0000, 200 stratified bootstrap resamples)",
        SdkInfo.RESEARCH_USE_NOTICE,
        ""));
  }

  @Test
  void thresholdRuleMovesTheTradeOff() {
    int[] truth = {0, 0, 0, 0, 1, 1, 1, 1};
    double[][] p = {{0.9, 0.1}, {0.6, 0.4}, {0.35, 0.65}, {0.2, 0.8}, {0.45, 0.55}, {0.3, 0.7}, {0.1, 0.9}, {0.05, 0.95}};

    Evaluation argmax = COVID.evaluate(truth, p);
    Evaluation lenient = argmax.withDecisionRule(DecisionRule.threshold("covid", 0.3));

    assertThat(argmax.predictions()).containsExactly(0, 0, 1, 1, 1, 1, 1, 1);
    // p(covid) >= 0.3: 0.9 0.6 0.35 | 0.2 ; 0.45 0.3 | 0.1 0.05
    assertThat(lenient.predictions()).containsExactly(0, 0, 0, 1, 0, 0, 1, 1);
    assertThat(lenient.sensitivity()).isEqualTo(Proportion.of(3, 4));
    assertThat(lenient.specificity()).isEqualTo(Proportion.of(2, 4));
    assertThat(lenient.auc()).isEqualTo(argmax.auc());
    assertThat(COVID.evaluate(truth, p, DecisionRule.threshold("covid", 0.3)).predictions())
        .containsExactly(lenient.predictions());
    assertThat(lenient.decisionRule().describe()).isEqualTo("p(covid) >= 0.3000 (fixed threshold)");
  }

  @Test
  void thresholdChosenOnValidationIsAppliedWithItsCriterion() {
    int[] validationTruth = {0, 0, 0, 1, 1, 1};
    double[][] validation = {{0.9, 0.1}, {0.4, 0.6}, {0.35, 0.65}, {0.3, 0.7}, {0.2, 0.8}, {0.45, 0.55}};
    OperatingPoint point = ThresholdSelector.on(
        COVID.evaluate(validationTruth, validation).rocCurve().orElseThrow()).forSensitivity(1.0);

    Evaluation atPoint = COVID.evaluate(validationTruth, validation, DecisionRule.at("covid", point));

    assertThat(point.threshold()).isEqualTo(0.35);
    assertThat(atPoint.sensitivity().value()).hasValue(point.sensitivity());
    assertThat(atPoint.specificity().value()).hasValue(point.specificity());
    assertThat(atPoint.decisionRule().describe()).isEqualTo("p(covid) >= 0.3500 (sensitivity >= 1)");
  }

  @Test
  void thresholdWithThreeClassesFallsBackToTheMostProbableOtherClass() {
    Metrics metrics = Metrics.builder().classNames("covid", "normal", "pneumonia").positiveClass("covid")
        .bootstrapResamples(10).build();
    double[][] p = {{0.3, 0.5, 0.2}, {0.2, 0.3, 0.5}, {0.1, 0.45, 0.45}};

    Evaluation evaluation = metrics.evaluate(new int[] {0, 2, 1}, p, DecisionRule.threshold("covid", 0.25));

    assertThat(evaluation.predictions()).containsExactly(0, 2, 1);
  }

  @Test
  void argmaxTiesGoToTheLowestLabelAsNumpy() {
    Evaluation evaluation = COVID.evaluate(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {0.5, 0.5}});

    assertThat(evaluation.predictions()).containsExactly(0, 0);
  }

  @Test
  void floatAndRowMajorInputsEvaluateAsTheirExactDoubles() {
    int[] truth = {0, 1, 1, 0};
    float[][] rows = {{0.7f, 0.3f}, {0.4f, 0.6f}, {0.55f, 0.45f}, {0.1f, 0.9f}};
    float[] flat = {0.7f, 0.3f, 0.4f, 0.6f, 0.55f, 0.45f, 0.1f, 0.9f};
    double[][] doubles = new double[4][2];
    for (int i = 0; i < 4; i++) {
      doubles[i][0] = rows[i][0];
      doubles[i][1] = rows[i][1];
    }

    Evaluation fromDouble = COVID.evaluate(truth, doubles);

    assertThat(COVID.evaluate(truth, rows).probabilities()).isDeepEqualTo(doubles);
    assertThat(COVID.evaluate(truth, flat, DecisionRule.argmax()).probabilities()).isDeepEqualTo(doubles);
    assertThat(COVID.evaluate(truth, rows).summary()).isEqualTo(fromDouble.summary());
    assertThat(fromDouble.rocCurve().orElseThrow().points().get(1).threshold()).isEqualTo((double) 0.7f);
  }

  @Test
  void rejectsInputsThatAreNotLabelledProbabilities() {
    assertThatThrownBy(() -> COVID.evaluate(new int[] {0, 2}, new double[][] {{1, 0}, {0, 1}}))
        .hasMessageContaining("trueLabels[1] = 2");
    assertThatThrownBy(() -> COVID.evaluate(new int[] {0}, new double[][] {{1, 0}, {0, 1}}))
        .hasMessageContaining("1 samples but probabilities has 2 rows");
    assertThatThrownBy(() -> COVID.evaluate(new int[] {0}, new double[][] {{1, 0, 0}}))
        .hasMessageContaining("probabilities[0] has 3 values");
    assertThatThrownBy(() -> COVID.evaluate(new int[] {0}, new double[][] {{Double.NaN, 0}}))
        .hasMessageContaining("probabilities[0][0] = NaN");
    assertThatThrownBy(() -> COVID.evaluate(new int[] {0}, new double[][] {{2.5, -1.5}}))
        .hasMessageContaining("not a probability");
    assertThatThrownBy(() -> COVID.evaluate(new int[0], new double[0][]))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> COVID.evaluate(new int[] {0}, new float[] {1f, 0f, 0f}, DecisionRule.argmax()))
        .hasMessageContaining("not a multiple of the 2 classes");
  }

  @Test
  void evaluationIsImmutable() {
    int[] truth = {0, 1};
    double[][] p = {{0.8, 0.2}, {0.3, 0.7}};
    Evaluation evaluation = COVID.evaluate(truth, p);
    truth[0] = 1;
    p[0][0] = 0.0;
    evaluation.probabilities()[1][1] = 0.0;
    evaluation.predictions()[0] = 1;

    assertThat(evaluation.trueLabels()).containsExactly(0, 1);
    assertThat(evaluation.probabilities()[0][0]).isEqualTo(0.8);
    assertThat(evaluation.probabilities()[1][1]).isEqualTo(0.7);
    assertThat(evaluation.predictions()).containsExactly(0, 1);
  }

  @Test
  void confidenceLevelAppliesToEveryInterval() {
    Metrics ninety = Metrics.builder().classNames(List.of("covid", "normal")).positiveClass("covid")
        .confidenceLevel(0.9).bootstrapResamples(100).bootstrapSeed(7).build();
    int[] truth = {0, 0, 1, 1};

    Evaluation evaluation = ninety.evaluate(truth, new double[][] {{0.8, 0.2}, {0.4, 0.6}, {0.6, 0.4}, {0.1, 0.9}});

    assertThat(evaluation.sensitivity().interval().orElseThrow())
        .isEqualTo(WilsonInterval.of(1, 2, 0.9));
    assertThat(evaluation.auc().orElseThrow().interval().level()).isEqualTo(0.9);
    assertThat(evaluation.auc().orElseThrow().seed()).isEqualTo(7);
    assertThat(evaluation.summary()).contains("(90% CI ").contains("; 90% confidence intervals (Wilson score");
    assertThat(evaluation.summary()).isEqualTo(evaluation.intervals() + SdkInfo.RESEARCH_USE_NOTICE + "\n");
  }
}
