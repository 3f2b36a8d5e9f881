package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.data.Batch;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.RandomRotation;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every tensor of a training step is closed: many steps do not grow the process's native memory.
 *
 * <p>Measured as resident memory minus what the JVM has committed for its heap and non-heap pools, so
 * Java garbage does not count. A leaked input tensor alone (8 x 32 x 32 x 3 floats, 98 KiB) would add
 * about 98 MiB over the 1000 measured steps; the bound is 32 MiB.
 */
class NativeMemoryTest {
  private static final int STEPS = 1000;
  private static final long BOUND_BYTES = 32L << 20;

  @Test
  void manyStepsDoNotGrowNativeMemory() throws IOException {
    Path status = Path.of("/proc/self/status");
    assumeTrue(Files.isReadable(status), "needs /proc/self/status (Linux) to read resident memory");
    ImageDataset data = SyntheticSets.discVersusBackground(8, 32, 4);
    int[] indices = {0, 1, 2, 3, 4, 5, 6, 7};
    SplittableRandom random = new SplittableRandom(1);
    try (VggTransferModel model = VggTransferModel.builder().inputSize(32).weights(VggWeights.none())
        .classes(SyntheticSets.CLASSES).headUnits(16).inputScaling(InputScaling.CAFFE).build()) {
      model.compile(AdamSettings.keras());
      Runnable step = () -> {
        Batch batch = data.batch(indices, RandomRotation.ofDegrees(15), random);
        model.trainStep(batch, 1e-4f);
        model.evaluate(batch);
        model.predict(batch.images(), batch.size());
      };
      for (int i = 0; i < 200; i++) {
        step.run();
      }
      long before = nativeBytes(status);
      for (int i = 0; i < STEPS; i++) {
        step.run();
      }
      long after = nativeBytes(status);
      assertThat(after - before)
          .as("native memory growth over %d steps (before %d MiB, after %d MiB)", STEPS, before >> 20, after >> 20)
          .isLessThan(BOUND_BYTES);
    }
  }

  private static long nativeBytes(Path status) throws IOException {
    System.gc();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long javaCommitted = memory.getHeapMemoryUsage().getCommitted()
        + memory.getNonHeapMemoryUsage().getCommitted();
    long rss = Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
        .findFirst().orElseThrow();
    System.out.printf("MEM rss=%d MiB java=%d MiB native=%d MiB%n", rss >> 20, javaCommitted >> 20,
        (rss - javaCommitted) >> 20);
    return rss - javaCommitted;
  }
}
