package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TensorFlow graph against an independent pure-Java reference ({@link VggReference}), on random
 * weights and images: the base's output and the head's probabilities must agree to float precision.
 */
class VggTransferModelNumericsTest {

  /** Relative tolerance: float32 accumulation over up to 4608 products per output, 13 layers deep. */
  private static final double RELATIVE_TOLERANCE = 1e-4;

  @ParameterizedTest
  @EnumSource(InputScaling.class)
  void graphMatchesReferenceAt32(InputScaling scaling) {
    // CAFFE inputs are ~100x larger: scale the head down so the probabilities are not saturated.
    compare(TestData.small().inputScaling(scaling), 2, 11, scaling == InputScaling.CAFFE ? 0.01 : 1.0);
  }

  @Test
  void flattenOrderMatchesKerasWhenThePooledMapIsLargerThanOnePixel() {
    // 64 → 2×2×512 base output; pool 1 keeps 2×2, so Flatten's (row, column, channel) order matters.
    compare(TestData.small().inputSize(64).headPoolSize(1), 1, 12, 1.0);
  }

  private static void compare(
      VggTransferModel.Builder builder, int count, long seed, double headScale) {
    try (VggTransferModel model = builder.build()) {
      WeightSnapshot weights = TestData.heUniform(model.snapshot(), seed, headScale);
      model.restore(weights);
      ModelConfig config = model.config();
      float[] images = TestData.images(count, config.inputSize(), seed + 100);

      float[] base = model.baseFeatures(images, count);
      float[][] probabilities = model.predict(images, count);

      int baseSize = base.length / count;
      double baseDiff = 0;
      double baseMax = 0;
      double probDiff = 0;
      double leastSaturated = 1;
      for (int i = 0; i < count; i++) {
        VggReference.Output expected = VggReference.forward(weights, config, images, i);
        assertThat(expected.base()).hasSize(baseSize);
        for (int j = 0; j < baseSize; j++) {
          baseDiff = Math.max(baseDiff, Math.abs(base[i * baseSize + j] - expected.base()[j]));
          baseMax = Math.max(baseMax, Math.abs(expected.base()[j]));
        }
        for (int c = 0; c < config.numClasses(); c++) {
          probDiff = Math.max(probDiff, Math.abs(probabilities[i][c] - expected.probabilities()[c]));
          leastSaturated = Math.min(leastSaturated, Math.abs(expected.probabilities()[c] - 0.5) * 2);
        }
      }
      System.out.printf("numerics %s input %d pool %d: base max |value| %.4g, max abs diff %.3g"
              + " (relative %.3g); probabilities max abs diff %.3g%n",
          config.inputScaling(), config.inputSize(), config.effectiveHeadPoolSize(), baseMax, baseDiff,
          baseDiff / baseMax, probDiff);
      assertThat(baseMax).as("reference activations must not vanish").isGreaterThan(0.1);
      assertThat(leastSaturated).as("some probability must be away from 0 and 1").isLessThan(0.98);
      assertThat(baseDiff).isLessThanOrEqualTo(RELATIVE_TOLERANCE * baseMax);
      assertThat(probDiff).isLessThanOrEqualTo(RELATIVE_TOLERANCE);
    }
  }
}
