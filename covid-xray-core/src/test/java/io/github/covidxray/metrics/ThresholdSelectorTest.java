package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdSelectorTest {

  //                                    positives: 0.9 0.8 0.7 0.4      negatives: 0.6 0.5 0.3 0.2 0.1
  private static final boolean[] TRUTH = {true, true, true, true, false, false, false, false, false};
  private static final double[] SCORES = {0.9, 0.8, 0.7, 0.4, 0.6, 0.5, 0.3, 0.2, 0.1};
  private static final RocCurve CURVE = RocCurve.of("covid", TRUTH, SCORES);

  @Test
  void targetSensitivityTakesTheHighestThresholdReachingIt() {
    // sensitivity 3/4 first reached at 0.7 (spec 1.0); 4/4 only at 0.4 (spec 3/5)
    OperatingPoint threeQuarters = ThresholdSelector.on(CURVE).forSensitivity(0.75);
    OperatingPoint all = ThresholdSelector.on(CURVE).forSensitivity(0.9);

    assertThat(threeQuarters.threshold()).isEqualTo(0.7);
    assertThat(threeQuarters.sensitivity()).isEqualTo(0.75);
    assertThat(threeQuarters.specificity()).isEqualTo(1.0);
    assertThat(threeQuarters.criterion()).isEqualTo("sensitivity >= 0.75");
    assertThat(all.threshold()).isEqualTo(0.4);
    assertThat(all.specificity()).isEqualTo(3.0 / 5);
  }

  @Test
  void targetSpecificityTakesTheLowestThresholdReachingIt() {
    // specificity 1.0 holds down to 0.7 (below it, 0.6 is a false positive); 3/5 holds down to 0.4
    OperatingPoint perfect = ThresholdSelector.on(CURVE).forSpecificity(1.0);
    OperatingPoint sixty = ThresholdSelector.on(CURVE).forSpecificity(0.6);

    assertThat(perfect.threshold()).isEqualTo(0.7);
    assertThat(perfect.sensitivity()).isEqualTo(0.75);
    assertThat(sixty.threshold()).isEqualTo(0.4);
    assertThat(sixty.sensitivity()).isEqualTo(1.0);
    assertThat(sixty.criterion()).isEqualTo("specificity >= 0.6");
  }

  @Test
  void youdenMaximisesSensitivityPlusSpecificityAndPrefersTheHighestOnTies() {
    // J at 0.7: 0.75 + 1.0 - 1 = 0.75; at 0.4: 1.0 + 0.6 - 1 = 0.6
    assertThat(ThresholdSelector.on(CURVE).youden().threshold()).isEqualTo(0.7);
    assertThat(ThresholdSelector.on(CURVE).youden().youdenJ()).isEqualTo(0.75);

    // J = 0.5 at 0.8 (1/2 + 1 - 1) and at 0.3 (1 + 1/2 - 1): the higher threshold, 0.8, wins.
    RocCurve tied = RocCurve.of("covid", new boolean[] {true, true, false, false}, new double[] {0.8, 0.3, 0.5, 0.1});
    assertThat(ThresholdSelector.on(tied).youden().threshold()).isEqualTo(0.8);
  }

  @Test
  void nothingBetterThanChanceGivesNeverPositive() {
    RocCurve inverted = RocCurve.of("covid", new boolean[] {true, false}, new double[] {0.1, 0.9});

    OperatingPoint point = ThresholdSelector.on(inverted).youden();

    assertThat(point.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(point.sensitivity()).isZero();
    assertThat(point.specificity()).isEqualTo(1.0);
    assertThat(ThresholdSelector.on(inverted).forSpecificity(1.0).threshold()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void fixedThresholdCountsScoresAtOrAboveIt() {
    OperatingPoint between = ThresholdSelector.on(CURVE).at(0.55);
    OperatingPoint onScore = ThresholdSelector.on(CURVE).at(0.6);

    assertThat(between.sensitivity()).isEqualTo(0.75);
    assertThat(between.specificity()).isEqualTo(4.0 / 5);
    assertThat(onScore.specificity()).isEqualTo(4.0 / 5);
    assertThat(ThresholdSelector.on(CURVE).at(0.95).sensitivity()).isZero();
    assertThat(ThresholdSelector.on(CURVE).at(0.0).specificity()).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void agreesWithBruteForceOnRandomCurvesWithTies(long seed) {
    Random random = new Random(seed);
    int n = 15 + random.nextInt(40);
    boolean[] truth = new boolean[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      truth[i] = i < 3 || (i >= n - 3 ? false : random.nextBoolean());
      scores[i] = Math.round(10 * (random.nextDouble() + (truth[i] ? 0.3 : 0.0))) / 10.0;
    }
    ThresholdSelector selector = ThresholdSelector.on(RocCurve.of("covid", truth, scores));
    TreeSet<Double> candidates = new TreeSet<>();
    Arrays.stream(scores).forEach(candidates::add);
    candidates.add(Double.POSITIVE_INFINITY);

    for (double target : new double[] {0.3, 0.5, 0.8, 0.9, 0.95, 1.0}) {
      double bySensitivity = Double.NaN;
      for (double t : candidates.descendingSet()) {
        if (rates(truth, scores, t)[0] >= target) {
          bySensitivity = t;
          break;
        }
      }
      double bySpecificity = Double.NaN;
      for (double t : candidates) {
        if (rates(truth, scores, t)[1] >= target) {
          bySpecificity = t;
          break;
        }
      }
      assertThat(selector.forSensitivity(target).threshold()).as("sens %s", target).isEqualTo(bySensitivity);
      assertThat(selector.forSpecificity(target).threshold()).as("spec %s", target).isEqualTo(bySpecificity);
    }
    double best = Double.NaN;
    double bestJ = Double.NEGATIVE_INFINITY;
    for (double t : candidates.descendingSet()) {
      double[] r = rates(truth, scores, t);
      if (r[0] + r[1] - 1 > bestJ + 1e-12) {
        bestJ = r[0] + r[1] - 1;
        best = t;
      }
    }
    OperatingPoint youden = selector.youden();
    assertThat(youden.threshold()).isEqualTo(best);
    assertThat(youden.youdenJ()).isCloseTo(bestJ, org.assertj.core.data.Offset.offset(1e-12));
  }

  /** {sensitivity, specificity} when predicting positive for score >= t, counted directly. */
  private static double[] rates(boolean[] truth, double[] scores, double t) {
    int tp = 0;
    int p = 0;
    int tn = 0;
    int q = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i]) {
        p++;
        tp += scores[i] >= t ? 1 : 0;
      } else {
        q++;
        tn += scores[i] >= t ? 0 : 1;
      }
    }
    return new double[] {(double) tp / p, (double) tn / q};
  }

  @Test
  void rejectsTargetsOutsideTheUnitInterval() {
    ThresholdSelector selector = ThresholdSelector.on(CURVE);

    assertThatThrownBy(() -> selector.forSensitivity(0.0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> selector.forSpecificity(1.2)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> selector.forSensitivity(Double.NaN)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> selector.at(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void operatingPointPrintsItsCriterion() {
    assertThat(ThresholdSelector.on(CURVE).youden())
        .hasToString("threshold 0.7000 (Youden's J): sensitivity 0.7500, specificity 1.0000");
  }
}
