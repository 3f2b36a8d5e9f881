package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.ImageDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateSyntheticDatasetTest {

  @TempDir Path dir;

  @Test
  void writesALoadableSyntheticDataSetAndSaysSo() {
    Path output = dir.resolve("demo");

    CommandRun run = CommandRun.of(new GenerateSyntheticDataset(),
        "--output", output.toString(), "--per-class", "3", "--size", "48", "--seed", "5");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote 6 SYNTHETIC images (3 covid, 3 normal; 48x48, seed 5)")
        .contains("README.txt").contains("not medical images");
    ImageDataset data = DatasetLoader.builder().directory(output).imageSize(32).strict().build().load();
    assertThat(data.classNames()).containsExactly("covid", "normal");
    assertThat(data.classCounts()).containsExactly(3, 3);
  }

  @Test
  void refusesANonEmptyFolderUnlessToldToOverwrite() throws IOException {
    Path output = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(output.resolve("keep.txt"), "mine");

    CommandRun refused = CommandRun.of(new GenerateSyntheticDataset(),
        "--output", output.toString(), "--per-class", "2", "--size", "32");
    assertThat(refused.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(refused.err()).contains("not empty").contains("--overwrite");
    assertThat(count(output)).isEqualTo(1);

    CommandRun forced = CommandRun.of(new GenerateSyntheticDataset(),
        "--output", output.toString(), "--per-class", "2", "--size", "32", "--overwrite");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(Files.readString(output.resolve("keep.txt"))).isEqualTo("mine");
    assertThat(output.resolve("covid").resolve("synthetic-covid-001.png")).isRegularFile();
  }

  @Test
  void rejectsBadArgumentsAsUsageErrors() {
    for (String[] args : new String[][] {{"--per-class", "0"}, {"--size", "16"}, {"--size", "abc"}}) {
      CommandRun run = CommandRun.of(new GenerateSyntheticDataset(),
          Stream.concat(Stream.of("--output", dir.resolve("x").toString()), Stream.of(args))
              .toArray(String[]::new));
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
      assertThat(run.err()).contains(args[0]);
    }
    assertThat(dir.resolve("x")).doesNotExist();
  }

  private static long count(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }
}
