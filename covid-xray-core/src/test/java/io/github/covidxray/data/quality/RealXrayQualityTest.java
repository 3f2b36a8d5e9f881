package io.github.covidxray.data.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.Fold;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.StratifiedGroupKFold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leakage check, group split and group k-fold on the tutorial's 50 real X-rays, with patient ids from
 * the real Cohen metadata ({@code <covidxray.data.dir>/cohen-metadata.csv}); skipped when absent.
 *
 * <p>What is really there: the known duplicate radiograph's other copy ({@code covid-19-pneumonia-2.jpg})
 * is not in the folder, so no pair of files is the same radiograph; the check instead flags
 * {@code nejmoa2001191_f4} and {@code _f5}, films of one patient on consecutive days.
 */
class RealXrayQualityTest {

  private static final String PROPERTY = "covidxray.data.dir";

  private static Path dataDir;
  private static ImageDataset data;
  private static PerceptualHash[] hashes;

  @BeforeAll
  static void loadOnceIfPresent() throws IOException {
    String dir = System.getProperty(PROPERTY);
    dataDir = dir == null ? null : Path.of(dir);
    if (dataDir != null && Files.isDirectory(dataDir.resolve("xray"))
        && Files.isRegularFile(dataDir.resolve("cohen-metadata.csv"))) {
      Map<String, String> patients = cohenPatients(dataDir.resolve("cohen-metadata.csv"));
      data = DatasetLoader.builder().directory(dataDir.resolve("xray")).strict().build().load()
          .withGroups(p -> patients.get(p.getFileName().toString()));
      hashes = new PerceptualHash[data.size()];
      for (int i = 0; i < data.size(); i++) {
        hashes[i] = PerceptualHash.of(data, i);
      }
    }
  }

  @BeforeEach
  void requireRealData() {
    assumeTrue(data != null, "Real X-rays or metadata not found under " + dataDir + ": this test needs xray/covid, "
        + "xray/normal and cohen-metadata.csv there; run with -D" + PROPERTY + "=/path/to/data "
        + "(default ../shared/data) to enable it");
  }

  @Test
  void theOnlyNearDuplicateIsOnePatientsConsecutiveDays() {
    LeakageReport report = LeakageCheck.defaults().scan(data);
    assertThat(report.pairs(LeakageKind.IDENTICAL_FILE)).isEmpty();
    assertThat(report.pairs(LeakageKind.SHARED_GROUP)).as("patient ids are unique to covid").isEmpty();
    assertThat(report.pairs()).singleElement().satisfies(pair -> {
      assertThat(pair.kind()).isEqualTo(LeakageKind.NEAR_DUPLICATE);
      assertThat(pair.first().file().getFileName()).hasToString("nejmoa2001191_f4.jpeg");
      assertThat(pair.second().file().getFileName()).hasToString("nejmoa2001191_f5-PA.jpeg");
      assertThat(pair.first().group()).isPresent().isEqualTo(pair.second().group());
      assertThat(pair.hashDistance()).isLessThanOrEqualTo(LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE);
    });
  }

  @Test
  void differentPatientsStayWellAboveTheThreshold() {
    int closestUnrelated = PerceptualHash.BITS;
    int radiopediaClosest = PerceptualHash.BITS;
    int radiopedia = indexOf("radiopedia-covid-19-pneumonia-2.jpg");
    for (int i = 0; i < data.size(); i++) {
      for (int j = i + 1; j < data.size(); j++) {
        boolean samePatient = data.group(i).isPresent() && data.group(i).equals(data.group(j));
        int d = hashes[i].distance(hashes[j]);
        if (!samePatient) {
          closestUnrelated = Math.min(closestUnrelated, d);
        }
        if (i == radiopedia || j == radiopedia) {
          radiopediaClosest = Math.min(radiopediaClosest, d);
        }
      }
    }
    // the threshold's documented margin: at least 8 bits below any two different patients
    assertThat(closestUnrelated).isGreaterThan(LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE + 8);
    assertThat(radiopediaClosest).as("no second copy of the radiopedia radiograph in the folder")
        .isGreaterThan(LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE);
  }

