package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

/** The tutorial's full-size model (224×224, 7×7×512 base output) runs a batch of 8. */
class FullSizeModelTest {

  @Test
  void a224ModelWithRandomWeightsPredictsABatchOfEight() {
    try (VggTransferModel model = VggTransferModel.builder().weights(VggWeights.none())
        .classes(TestData.CLASSES).build()) {
      assertThat(model.config().inputSize()).isEqualTo(224);
      assertThat(model.baseOutputShape()).containsExactly(7, 7, 512);
      float[] images = TestData.images(8, 224, 224);

      long start = System.nanoTime();
      float[][] probabilities = model.predict(images, 8);
      System.out.printf("224x224 batch of 8: %.1f s%n", (System.nanoTime() - start) / 1e9);

      assertThat(probabilities.length).isEqualTo(8);
      for (float[] row : probabilities) {
        assertThat(row).hasSize(2);
        assertThat(row[0] + row[1]).isCloseTo(1f, offset(1e-6f));
      }
    }
  }
}
