package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetManifestTest {

  @TempDir Path dir;

  private final ManifestEntry day0 = new ManifestEntry("ryct.2020200034.fig5-day0.jpeg", "15", "PA", "",
      "10.1148/ryct.2020200034", "COVID-19");
  private final ManifestEntry day4 = new ManifestEntry("ryct.2020200034.fig5-day4.jpeg", "15", "PA", "",
      "10.1148/ryct.2020200034", "COVID-19");
  private final ManifestEntry gr2a = new ManifestEntry("1-s2.0-S0929664620300449-gr2_lrg-a.jpg", "19",
      "AP", "CC BY-NC-ND", "10.1016/j.jfma.2020.02.007", "Pneumonia/Viral/COVID-19");
  private final ManifestEntry anonymous = new ManifestEntry("x.png", "", "", "", "", "");

  @Test
  void writesTheDocumentedCsvAndReadsItBack() throws IOException {
    DatasetManifest manifest = DatasetManifest.of(List.of(day0, gr2a));
    Path csv = dir.resolve(DatasetManifest.FILE_NAME);
    manifest.write(csv);
    assertThat(Files.readString(csv)).isEqualTo(
        "file,patient_id,view,license,source,finding\r\n"
        + "ryct.2020200034.fig5-day0.jpeg,15,PA,,10.1148/ryct.2020200034,COVID-19\r\n"
        + "1-s2.0-S0929664620300449-gr2_lrg-a.jpg,19,AP,CC BY-NC-ND,10.1016/j.jfma.2020.02.007,"
        + "Pneumonia/Viral/COVID-19\r\n");
    assertThat(DatasetManifest.read(csv).entries()).containsExactly(day0, gr2a);
    assertThat(DatasetManifest.readIfPresent(dir)).get()
        .extracting(DatasetManifest::entries).isEqualTo(List.of(day0, gr2a));
    assertThat(DatasetManifest.readIfPresent(dir.resolve("nowhere"))).isEmpty();
  }

  @Test
  void groupOfKeepsAPatientsImagesTogether() {
    DatasetManifest manifest = DatasetManifest.of(List.of(day0, day4, gr2a, anonymous));
    Path covid = Path.of("/data/dataset/covid");
    assertThat(manifest.groupOf(covid.resolve(day0.file()))).contains("15");
    assertThat(manifest.groupOf(covid.resolve(day4.file()))).contains("15");
    assertThat(manifest.groupOf(Path.of(gr2a.file()))).contains("19");
    assertThat(manifest.groupOf(Path.of("dataset/covid/./sub/../" + gr2a.file()))).contains("19");
    assertThat(manifest.groupOf(covid.resolve("x.png"))).as("unknown patient").isEmpty();
    assertThat(manifest.groupOf(covid.resolve("not-listed.jpg"))).isEmpty();
  }

  @Test
  void entriesWithSubfoldersMatchOnlyTheirOwnFolder() {
    ManifestEntry a = new ManifestEntry("train/a.jpg", "1", "", "", "", "");
    ManifestEntry b = new ManifestEntry("test/a.jpg", "2", "", "", "", "");
    DatasetManifest manifest = DatasetManifest.of(List.of(a, b));
    assertThat(manifest.groupOf(Path.of("/d/train/a.jpg"))).contains("1");
    assertThat(manifest.groupOf(Path.of("/d/test/a.jpg"))).contains("2");
    assertThat(manifest.groupOf(Path.of("/d/val/a.jpg"))).isEmpty();
  }

  @Test
  void readsToleratingCaseSpacesAndMissingOptionalColumns() throws IOException {
    Path csv = dir.resolve("m.csv");
    Files.writeString(csv, "\uFEFF File , Patient_ID\n a.jpg ,7\nb.jpg,\n");
    DatasetManifest manifest = DatasetManifest.read(csv);
    assertThat(manifest.entries()).containsExactly(
        new ManifestEntry("a.jpg", "7", "", "", "", ""), new ManifestEntry("b.jpg", "", "", "", "", ""));
  }

  @Test
  void rejectsUnsafePathsAndDuplicates() throws IOException {
    for (String bad : List.of("", "../etc/passwd", "/abs.jpg", "a//b.jpg", "C:/x.jpg", "a\\b.jpg")) {
      assertThatThrownBy(() -> new ManifestEntry(bad, "", "", "", "", ""))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> DatasetManifest.of(List.of(day0, day0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");

    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "file,patient_id\r\nok.jpg,1\r\n../x.jpg,2\r\n");
    assertThatThrownBy(() -> DatasetManifest.read(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(csv.toString())
        .hasMessageContaining("line 3");
  }
}
