package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Precision}: resolution against CPU flags (injected), bf16 against fp32, and persistence. */
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
  void bf16ChangesTheArithmeticAndIsRecordedWhenSaved() throws IOException {
    assumeTrue(Precision.AUTO.resolve(CpuFeatures.current()) == Precision.BF16,
        "this CPU has neither AVX512_BF16 nor AMX, so bfloat16 cannot run here");
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
      assertThat(identical).as("the bfloat16 rewrite must change the arithmetic").isFalse();

      Path saved = dir.resolve("bf16.model");
      model.save(saved);
      assertThat(ModelMetadata.read(saved).precision()).isEqualTo(Precision.BF16);
      try (VggTransferModel loaded = VggTransferModel.load(saved)) {
        assertThat(loaded.precision()).isEqualTo(Precision.BF16);
      }
    }
  }
}
