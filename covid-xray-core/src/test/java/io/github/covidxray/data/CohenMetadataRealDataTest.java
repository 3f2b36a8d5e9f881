package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's selection against the real March 2020 metadata: finding COVID-19 and view PA must
 * give exactly the 25 files of the tutorial's {@code covid/} folder.
 */
class CohenMetadataRealDataTest {

  private static Path dataDir() {
    String property = System.getProperty("covidxray.data.dir");
    assumeTrue(property != null && !property.isBlank(),
        "covidxray.data.dir is not set; run with -Dcovidxray.data.dir=/path/to/shared/data to test"
            + " against the real cohen-metadata.csv");
    Path dir = Path.of(property);
    assumeTrue(Files.isRegularFile(dir.resolve("cohen-metadata.csv"))
            && Files.isDirectory(dir.resolve("xray/covid")),
        "real data not found: " + dir + " has no cohen-metadata.csv and xray/covid/; pass"
            + " -Dcovidxray.data.dir=/path/to/shared/data to run this test");
    return dir;
  }

  @Test
  void paCovidRowsAreExactlyTheTutorials25Images() throws IOException {
    Path data = dataDir();
    List<String> expected;
    try (Stream<Path> files = Files.list(data.resolve("xray/covid"))) {
      expected = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(expected).hasSize(25);

    CohenMetadata meta = CohenMetadata.read(data.resolve("cohen-metadata.csv"));
    assertThat(meta.images()).hasSize(49);
    List<CohenMetadata.Image> selected = meta.selectCovid19(List.of("PA"));
    assertThat(selected).extracting(CohenMetadata.Image::fileName)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(selected).allSatisfy(image -> {
      assertThat(image.locateIn(data.resolve("xray/covid"))).isPresent();
      assertThat(image.patientId()).isNotEmpty();
      assertThat(image.source()).isNotEmpty();
    });
    // the four Taoyuan films are one patient; the radiopaedia duplicate has no DOI, only its URL
    assertThat(selected).filteredOn(i -> i.fileName().startsWith("1-s2.0-S0929664620300449-gr2"))
        .extracting(CohenMetadata.Image::patientId).containsOnly("19").hasSize(4);
    assertThat(selected).filteredOn(i -> i.fileName().startsWith("radiopedia"))
        .extracting(CohenMetadata.Image::source)
        .containsExactly("https://radiopaedia.org/cases/covid-19-pneumonia-2");
  }
}
