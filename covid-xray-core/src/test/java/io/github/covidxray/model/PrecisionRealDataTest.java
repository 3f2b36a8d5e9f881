package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.ChildJvm;
import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.ImageDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy cost of bfloat16 on the tutorial's 50 real X-rays at 224×224, with a seeded He-scaled
 * random base ({@link VggWeights#randomFeatures}) and its random head, measured in a fresh JVM.
 *
 * <p>What was measured here: every image kept its predicted class in every run (50/50), but the
 * largest probability difference varies from run to run: 0.029–0.030 on a quiet machine, up to
 * 0.24–0.33 while other builds loaded its two cores. Two identical bfloat16 models in one JVM differ
 * from each other in such runs (block1_conv1's output first, by more than its own scale), float32
 * models never did; one intra-op thread gave 0.03 twice and 0.24 once, so it is not the cure. The
 * cause is not found; the target (0.02) is not met, which is why BF16 stays opt-in. This test
 * therefore holds what was true in every run, the class agreement (at least 49 of 50), and prints the
 * difference. Skipped without the real data or a bf16 CPU.
 */
class PrecisionRealDataTest {

  private static final Pattern RESULT = Pattern.compile("max ([0-9.]+) same (\\d+)/(\\d+)");

  @TempDir Path dir;

  @Test
  void bf16KeepsThePredictedClassOfAtLeast49Of50RealXrays() throws Exception {
    String dataDir = System.getProperty("covidxray.data.dir");
    Path xray = dataDir == null ? null : Path.of(dataDir, "xray");
    assumeTrue(xray != null && Files.isDirectory(xray), "Real X-rays not found at " + xray
        + ": run with -Dcovidxray.data.dir=/path/to/data (default ../shared/data) to enable this test");
    assumeTrue(Precision.AUTO.resolve(CpuFeatures.current()) == Precision.BF16,
        "this CPU has neither AVX512_BF16 nor AMX");
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(ChildJvm.java(), "-cp", ChildJvm.flatClassPath(),
        PrecisionRealDataTest.class.getName(), xray.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Matcher m = RESULT.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    double maxDifference = Double.parseDouble(m.group(1));
    int sameClass = Integer.parseInt(m.group(2));
    System.out.printf(Locale.ROOT, "bf16 vs fp32 on %s real X-rays: max |dp| %.4f, same class %d%n", m.group(3),
        maxDifference, sameClass);
    assertThat(maxDifference).as("a probability difference, never NaN").isBetween(0.0, 1.0);
    assertThat(sameClass).isGreaterThanOrEqualTo(49);
  }

  /** The measurement, in the child JVM: prints {@code max D same N/M}. */
  public static void main(String[] args) throws IOException {
    ImageDataset data = DatasetLoader.builder().directory(Path.of(args[0])).build().load();
    VggTransferModel.Builder settings = VggTransferModel.builder().classes(data.classNames())
        .weights(VggWeights.randomFeatures(42)).seed(42);
    float[][] fp32 = predict(settings.precision(Precision.FP32), data);
    float[][] bf16 = predict(settings.precision(Precision.BF16), data);
    double maxDifference = 0;
    int sameClass = 0;
    for (int i = 0; i < data.size(); i++) {
      for (int c = 0; c < fp32[i].length; c++) {
        maxDifference = Math.max(maxDifference, Math.abs(fp32[i][c] - bf16[i][c]));
      }
      sameClass += (fp32[i][0] >= fp32[i][1]) == (bf16[i][0] >= bf16[i][1]) ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "max %.6f same %d/%d%n", maxDifference, sameClass, data.size());
  }

  private static float[][] predict(VggTransferModel.Builder settings, ImageDataset data) {
    try (VggTransferModel model = settings.build()) {
      float[][] out = new float[data.size()][];
      int row = 0;
      for (var batch : data.batches(8)) {
        for (float[] p : model.predict(batch.images(), batch.size())) {
          out[row++] = p;
        }
      }
      return List.of(out).toArray(new float[0][]);
    }
  }
}
