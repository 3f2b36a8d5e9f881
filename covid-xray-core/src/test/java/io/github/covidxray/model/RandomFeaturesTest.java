package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VggWeights#randomFeatures(long)}: Keras's he_normal statistics, seeding, usable features. */
class RandomFeaturesTest {

  @Test
  void kernelsFollowKerasHeNormalTruncatedAtTwoDeviations() {
    LayerSpec conv = new LayerSpec("block5_conv3", 5, new int[] {3, 3, 512, 512});
    LayerWeights w = HeNormal.initialize(conv, 12, 42);
    double expectedStd = Math.sqrt(2.0 / (3 * 3 * 512));
    double sum = 0;
    double sumSq = 0;
    double maxAbs = 0;
    for (float v : w.kernel()) {
      sum += v;
      sumSq += (double) v * v;
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    int n = w.kernel().length;
    double mean = sum / n;
    double std = Math.sqrt(sumSq / n - mean * mean);
    assertThat(std / expectedStd).as("std / sqrt(2 / fanIn)").isCloseTo(1.0, within(0.005));
    assertThat(mean / expectedStd).isCloseTo(0.0, within(0.005));
    double bound = 2 * expectedStd / HeNormal.TRUNCATED_STD;
    assertThat(maxAbs).isLessThanOrEqualTo(bound * (1 + 1e-6)).isGreaterThan(0.99 * bound);
    float[] zeros = new float[512];
    assertThat(w.bias()).containsExactly(zeros);
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    LayerSpec conv = new LayerSpec("block1_conv1", 1, new int[] {3, 3, 3, 64});
    assertThat(HeNormal.initialize(conv, 0, 5).kernel()).containsExactly(HeNormal.initialize(conv, 0, 5).kernel());
    assertThat(Arrays.equals(HeNormal.initialize(conv, 0, 5).kernel(), HeNormal.initialize(conv, 0, 6).kernel()))
        .isFalse();
  }

  @Test
  void theBaseIsHeNormalTheHeadGlorotAndTheFeaturesKeepTheirScale() {
    float[] images = TestData.images(2, 64, 3);
    try (VggTransferModel random = TestData.small().inputSize(64).weights(VggWeights.randomFeatures(11)).build();
         VggTransferModel glorot = TestData.small().inputSize(64).build()) {
      assertThat(random.config().weightsSource()).startsWith("random-features");
      for (String layer : random.layerNames()) {
        LayerWeights w = random.layerWeights(layer);
        if (layer.startsWith("block")) {
          assertThat(w.kernel()).as(layer).isNotEqualTo(glorot.layerWeights(layer).kernel());
        } else {
          // the head is Glorot-uniform from the model's seed, as with every other weights source
          assertThat(w).as(layer).isEqualTo(glorot.layerWeights(layer));
        }
      }
      double randomScale = meanAbs(random.baseFeatures(images, 2));
      double glorotScale = meanAbs(glorot.baseFeatures(images, 2));
      // Glorot halves the variance at each of 13 ReLU layers; He keeps it: orders of magnitude apart
      assertThat(glorotScale).isLessThan(0.01);
      assertThat(randomScale).isGreaterThan(100 * glorotScale).isGreaterThan(0.05);
    }
  }

  @Test
  void describesItselfWithItsSeed() {
    assertThat(VggWeights.randomFeatures(9).description()).isEqualTo("random-features (seeded He-normal base, seed 9)");
    assertThat(List.of(VggWeights.randomFeatures(9))).containsExactly(VggWeights.randomFeatures(9));
  }

  private static double meanAbs(float[] values) {
    double s = 0;
    for (float v : values) {
      s += Math.abs(v);
    }
    return s / values.length;
  }
}
