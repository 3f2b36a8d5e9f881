package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.data.Batch;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link BaseLayout}: blocks 4 and 5 channels-first give what the all-NHWC graph gives, forward,
 * Grad-CAM and fine-tuning alike, and bfloat16 stays NHWC.
 */
class BaseLayoutTest {

  @Test
  void bfloat16StaysChannelsLast() {
    assertThat(BaseLayout.preferred(Precision.BF16)).isEqualTo(BaseLayout.NHWC);
    assertThat(BaseLayout.NHWC.channelsFirst(5)).isFalse();
    assertThat(BaseLayout.NCHW_DEEP_BLOCKS.channelsFirst(3)).isFalse();
    assertThat(BaseLayout.NCHW_DEEP_BLOCKS.channelsFirst(4)).isTrue();
    assertThat(BaseLayout.NCHW_DEEP_BLOCKS.channelsFirst(5)).isTrue();
  }

  @Test
  void channelsFirstGraphsTransposeIntoBlock4AndOutAroundThePools() {
    ModelConfig config = TestData.small().toConfig();
    try (org.tensorflow.Graph graph = new org.tensorflow.Graph()) {
      VggGraph vgg = VggGraph.build(graph, config, VggArchitecture.layers(config), Precision.FP32,
          BaseLayout.NCHW_DEEP_BLOCKS);
      assertThat(graph.operation("block4_conv1/to_nchw")).isNotNull();
      assertThat(graph.operation("block4_pool/to_nhwc")).isNotNull();
      assertThat(graph.operation("block5_pool/to_nhwc")).isNotNull();
      assertThat(graph.operation("block3_pool/to_nhwc")).isNull();
      assertThat(vgg.isChannelsFirst("block3_conv3")).isFalse();
      assertThat(vgg.isChannelsFirst("block4_conv1")).isTrue();
      assertThat(vgg.isChannelsFirst("dense")).isFalse();
    }
  }

  @Test
  void channelsFirstDeepBlocksGiveTheSameOutputsGradCamAndTraining() {
    assumeTrue(BaseLayout.preferred(Precision.FP32) == BaseLayout.NCHW_DEEP_BLOCKS,
        "this TensorFlow runs no channels-first convolutions on the CPU, so every model is NHWC");
    Batch batch = TestData.batch(4, 64, 2, 9, null);
    int[] classes = {0, 1, 1, 0};
    VggTransferModel.Builder settings = TestData.small().inputSize(64).dropout(0)
        .fineTuning(FineTuning.fromBlock(4));
    try (VggTransferModel nhwc = settings.baseLayout(BaseLayout.NHWC).build();
        VggTransferModel nchw = settings.baseLayout(BaseLayout.NCHW_DEEP_BLOCKS).build()) {
      WeightSnapshot weights = TestData.heUniform(nhwc.snapshot(), 17);
      nhwc.restore(weights);
      nchw.restore(weights);

      float[] expected = nhwc.baseFeatures(batch.images(), 4);
      float[] actual = nchw.baseFeatures(batch.images(), 4);
      assertThat(maxAbs(expected)).isPositive();
      assertThat(maxDifference(expected, actual)).as("base output").isLessThan(1e-5 * maxAbs(expected));
      for (String layer : new String[] {"block3_conv3", "block4_conv3", "block5_conv3"}) {
        float[] a = TestData.flatten(nhwc.gradCam(batch.images(), 4, layer, classes, ClassScore.LOGIT));
        float[] b = TestData.flatten(nchw.gradCam(batch.images(), 4, layer, classes, ClassScore.LOGIT));
        System.out.printf(Locale.ROOT, "Grad-CAM %s: max %.3g, NCHW vs NHWC max |diff| %.3g%n", layer, maxAbs(a),
            maxDifference(a, b));
        assertThat(maxAbs(a)).as(layer).isPositive();
        assertThat(maxDifference(a, b)).as(layer + " map, NHWC on the layer's grid").isLessThan(1e-4 * maxAbs(a));
      }

      nhwc.compile(AdamSettings.keras());
      nchw.compile(AdamSettings.keras());
      for (int step = 0; step < 2; step++) {
        float expectedLoss = nhwc.trainStep(batch, 1e-3f).loss();
        assertThat((double) nchw.trainStep(batch, 1e-3f).loss()).as("loss of step " + step)
            .isCloseTo(expectedLoss, org.assertj.core.data.Offset.offset(1e-5));
      }
      for (String layer : new String[] {"block4_conv1", "block5_conv3", "dense_1"}) {
        float[] a = nhwc.layerWeights(layer).kernel();
        float[] b = nchw.layerWeights(layer).kernel();
        assertThat(maxDifference(a, b)).as(layer + " after two Adam steps").isLessThan(1e-5);
        assertThat(maxDifference(a, weights.layer(layer).kernel())).as(layer + " trained").isPositive();
      }
    }
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static double maxDifference(float[] a, float[] b) {
    assertThat(b).hasSameSizeAs(a);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