  @Test
  void groupSplitKeepsPatientsTogetherAndPassesAStrictCheck() {
    DatasetSplit split = data.split(0.2, 42);
    // 25 images per class; covid has six single-image patients, enough to top up to round(25 * 0.2)
    assertThat(split.test().classCounts()).containsExactly(5, 5);
    assertThat(groups(split.train())).doesNotContainAnyElementsOf(groups(split.test()));
    LeakageReport report = LeakageCheck.builder().strict().build().check(split);
    assertThat(report.isClean()).isTrue();
  }

  @Test
  void imageLevelSplitsSeparatePatientsAndTheCheckSaysSo() {
    // the tutorial's split, and plain stratified folds that ignore patients, checked against patient ids
    List<Fold> imageFolds = StratifiedGroupKFold.withDefaultFolds(42).folds(data.labels(), null, data.classNames());
    List<LeakageReport> reports = LeakageCheck.defaults().check(data, imageFolds);
    int leakyFolds = 0;
    for (Fold fold : imageFolds) {
      DatasetSplit split = fold.split(data);
      Set<String> shared = new HashSet<>(groups(split.train()));
      shared.retainAll(groups(split.test()));
      List<LeakagePair> found = reports.get(fold.index()).pairs(LeakageKind.SHARED_GROUP);
      assertThat(found.stream().map(p -> p.first().group().orElseThrow()).distinct())
          .as("fold %d", fold.index()).containsExactlyInAnyOrderElementsOf(shared);
      leakyFolds += shared.isEmpty() ? 0 : 1;
    }
    assertThat(leakyFolds).as("image-level folds split patients").isPositive();

    DatasetSplit tutorial = data.split(0.2, 42);
    Set<String> shared = new HashSet<>(groups(tutorial.train()));
    shared.retainAll(groups(tutorial.test()));
    assertThat(LeakageCheck.defaults().scan(tutorial.train(), tutorial.test()).pairs(LeakageKind.SHARED_GROUP)
        .stream().map(p -> p.first().group().orElseThrow()).distinct()).containsExactlyInAnyOrderElementsOf(shared);
  }

  @Test
  void fiveGroupFoldsCoverEveryImageOnceWithoutSplittingPatients() {
    List<Fold> folds = StratifiedGroupKFold.withDefaultFolds(42).folds(data);
    int[] tested = new int[data.size()];
    Map<String, Integer> foldOfPatient = new HashMap<>();
    for (Fold fold : folds) {
      ImageDataset test = fold.split(data).test();
      assertThat(test.classCounts()[1]).as("normal images are their own groups: 25 / 5").isEqualTo(5);
      assertThat(test.classCounts()[0]).as("covid in fold %d", fold.index()).isBetween(4, 6);
      for (int i : fold.testIndices()) {
        tested[i]++;
        data.group(i).ifPresent(g -> assertThat(foldOfPatient.merge(g, fold.index(), (a, b) -> a == b ? a : -1))
            .as("patient %s", g).isEqualTo(fold.index()));
      }
    }
    assertThat(tested).containsOnly(1);
    assertThat(foldOfPatient).hasSize(12);
  }

  private static Set<String> groups(ImageDataset d) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < d.size(); i++) {
      d.group(i).ifPresent(out::add);
    }
    return out;
  }

  private static int indexOf(String name) {
    for (int i = 0; i < data.size(); i++) {
      if (data.source(i).getFileName().toString().equals(name)) {
        return i;
      }
    }
    throw new AssertionError(name + " not loaded");
  }

  /** File name to patient id from Cohen's metadata: a small RFC 4180 reader (quoted commas, CRLF). */
  private static Map<String, String> cohenPatients(Path csv) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    String text = Files.readString(csv);
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (ch == '\n') {
        row.add(cell.toString().replace("\r", ""));
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        cell.append(ch);
      }
    }
    List<String> header = rows.get(0).stream().map(String::strip).toList();
    int patient = header.indexOf("Patientid");
    int file = header.indexOf("filename");
    Map<String, String> out = new HashMap<>();
    for (List<String> r : rows.subList(1, rows.size())) {
      out.put(r.get(file).strip(), r.get(patient).strip());
    }
    return out;
  }
}
