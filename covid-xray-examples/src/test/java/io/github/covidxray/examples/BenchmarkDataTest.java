package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.DatasetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's plumbing on a tiny set (the measurements themselves are run by hand, see README). */
class BenchmarkDataTest {

  @TempDir Path dir;

  @Test
  void generatesAMixedSetTheLoaderReadsAndDecodesIt() throws IOException {
    Path set = dir.resolve("set");
    CommandRun run = CommandRun.of(CovidXray.commandLine(), "benchmark-data", "--data", set.toString(),
        "--generate", "40", "--min-size", "64", "--max-size", "80", "--decode", "4", "--image-size", "32");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("generated: 40 images 64-80 px").containsPattern("\\(a\\) decode\\+preprocess 4 JPEGs")
        .doesNotContain("PIXELS DIFFER").contains("peak RSS:");
    List<String> names;
    try (Stream<Path> files = Files.walk(set)) {
      names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
    // 17 of every 20 JPEG, 2 PNG (16-bit), 1 DICOM
    assertThat(names).hasSize(40);
    assertThat(names.stream().filter(n -> n.endsWith(".jpg"))).hasSize(34);
    assertThat(names.stream().filter(n -> n.endsWith(".png"))).hasSize(4);
    assertThat(names.stream().filter(n -> n.endsWith(".dcm"))).hasSize(2);
    try (ImageDataset data = DatasetLoader.builder().directory(set).imageSize(32).strict().build().load()) {
      assertThat(data.size()).isEqualTo(40);
      assertThat(data.classCounts()).containsExactly(20, 20);
    }
  }
}
