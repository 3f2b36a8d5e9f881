package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AucBootstrapTest {

  /** 80 positives, 120 negatives, overlapping scores with ties (rounded to 2 decimals). */
  private static RocCurve overlapping(long seed, int positives, int negatives) {
    Random random = new Random(seed);
    int n = positives + negatives;
    boolean[] positive = new boolean[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      positive[i] = i % n < positives;
      double logit = random.nextGaussian() + (positive[i] ? 1.0 : 0.0);
      scores[i] = Math.round(100.0 / (1.0 + Math.exp(-logit))) / 100.0;
    }
    return RocCurve.of("covid", positive, scores);
  }

  /** Independent reference: the documented draw order, pairwise AUCs, numpy's linear percentile. */
  private static double[] referenceInterval(RocCurve curve, int resamples, long seed, double level) {
    double[] scores = curve.scores();
    boolean[] truth = curve.actualPositive();
    double[] pos = new double[curve.positives()];
    double[] neg = new double[curve.negatives()];
    int p = 0;
    int q = 0;
    for (int i = 0; i < scores.length; i++) {
      if (truth[i]) {
        pos[p++] = scores[i];
      } else {
        neg[q++] = scores[i];
      }
    }
    Random random = new Random(seed);
    double[] aucs = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double[] rp = new double[p];
      double[] rn = new double[q];
      for (int i = 0; i < p; i++) {
        rp[i] = pos[random.nextInt(p)];
      }
      for (int i = 0; i < q; i++) {
        rn[i] = neg[random.nextInt(q)];
      }
      double wins = 0;
      for (double a : rp) {
        for (double b : rn) {
          wins += a > b ? 1 : a == b ? 0.5 : 0;
        }
      }
      aucs[r] = wins / ((double) p * q);
    }
    Arrays.sort(aucs);
    double alpha = 1 - level;
    return new double[] {numpyLinear(aucs, 100 * alpha / 2), numpyLinear(aucs, 100 * (1 - alpha / 2))};
  }

  private static double numpyLinear(double[] sorted, double percent) {
    double index = percent / 100 * (sorted.length - 1);
    int j = (int) index;
    double g = index - j;
    return j + 1 < sorted.length ? (1 - g) * sorted[j] + g * sorted[j + 1] : sorted[j];
  }

  @Test
  void intervalFollowsTheDocumentedStratifiedResampling() {
    RocCurve curve = overlapping(7, 30, 45);
    AucBootstrap bootstrap = AucBootstrap.builder().resamples(500).seed(1234).confidenceLevel(0.9).build();

    AucEstimate estimate = bootstrap.estimate(curve);
    double[] expected = referenceInterval(curve, 500, 1234, 0.9);

    assertThat(estimate.auc()).isEqualTo(curve.auc());
    assertThat(estimate.interval().lower()).isCloseTo(expected[0], within(1e-12));
    assertThat(estimate.interval().upper()).isCloseTo(expected[1], within(1e-12));
    assertThat(estimate.interval().level()).isEqualTo(0.9);
    assertThat(estimate.interval().contains(curve.auc())).isTrue();
    assertThat(estimate.resamples()).isEqualTo(500);
    assertThat(estimate.seed()).isEqualTo(1234);
  }

  @Test
  void sameSeedSameIntervalOtherSeedOtherInterval() {
    RocCurve curve = overlapping(3, 20, 25);

    AucEstimate first = AucBootstrap.defaults().estimate(curve);
    AucEstimate again = AucBootstrap.defaults().estimate(curve);
    AucEstimate other = AucBootstrap.builder().seed(43).build().estimate(curve);

    assertThat(again).isEqualTo(first);
    assertThat(other.interval()).isNotEqualTo(first.interval());
    assertThat(first.resamples()).isEqualTo(2000);
    assertThat(first.seed()).isEqualTo(42);
  }

  @Test
  void spreadAgreesWithDeLongStandardError() {
    RocCurve curve = overlapping(11, 150, 150);
    double[] aucs = AucBootstrap.builder().resamples(2000).build().resampledAucs(curve);
    double mean = Arrays.stream(aucs).average().orElseThrow();
    double bootstrapSd = Math.sqrt(Arrays.stream(aucs).map(a -> (a - mean) * (a - mean)).sum() / (aucs.length - 1));

    assertThat(bootstrapSd).isCloseTo(deLongStandardError(curve), within(0.15 * deLongStandardError(curve)));
    assertThat(mean).isCloseTo(curve.auc(), within(0.01));
  }

  /** DeLong et al. (1988) variance of the empirical AUC from its structural components. */
  private static double deLongStandardError(RocCurve curve) {
    double[] scores = curve.scores();
    boolean[] truth = curve.actualPositive();
    double[] pos = new double[curve.positives()];
    double[] neg = new double[curve.negatives()];
    int p = 0;
    int q = 0;
    for (int i = 0; i < scores.length; i++) {
      if (truth[i]) {
        pos[p++] = scores[i];
      } else {
        neg[q++] = scores[i];
      }
    }
    double[] v10 = new double[p];
    double[] v01 = new double[q];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < q; j++) {
        double psi = pos[i] > neg[j] ? 1 : pos[i] == neg[j] ? 0.5 : 0;
        v10[i] += psi / q;
        v01[j] += psi / p;
      }
    }
    return Math.sqrt(variance(v10) / p + variance(v01) / q);
  }

  private static double variance(double[] values) {
    double mean = Arrays.stream(values).average().orElseThrow();
    return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
  }

  @Test
  void perfectSeparationCollapsesToOne() {
    RocCurve separated = RocCurve.of("covid",
        new boolean[] {false, false, false, true, true, true}, new double[] {0.1, 0.2, 0.3, 0.7, 0.8, 0.9});

    AucEstimate estimate = AucBootstrap.builder().resamples(200).build().estimate(separated);

    assertThat(estimate.interval().lower()).isEqualTo(1.0);
    assertThat(estimate.interval().upper()).isEqualTo(1.0);
    assertThat(estimate).hasToString("1.0000 (95% CI 1.0000-1.0000, 200 stratified bootstrap resamples)");
  }

  @Test
  void percentileInterpolatesLinearlyAsNumpy() {
    double[] sorted = {0.0, 1.0, 2.0, 3.0, 10.0};

    // numpy.percentile([0, 1, 2, 3, 10], [2.5, 50, 97.5]) = [0.1, 2.0, 9.3]
    assertThat(AucBootstrap.percentile(sorted, 0.025)).isCloseTo(0.1, within(1e-15));
    assertThat(AucBootstrap.percentile(sorted, 0.5)).isEqualTo(2.0);
    assertThat(AucBootstrap.percentile(sorted, 0.975)).isCloseTo(9.3, within(1e-14));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> AucBootstrap.builder().resamples(0).build()).hasMessageContaining("resamples");
    assertThatThrownBy(() -> AucBootstrap.builder().confidenceLevel(95).build()).hasMessageContaining("(0, 1)");
  }
}
