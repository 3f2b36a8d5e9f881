package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.data.DatasetManifest;
import io.github.covidxray.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BuildCovidDataset on the real March 2020 metadata and the tutorial's 25 COVID-19 images. */
class BuildCovidDatasetRealDataTest {

  @TempDir Path dir;

  @Test
  void rebuildsTheTutorialsCovidFolderExactly() throws IOException {
    String property = System.getProperty("covidxray.data.dir");
    assumeTrue(property != null && !property.isBlank(),
        "covidxray.data.dir is not set; run with -Dcovidxray.data.dir=/path/to/shared/data");
    Path data = Path.of(property);
    Path metadata = data.resolve("cohen-metadata.csv");
    Path covid = data.resolve("xray/covid");
    assumeTrue(Files.isRegularFile(metadata) && Files.isDirectory(covid),
        "real data not found under " + data + " (needs cohen-metadata.csv and xray/covid/); pass"
            + " -Dcovidxray.data.dir=/path/to/shared/data to run this test");

    Path output = dir.resolve("covid");
    CommandRun run = CommandRun.of(new BuildCovidDataset(), "--metadata", metadata.toString(),
        "--images", covid.toString(), "--output", output.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("25 of 49 rows").contains("copied 25 image(s)").contains("skipped 0");
    List<String> expected;
    try (Stream<Path> files = Files.list(covid)) {
      expected = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    DatasetManifest manifest = DatasetManifest.read(output.resolve(DatasetManifest.FILE_NAME));
    assertThat(manifest.entries()).extracting(ManifestEntry::file)
        .containsExactlyInAnyOrderElementsOf(expected);
    for (String name : expected) {
      assertThat(output.resolve(name)).hasSameBinaryContentAs(covid.resolve(name));
    }
    assertThat(manifest.groupOf(output.resolve("ryct.2020200034.fig5-day0.jpeg")))
        .isEqualTo(manifest.groupOf(output.resolve("ryct.2020200034.fig5-day7.jpeg")));
  }
}
