package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.data.DatasetManifest;
import io.github.covidxray.data.ManifestEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCovidDatasetTest {

  /** Every file the fixture names, except missing-image.jpeg, which the image folder lacks. */
  private static final List<String> PRESENT = List.of(
      "radiopedia-covid-19-pneumonia-2.jpg", "auntminnie-a.jpeg", "auntminnie-b.jpeg",
      "nCoV-radiol.2020200269.fig1-day7.jpeg", "nejmoa2001191_f1-L.jpeg", "jkms-35-e79-g001-l-a.jpg",
      "supine-day2.jpg", "SARS-10.1148rg.242035193-g04mr34g0-Fig8a-day0.jpeg", "ARDSSevere.png",
      "covid-ct.jpg");

  @TempDir Path dir;
  Path metadata;
  Path images;
  Path output;

  @BeforeEach
  void fixture() throws IOException {
    metadata = dir.resolve("metadata.csv");
    try (InputStream in = getClass().getResourceAsStream("metadata-quirks.csv")) {
      Files.copy(in, metadata);
    }
    images = Files.createDirectory(dir.resolve("images"));
    for (String name : PRESENT) {
      Files.writeString(images.resolve(name), "fake image bytes of " + name);
    }
    output = dir.resolve("dataset/covid");
  }

  private CommandRun build(String... extra) {
    String[] base = {"--metadata", metadata.toString(), "--images", images.toString(),
        "--output", output.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CommandRun.of(new BuildCovidDataset(), args);
  }

  private List<String> outputFiles() throws IOException {
    try (Stream<Path> files = Files.list(output)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void fixtureHasTheRealFilesQuirks() throws IOException {
    byte[] bytes = Files.readAllBytes(metadata);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith("Patientid,").contains(", url,\r\n")
        .contains("\"Tongji Medical College, Wuhan").contains("day 7\r\nshows")
        .contains(",COVID-19,").contains(",Pneumonia/Viral/COVID-19,");
    assertThat(text.replace("\r\n", "")).as("every line ends in CRLF").doesNotContain("\n");
  }

  @Test
  void defaultSelectsCovidPaCopiesBytesAndWritesTheManifest() throws IOException {
    CommandRun run = build();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(outputFiles()).containsExactly("auntminnie-a.jpeg", "auntminnie-b.jpeg",
        "manifest.csv", "nCoV-radiol.2020200269.fig1-day7.jpeg", "radiopedia-covid-19-pneumonia-2.jpg");
    for (String name : List.of("auntminnie-a.jpeg", "nCoV-radiol.2020200269.fig1-day7.jpeg")) {
      assertThat(output.resolve(name)).hasSameBinaryContentAs(images.resolve(name));
    }
    assertThat(DatasetManifest.read(output.resolve("manifest.csv")).entries()).containsExactly(
        new ManifestEntry("radiopedia-covid-19-pneumonia-2.jpg", "1", "PA", "",
            "https://radiopaedia.org/cases/covid-19-pneumonia-2", "COVID-19"),
        new ManifestEntry("auntminnie-a.jpeg", "2", "PA", "", "10.1056/nejmc2001272", "COVID-19"),
        new ManifestEntry("auntminnie-b.jpeg", "2", "PA", "", "10.1056/nejmc2001272", "COVID-19"),
        new ManifestEntry("nCoV-radiol.2020200269.fig1-day7.jpeg", "12", "PA", "",
            "10.1148/radiol.2020200269", "Pneumonia/Viral/COVID-19"));
    assertThat(run.out()).contains("5 of 11 rows")
        .contains("copied 4 image(s)").contains("skipped 1").contains("manifest.csv")
        .contains("4 not stated").contains("research use only");
    // the row after the note with a line break starts on line 12 of the file
    assertThat(run.err()).contains("missing-image.jpeg").contains("line 12");
  }

  @Test
  void otherViewsOnRequest() throws IOException {
    CommandRun run = build("--view", "AP", "--view", "AP Supine");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(outputFiles()).containsExactly("jkms-35-e79-g001-l-a.jpg", "manifest.csv", "supine-day2.jpg");
    assertThat(DatasetManifest.read(output.resolve("manifest.csv")).entries())
        .extracting(ManifestEntry::view).containsExactly("AP", "AP Supine");

    Path other = dir.resolve("pa-and-lateral");
    CommandRun both = CommandRun.of(new BuildCovidDataset(), "--metadata", metadata.toString(),
        "--images", images.toString(), "--output", other.toString(), "--view", "pa,l");
    assertThat(both.exitCode()).as(both.err()).isZero();
    assertThat(other.resolve("nejmoa2001191_f1-L.jpeg")).exists();
    assertThat(both.out()).contains("copied 5 image(s)");
  }

  @Test
  void refusesToOverwriteUnlessTold() throws IOException {
    assertThat(build().exitCode()).isZero();
    Path copied = output.resolve("auntminnie-a.jpeg");
    Files.writeString(copied, "edited by the user");

    CommandRun again = build();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("error: refusing to overwrite 5 existing file(s)")
        .contains("--overwrite");
    assertThat(Files.readString(copied)).isEqualTo("edited by the user");

    CommandRun forced = build("--overwrite");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(copied).hasSameBinaryContentAs(images.resolve("auntminnie-a.jpeg"));
  }

  @Test
  void strictFailsOnAMissingImageBeforeCopyingAnything() {
    CommandRun run = build("--strict");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error: 1 selected image(s) are missing").contains("nothing was copied");
    assertThat(output).doesNotExist();
  }

  @Test
  void warnsAboutOtherFilesAlreadyInTheOutput() throws IOException {
    Files.createDirectories(output);
    Files.writeString(output.resolve("stale.jpg"), "from an older run");
    CommandRun run = build();
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("1 other file(s)").contains("stale.jpg");
  }

  @Test
  void failuresAndUsageErrorsHaveTheirExitCodes() throws IOException {
    CommandRun help = CommandRun.of(new BuildCovidDataset(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--metadata").contains("--images").contains("--view")
        .contains("--overwrite").contains("Research use only");

    assertThat(CommandRun.of(new BuildCovidDataset(), "--images", images.toString()).exitCode())
        .as("missing --metadata").isEqualTo(2);
    CommandRun noFile = CommandRun.of(new BuildCovidDataset(), "--metadata", "nope.csv",
        "--images", images.toString());
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("nope.csv");
    assertThat(build("--view", " ").exitCode()).isEqualTo(2);

    Path empty = Files.createDirectory(dir.resolve("empty"));
    CommandRun noImages = CommandRun.of(new BuildCovidDataset(), "--metadata", metadata.toString(),
        "--images", empty.toString(), "--output", output.toString());
    assertThat(noImages.exitCode()).isEqualTo(1);
    assertThat(noImages.err()).contains("error: none of the 5 selected images");

    CommandRun noRows = build("--view", "Coronal");
    assertThat(noRows.exitCode()).isEqualTo(1);
    assertThat(noRows.err()).contains("no row of").contains("view Coronal");

    Path broken = dir.resolve("broken.csv");
    Files.writeString(broken, "Patientid,finding,view,filename\r\n1,COVID-19,PA,\"a.jpg\r\n");
    CommandRun badCsv = CommandRun.of(new BuildCovidDataset(), "--metadata", broken.toString(),
        "--images", images.toString(), "--output", output.toString());
    assertThat(badCsv.exitCode()).isEqualTo(1);
    assertThat(badCsv.err()).contains("broken.csv, line 2").contains("unterminated");
  }

  @Test
  void refusesFileNamesThatEscapeTheImageFolder() throws IOException {
    Path evil = dir.resolve("evil.csv");
    Files.writeString(evil, "patientid,finding,view,filename\n1,COVID-19,PA,../metadata.csv\n");
    CommandRun run = CommandRun.of(new BuildCovidDataset(), "--metadata", evil.toString(),
        "--images", images.toString(), "--output", output.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("line 2").contains("not a plain file name");
    assertThat(output).doesNotExist();
  }
}
