package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.quality.LeakageKind;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's data steps (no training): patient-level split from manifests, leakage warnings. */
class Covid19PipelineTest {

  @TempDir
  static Path root;

  private static SyntheticDataset data;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @BeforeAll
  static void writeDataset() throws IOException {
    data = new SyntheticXrays(48, 48, 11).writeDataset(root.resolve("dataset"), 10, false);
  }

  @Test
  void patientIdsFromAManifestKeepEveryPatientOnOneSide() throws IOException {
    // covid images 0-9 belong to five patients, two films each; normal images have no manifest
    StringBuilder csv = new StringBuilder("file,patient_id,view\r\n");
    for (int i = 0; i < data.covid().size(); i++) {
      csv.append(data.covid().get(i).getFileName()).append(",patient-").append(i / 2).append(",PA\r\n");
    }
    Path manifest = Files.writeString(data.directory().resolve("covid/manifest.csv"), csv);
    try {
      Covid19Pipeline pipeline = new Covid19Pipeline(options(data.directory()), out);
      ImageDataset loaded = pipeline.loadData();
      DatasetSplit split = pipeline.split(loaded);

      Set<String> trainPatients = groups(split.train());
      Set<String> testPatients = groups(split.test());
      assertThat(trainPatients).hasSize(4);
      assertThat(testPatients).hasSize(1).doesNotContainAnyElementsOf(trainPatients);
      assertThat(split.test().classCounts()).containsExactly(2, 2);
      assertThat(text()).contains("[INFO] patient ids for 10 of 20 images from [" + manifest + "]")
          .contains("stratified patient-level split (seed 42): 16 training images (covid 8, normal 8),"
              + " 4 test images (covid 2, normal 2)");
      assertThat(pipeline.checkLeakage(split).pairs(LeakageKind.SHARED_GROUP)).isEmpty();
    } finally {
      Files.delete(manifest);
    }
  }

  @Test
  void withoutManifestsTheSplitIsThePlainStratifiedOne() throws IOException {
    Covid19Pipeline pipeline = new Covid19Pipeline(options(data.directory()), out);
    ImageDataset loaded = pipeline.loadData();
    DatasetSplit split = pipeline.split(loaded);

    DatasetSplit expected = loaded.split(0.2, 42);
    assertThat(IntStream.range(0, split.test().size()).mapToObj(i -> split.test().source(i)))
        .containsExactlyElementsOf(IntStream.range(0, expected.test().size())
            .mapToObj(i -> expected.test().source(i)).toList());
    assertThat(text()).contains("[INFO] stratified split (seed 42)").doesNotContain("patient");
  }

  @Test
  void theLeakageCheckWarnsListingTheIdenticalFilesAcrossTheSplit() throws IOException {
    Covid19Pipeline pipeline = new Covid19Pipeline(options(data.directory()), out);
    ImageDataset loaded = pipeline.loadData();
    // test part = two training images again: two identical-file pairs
    ImageDataset train = loaded.subset(IntStream.range(0, loaded.size()).toArray());
    ImageDataset test = loaded.subset(new int[] {0, loaded.size() - 1});

    LeakageReport report = pipeline.checkLeakage(new DatasetSplit(train, test));

    assertThat(report.pairs(LeakageKind.IDENTICAL_FILE)).hasSize(2);
    assertThat(text()).contains("[WARN] leakage check (training vs test) found ")
        .contains("test figures may be optimistic")
        .containsPattern("\\[WARN\\]   identical file .*" + data.covid().get(0).getFileName() + ".* ~ .*"
            + data.covid().get(0).getFileName());
  }

  @Test
  void longLeakageListsAreCut() throws IOException {
    Covid19Pipeline pipeline = new Covid19Pipeline(options(data.directory()), out);
    ImageDataset loaded = pipeline.loadData();

    LeakageReport report = pipeline.checkLeakage(new DatasetSplit(loaded, loaded));

    int listed = (int) text().lines().filter(l -> l.startsWith("[WARN]   ")).count();
    assertThat(listed).isEqualTo(Covid19Pipeline.MAX_LISTED_PAIRS + 1);
    assertThat(text()).contains("... and " + (report.pairs().size() - Covid19Pipeline.MAX_LISTED_PAIRS)
        + " more pair(s)");
  }

  private static Covid19Pipeline.Options options(Path dataset) {
    return new Covid19Pipeline.Options(dataset, root.resolve("plot.png"), root.resolve("model"), 1, 4, 1e-3,
        0.2, 42, VggWeights.none(), 32, InputScaling.UNIT, FineTuning.headOnly(), "covid");
  }

  private static Set<String> groups(ImageDataset part) {
    Set<String> groups = new HashSet<>();
    for (int i = 0; i < part.size(); i++) {
      part.group(i).ifPresent(groups::add);
    }
    return groups;
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
