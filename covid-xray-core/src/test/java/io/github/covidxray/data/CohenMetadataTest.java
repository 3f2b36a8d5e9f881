package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.internal.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohenMetadataTest {

  @TempDir Path dir;

  /** The March 2020 layout: capital P, " url", unnamed trailing notes column, CRLF. */
  private static final String EARLY = String.join("\r\n",
      "Patientid,offset,sex,age,finding,survival,view,date,location,filename,doi, url,",
      "1, ,,,COVID-19,,PA,2019,,radiopedia-covid-19-pneumonia-2.jpg,,https://radiopaedia.org/cases/covid-19-pneumonia-2,",
      "12,7,M,42,COVID-19,Y,PA,\"January 1, 2020\",\"Tongji Medical College, Wuhan\",nCoV-radiol.2020200269.fig1-day7.jpeg,10.1148/radiol.2020200269,https://pubs.rsna.org/doi/10.1148/radiol.2020200269,\"A, Chest radiograph\r\non day 7\"",
      "13,4,M,35,COVID-19,Y,L,2020,,nejmoa2001191_f1-L.jpeg,10.1056/NEJMoa2001191,https://www.nejm.org,",
      "17,3,M,54,COVID-19,Y,AP,2020,,jkms-35-e79-g001-l-a.jpg,10.3346/jkms.2020.35.e79,https://www.jkms.org,",
      "3,4,M,74,SARS,N,PA,2004,,SARS-Fig8a-day0.jpeg,10.1148/rg.242035193,https://pubs.rsna.org,",
      "20,,,,covid-19 ,,pa,2020,,lower-case.jpeg,,https://example.org/lower,",
      "") ;

  /** A later layout: patientid, folder, license, hierarchical findings, "AP Supine". */
  private static final String LATER = String.join("\n",
      "patientid,offset,sex,age,finding,RT_PCR_positive,survival,view,modality,date,location,folder,filename,doi,url,license,clinical_notes,other_notes,",
      "19,10,F,55,Pneumonia/Viral/COVID-19,Y,Y,AP,X-ray,2020,\"Taoyuan, Taiwan\",images,1-s2.0-S0929664620300449-gr2_lrg-a.jpg,10.1016/j.jfma.2020.02.007,https://www.sciencedirect.com,CC BY-NC-ND,,,",
      "100,,M,60,Pneumonia/Viral/COVID-19,Y,,AP Supine,X-ray,2020,,images,supine.jpg,,https://radiopaedia.org/x,CC BY-NC-SA,,,",
      "101,,M,60,Pneumonia/Viral/COVID-19,Y,,AP  supine,X-ray,2020,,images,supine-2.jpg,,https://radiopaedia.org/y,CC BY-NC-SA,,,",
      "102,,F,50,Pneumonia/Viral/SARS,,,PA,X-ray,2004,,images,sars.jpg,,,,,,",
      "103,,F,50,\"COVID-19, ARDS\",,,PA,X-ray,2020,,images,ards.jpg,,,,,,",
      "104,,F,50,Pneumonia/Viral/COVID-19,,,Axial,CT,2020,,images,ct.jpg,,,,,,",
      "105,,F,50,Pneumonia/Viral/COVID-19,,,PA,X-ray,2020,,images,,,,,,,",
      "");

  private static CohenMetadata parse(String text) throws IOException {
    return CohenMetadata.of(CsvTable.parse(text, "metadata.csv"));
  }

  private static List<String> names(List<CohenMetadata.Image> images) {
    return images.stream().map(CohenMetadata.Image::fileName).toList();
  }

  @Test
  void earlyLayoutSelectsCovidPaLikeTheTutorial() throws IOException {
    CohenMetadata meta = parse(EARLY);
    assertThat(meta.images()).hasSize(6);
    List<CohenMetadata.Image> pa = meta.selectCovid19(List.of("PA"));
    assertThat(names(pa)).containsExactly("radiopedia-covid-19-pneumonia-2.jpg",
        "nCoV-radiol.2020200269.fig1-day7.jpeg", "lower-case.jpeg");

    CohenMetadata.Image radiopaedia = pa.get(0);
    assertThat(radiopaedia.patientId()).isEqualTo("1");
    assertThat(radiopaedia.source()).as("no doi: the url").isEqualTo(
        "https://radiopaedia.org/cases/covid-19-pneumonia-2");
    assertThat(radiopaedia.license()).isEmpty();
    assertThat(radiopaedia.line()).isEqualTo(2);

    CohenMetadata.Image day7 = pa.get(1);
    assertThat(day7.source()).isEqualTo("10.1148/radiol.2020200269");
    assertThat(day7.patientId()).isEqualTo("12");
    assertThat(pa.get(2).line()).as("after a note with a line break").isEqualTo(8);
    assertThat(day7.toManifestEntry()).isEqualTo(new ManifestEntry(
        "nCoV-radiol.2020200269.fig1-day7.jpeg", "12", "PA", "", "10.1148/radiol.2020200269", "COVID-19"));
  }

  @Test
  void viewsAreRepeatableAndComparedLoosely() throws IOException {
    CohenMetadata meta = parse(EARLY);
    assertThat(names(meta.selectCovid19(List.of(" ap ")))).containsExactly("jkms-35-e79-g001-l-a.jpg");
    assertThat(names(meta.selectCovid19(List.of("PA", "L")))).hasSize(4)
        .contains("nejmoa2001191_f1-L.jpeg");
    assertThatThrownBy(() -> meta.selectCovid19(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> meta.selectCovid19(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void laterLayoutWithHierarchicalFindingsFolderAndLicense() throws IOException {
    CohenMetadata meta = parse(LATER);
    assertThat(names(meta.selectCovid19(List.of("PA")))).isEmpty();
    assertThat(names(meta.selectCovid19(List.of("AP")))).containsExactly(
        "1-s2.0-S0929664620300449-gr2_lrg-a.jpg");
    assertThat(names(meta.selectCovid19(List.of("AP Supine")))).containsExactly(
        "supine.jpg", "supine-2.jpg");
    CohenMetadata.Image a = meta.selectCovid19(List.of("AP")).get(0);
    assertThat(a.license()).isEqualTo("CC BY-NC-ND");
    assertThat(a.folder()).isEqualTo("images");
    assertThat(a.finding()).isEqualTo("Pneumonia/Viral/COVID-19");
  }

  @Test
  void findingSpellings() {
    assertThat(CohenMetadata.isCovid19("COVID-19")).isTrue();
    assertThat(CohenMetadata.isCovid19(" covid-19 ")).isTrue();
    assertThat(CohenMetadata.isCovid19("Pneumonia/Viral/COVID-19")).isTrue();
    assertThat(CohenMetadata.isCovid19("pneumonia/viral/covid-19")).isTrue();
    assertThat(CohenMetadata.isCovid19("Pneumonia/Viral/SARS")).isFalse();
    assertThat(CohenMetadata.isCovid19("COVID-19, ARDS")).isFalse();
    assertThat(CohenMetadata.isCovid19("No Finding")).isFalse();
    assertThat(CohenMetadata.isCovid19(null)).isFalse();
  }

  @Test
  void locatesImagesDirectlyOrInTheirFolderAndRefusesUnsafeNames() throws IOException {
    CohenMetadata.Image a = parse(LATER).selectCovid19(List.of("AP")).get(0);
    assertThat(a.locateIn(dir)).isEmpty();
    Path inFolder = Files.createDirectories(dir.resolve("images")).resolve(a.fileName());
    Files.write(inFolder, new byte[] {1});
    assertThat(a.locateIn(dir)).contains(inFolder);
    assertThat(a.locateIn(dir.resolve("images"))).contains(inFolder);

    CohenMetadata evil = parse("patientid,finding,view,filename\n1,COVID-19,PA,../../etc/passwd\n");
    CohenMetadata.Image bad = evil.selectCovid19(List.of("PA")).get(0);
    assertThat(bad.hasPlainFileName()).isFalse();
    assertThatThrownBy(() -> bad.locateIn(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("../../etc/passwd");
  }

  @Test
  void missingRequiredColumnNamesTheFile() throws IOException {
    Path csv = dir.resolve("metadata.csv");
    Files.writeString(csv, "patientid,view,filename\r\n1,PA,a.jpg\r\n");
    assertThatThrownBy(() -> CohenMetadata.read(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(csv.toString())
        .hasMessageContaining("'finding'");
  }
}
