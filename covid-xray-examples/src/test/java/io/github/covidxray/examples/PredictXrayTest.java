package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PredictXray}'s failures before any image is read; classification is in the end-to-end test. */
class PredictXrayTest {

  @TempDir Path dir;

  @Test
  void withoutImagesItIsAUsageError() {
    CommandRun run = CommandRun.of(new PredictXray(), "--model", dir.toString());
    assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(run.err()).contains("IMAGE");
  }

  @Test
  void aMissingModelFailsNamingIt() {
    Path missing = dir.resolve("no.model");
    CommandRun run = CommandRun.of(new PredictXray(), "--model", missing.toString(), "x.png");
    assertThat(run.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(run.err()).startsWith("error: ").contains(missing.toString()).contains("no such directory");
  }
}
