package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PatientIds}: manifests of a data set folder, Cohen's column names, prefixes, conflicts. */
class PatientIdsTest {

  @TempDir Path dir;

  @Test
  void findsTheDataSetAndClassFolderManifestsSorted() throws IOException {
    Files.createDirectories(dir.resolve("normal"));
    Files.createDirectories(dir.resolve("covid"));
    Files.createDirectories(dir.resolve("empty"));
    Files.writeString(dir.resolve("normal/manifest.csv"), "file,patient_id\nn1.png,7\n");
    Files.writeString(dir.resolve("covid/manifest.csv"), "file,patient_id\nc1.png,7\n");
    Files.writeString(dir.resolve("manifest.csv"), "file,patient_id\n");
    assertThat(PatientIds.findManifests(dir)).containsExactly(dir.resolve("manifest.csv"),
        dir.resolve("covid/manifest.csv"), dir.resolve("normal/manifest.csv"));
  }

  @Test
  void prefixesIdsWithTheManifestFolderWhenThereAreSeveral() throws IOException {
    Files.createDirectories(dir.resolve("covid"));
    Files.createDirectories(dir.resolve("normal"));
    Files.writeString(dir.resolve("covid/manifest.csv"), "file,patient_id,view\nc1.png,1,PA\nc2.png,,PA\n");
    Files.writeString(dir.resolve("normal/manifest.csv"), "file,patient_id\nsub/n1.png,1\n");
    PatientIds ids = PatientIds.of(dir);

    assertThat(ids.apply(dir.resolve("covid/c1.png"))).isEqualTo("covid:1");
    assertThat(ids.apply(dir.resolve("normal/sub/n1.png"))).isEqualTo("normal:1");
    assertThat(ids.apply(dir.resolve("normal/n1.png"))).as("path must end with the entry's path").isNull();
    assertThat(ids.apply(dir.resolve("covid/c2.png"))).as("no patient id").isNull();
    assertThat(ids.apply(dir.resolve("covid/other.png"))).isNull();
    assertThat(ids.entries()).isEqualTo(2);
    assertThat(ids.manifests()).hasSize(2);
  }

  @Test
  void oneManifestKeepsItsIdsAsTheyAre() throws IOException {
    Files.writeString(dir.resolve("manifest.csv"), "file,patient_id\ncovid/a.png,p9\n");
    assertThat(PatientIds.of(dir).apply(dir.resolve("covid/a.png"))).isEqualTo("p9");
  }

  @Test
  void readsCohensMetadataColumns() throws IOException {
    Path metadata = dir.resolve("metadata.csv");
    Files.writeString(metadata, "Patientid,offset,finding,view,filename, url\n"
        + "2,0,COVID-19,PA,auntminnie-a-2020_01_28_23_51_6665_2020_01_28_Vietnam_coronavirus.jpeg,x\n"
        + "4,,COVID-19,PA,nejmoa2001191_f4.jpeg,y\n");
    PatientIds ids = PatientIds.read(List.of(metadata));
    assertThat(ids.apply(Path.of("xray/covid/nejmoa2001191_f4.jpeg"))).isEqualTo("4");
    assertThat(ids.entries()).isEqualTo(2);
  }

  @Test
  void aFileGivenToTwoPatientsIsAnErrorNamingBothManifests() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    Files.writeString(a, "file,patient_id\nx.png,1\n");
    Files.writeString(b, "filename,patient\nx.png,2\n");
    assertThatThrownBy(() -> PatientIds.read(List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(a.toString()).hasMessageContaining(b.toString()).hasMessageContaining("x.png");
    // the same patient twice (same folder, so the same prefix) is fine
    Files.writeString(b, "filename,patient\nx.png,1\n");
    assertThat(PatientIds.read(List.of(a, b)).apply(dir.resolve("x.png"))).isEqualTo(dir.getFileName() + ":1");
  }

  @Test
  void aManifestWithoutAFileColumnIsNamed() throws IOException {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "image,patient\nx.png,1\n");
    assertThatThrownBy(() -> PatientIds.read(List.of(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.csv has no file column").hasMessageContaining("[file, filename]");
  }

  @Test
  void noManifestMeansNoIds() throws IOException {
    PatientIds ids = PatientIds.of(dir);
    assertThat(ids.isEmpty()).isTrue();
    assertThat(ids.apply(dir.resolve("a.png"))).isNull();
  }
}
