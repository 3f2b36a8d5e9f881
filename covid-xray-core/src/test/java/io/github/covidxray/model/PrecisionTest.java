package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import io.github.covidxray.Correlation;
import io.github.covidxray.data.Batch;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * {@link Precision}: resolution against CPU flags (injected), bf16 against fp32, repeatability,
 * training and Grad-CAM in bf16, and persistence.
 */
class PrecisionTest {

  private static final Set<String> NO_BF16 = Set.of("avx2", "avx512f", "fma");
  private static final Set<String> WITH_BF16 = Set.of("avx2", "avx512f", "avx512_bf16");

  @TempDir Path dir;

  @Test
  void resolvesAgainstTheCpusFlags() {
    assertThat(Precision.FP32.resolve(WITH_BF16)).isEqualTo(Precision.FP32);
    assertThat(Precision.AUTO.resolve(WITH_BF16)).isEqualTo(Precision.BF16);
    assertThat(Precision.AUTO.resolve(Set.of("amx_bf16"))).isEqualTo(Precision.BF16);
    assertThat(Precision.AUTO.resolve(NO_BF16)).as("falls back without the flag").isEqualTo(Precision.FP32);
    assertThat(Precision.BF16.resolve(WITH_BF16)).isEqualTo(Precision.BF16);
    assertThatThrownBy(() -> Precision.BF16.resolve(NO_BF16)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AVX512_BF16").hasMessageContaining("AUTO");
  }

  @Test
  void autoOnACpuWithoutBf16BuildsAFloat32Model() {
    try (VggTransferModel model = TestData.small().precision(Precision.AUTO).cpuFeatures(() -> NO_BF16).build()) {
      assertThat(model.precision()).isEqualTo(Precision.FP32);
    }
    assertThatThrownBy(() -> TestData.small().precision(Precision.BF16).cpuFeatures(() -> NO_BF16).build())
        .hasMessageContaining("AVX512_BF16");
  }

  @Test
  void bf16RunsTheBaseAfterTheFirstConvolutionInBfloat16() {
    ModelConfig config = TestData.small().toConfig();
    try (Graph graph = new Graph()) {
      VggGraph vgg = VggGraph.build(graph, config, VggArchitecture.layers(config), Precision.BF16,
          BaseLayout.preferred(Precision.BF16));
      vgg.convolutionOutputs.forEach((layer, output) -> assertThat(output.type()).as(layer)
          .isEqualTo(layer.equals("block1_conv1") ? TFloat32.class : TBfloat16.class));
      assertThat(vgg.baseOutput.type()).isEqualTo(TFloat32.class);
      assertThat(vgg.logits.type()).isEqualTo(TFloat32.class);
      vgg.layers.values().forEach(v -> assertThat(v.kernel().type()).as("variables stay float32")
          .isEqualTo(TFloat32.class));
    }
    try (Graph graph = new Graph()) {
      assertThatThrownBy(() -> VggGraph.build(graph, config, VggArchitecture.layers(config), Precision.AUTO,
          BaseLayout.NHWC)).hasMessageContaining("AUTO");
    }
  }

  @Test
  void bf16GivesTheSameResultEveryTime() {
    assumeBf16();
    float[] images = TestData.images(4, 64, 7);
    VggTransferModel.Builder settings = TestData.small().inputSize(64).weights(VggWeights.randomFeatures(4))
        .precision(Precision.BF16);
    float[] first;
    try (VggTransferModel a = settings.build(); VggTransferModel b = settings.build()) {
      first = a.baseFeatures(images, 4);
      assertThat(a.baseFeatures(images, 4)).as("the same model twice").containsExactly(first);
      assertThat(b.baseFeatures(images, 4)).as("a second, identical model").containsExactly(first);
    }
  }

  @Test
  void bf16FineTunesAndExplains() {
    assumeBf16();
    Batch batch = TestData.batch(4, 64, 2, 5, null);
    VggTransferModel.Builder settings = TestData.small().inputSize(64).fineTuning(FineTuning.fromBlock(5));
    float[][][] fp32Maps;
    try (VggTransferModel model = settings.precision(Precision.FP32).build()) {
      model.restore(TestData.heUniform(model.snapshot(), 3));
      fp32Maps = model.gradCam(batch.images(), 4, "block5_conv3", new int[] {0, 1, 0, 1}, ClassScore.LOGIT);
    }
    try (VggTransferModel model = settings.precision(Precision.BF16).build()) {
      model.restore(TestData.heUniform(model.snapshot(), 3));
      float[][][] maps = model.gradCam(batch.images(), 4, "block5_conv3", new int[] {0, 1, 0, 1}, ClassScore.LOGIT);
      double[] a = flatten(fp32Maps);
      double[] b = flatten(maps);
      double correlation = Correlation.pearson(a, b);
      System.out.printf(Locale.ROOT, "Grad-CAM bf16 vs fp32: Pearson %.4f over %d cells%n", correlation, a.length);
      // a map sums positive and negative terms, so bf16's rounding shows more in it than in the output
      assertThat(correlation).as("bf16 maps follow the fp32 maps").isGreaterThan(0.9);

      model.compile(AdamSettings.keras());
      WeightSnapshot before = model.snapshot();
      StepResult first = model.trainStep(batch, 1e-3f);
      StepResult second = model.trainStep(batch, 1e-3f);
      assertThat(first.loss()).isFinite();
      assertThat(second.loss()).isFinite().isNotEqualTo(first.loss());
      LayerWeights tuned = model.snapshot().layer("block5_conv3");
      assertThat(Arrays.equals(tuned.kernel(), before.layer("block5_conv3").kernel()))
          .as("block 5's float32 variables train through the bfloat16 casts").isFalse();
      assertThat(model.snapshot().layer("block4_conv3")).isEqualTo(before.layer("block4_conv3"));
    }
  }

  private static double[] flatten(float[][][] maps) {
    float[] flat = TestData.flatten(maps);
    return java.util.stream.IntStream.range(0, flat.length).mapToDouble(i -> flat[i]).toArray();
  }

  private static void assumeBf16() {
    assumeTrue(Precision.AUTO.resolve(CpuFeatures.current()) == Precision.BF16,
        "this CPU has neither AVX512_BF16 nor AMX, so bfloat16 cannot run here");
  }

  @Test
  void bf16ChangesTheArithmeticAndIsRecordedWhenSaved() throws IOException {
    assumeBf16();
    float[] images = TestData.images(6, 64, 5);
    VggTransferModel.Builder settings = TestData.small().inputSize(64).weights(VggWeights.randomFeatures(3));
    float[][] fp32;
    try (VggTransferModel model = settings.precision(Precision.FP32).build()) {
      fp32 = model.predict(images, 6);
    }
    try (VggTransferModel model = settings.precision(Precision.BF16).build()) {
      assertThat(model.precision()).isEqualTo(Precision.BF16);
      float[][] bf16 = model.predict(images, 6);
      boolean identical = true;
      for (int i = 0; i < 6; i++) {
        identical &= Arrays.equals(fp32[i], bf16[i]);
      }
      // the agreement itself is measured on real X-rays (PrecisionRealDataTest): noise images through
      // a random head are no measure of it
      assertThat(identical).as("bfloat16 must change the arithmetic").isFalse();

      Path saved = dir.resolve("bf16.model");
      model.save(saved);
      assertThat(ModelMetadata.read(saved).precision()).isEqualTo(Precision.BF16);
      try (VggTransferModel loaded = VggTransferModel.load(saved)) {
        assertThat(loaded.precision()).isEqualTo(Precision.BF16);
      }
    }
  }
}
