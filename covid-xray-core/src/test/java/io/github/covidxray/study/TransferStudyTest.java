package io.github.covidxray.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.quality.LeakageCheck;
import io.github.covidxray.data.quality.LeakageException;
import io.github.covidxray.data.quality.LeakageKind;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXrays;
import io.github.covidxray.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TransferStudy}: the data steps (patient-level split from manifests, leakage), a whole small
 * run checked against its parts, cross-validation, and settings refused before any data is read.
 * (The data-step assertions moved here from the examples' pipeline test.)
 */
class TransferStudyTest {

  @TempDir
  static Path root;

  private static SyntheticDataset data;

  private final StringBuilder text = new StringBuilder();

  @BeforeAll
  static void writeDataset() throws IOException {
    data = new SyntheticXrays(48, 48, 11).writeDataset(root.resolve("dataset"), 10, false);
  }

  private TransferStudy.Builder small(Path dataset) {
    return TransferStudy.builder().dataset(dataset).imageSize(32).weights(VggWeights.none())
        .trainer(Trainer.builder().epochs(1).batchSize(4).build())
        .listener(new StudyConsole(text));
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
      StudyResult result = small(data.directory()).build().run();

      StudyResult.SplitSummary split = result.split().orElseThrow();
      assertThat(split.byPatient()).isTrue();
      assertThat(split.testCounts()).containsExactly(2, 2);
      assertThat(result.data().groupedImages()).isEqualTo(10);
      assertThat(result.data().patientIdSources()).containsExactly(manifest);
      assertThat(result.leakage().orElseThrow().pairs(LeakageKind.SHARED_GROUP)).isEmpty();
      assertThat(text).contains("[INFO] patient ids for 10 of 20 images from [" + manifest + "]")
          .contains("stratified patient-level split (seed 42): 16 training images (covid 8, normal 8),"
              + " 4 test images (covid 2, normal 2)");

      // the same split by hand: the test patients are exactly the ones the study held out
      ImageDataset grouped = DatasetLoader.builder().directory(data.directory()).imageSize(32).build().load()
          .withGroups(io.github.covidxray.data.PatientIds.of(data.directory()));
      DatasetSplit expected = grouped.split(0.2, 42);
      assertThat(LeakageCheck.defaults().scan(expected.train(), expected.test()).pairs(LeakageKind.SHARED_GROUP))
          .isEmpty();
      assertThat(expected.test().classCounts()).containsExactly(split.testCounts());
    } finally {
      Files.delete(manifest);
    }
  }

  @Test
  void withoutManifestsTheSplitIsThePlainStratifiedOneAndTheResultAddsUp() throws IOException {
    Path model = root.resolve("plain.model");
    Path plot = root.resolve("plain.png");
    StudyResult result = small(data.directory()).saveModel(model).plot(plot).build().run();

    ImageDataset loaded = DatasetLoader.builder().directory(data.directory()).imageSize(32).build().load();
    DatasetSplit expected = loaded.split(0.2, 42);
    StudyResult.SplitSummary split = result.split().orElseThrow();
    assertThat(split.byPatient()).isFalse();
    assertThat(split.trainCounts()).containsExactly(expected.train().classCounts());
    assertThat(split.testCounts()).containsExactly(expected.test().classCounts());
    assertThat(text).contains("[INFO] stratified split (seed 42)").doesNotContain("patient");

    // the evaluation is that of the saved model on the test part
    Evaluation evaluation = result.evaluation().orElseThrow();
    assertThat(evaluation.size()).isEqualTo(expected.test().size());
    try (VggTransferModel saved = VggTransferModel.load(model)) {
      Evaluation again = io.github.covidxray.metrics.Metrics.builder().classNames(loaded.classNames())
          .positiveClass("covid").build().evaluate(saved::predict, expected.test());
      assertThat(again.confusionMatrix()).isEqualTo(evaluation.confusionMatrix());
    }
    assertThat(result.history().orElseThrow().size()).isEqualTo(1);
    assertThat(plot).isRegularFile();
    assertThat(result.timings()).containsKeys("load", "split", "leakage check", "build model", "train", "evaluate",
        "write outputs", "total");
    assertThat(text.toString()).containsSubsequence("[INFO] loading images...", "[INFO] compiling model...",
        "[INFO] training head...", "[INFO] evaluating network...", "acc: ", "sensitivity: ",
        "[INFO] saving COVID-19 detector model...", "[INFO] wrote the plot to " + plot + " and the model to " + model,
        "Research use only");

    // JSON: figures equal to the objects, and the same record saved with the model
    JsonNode json = new ObjectMapper().readTree(result.toJson());
    assertThat(json.get("version").asInt()).isEqualTo(StudyResult.JSON_VERSION);
    assertThat(json.at("/data/images").asInt()).isEqualTo(20);
    assertThat(json.at("/data/classes/covid").asInt()).isEqualTo(10);
    assertThat(json.at("/split/test/normal").asInt()).isEqualTo(expected.test().classCounts()[1]);
    assertThat(json.at("/evaluation/accuracy/value").asDouble())
        .isCloseTo(evaluation.accuracy().value().orElseThrow(), within(1e-12));
    assertThat(json.at("/evaluation/sensitivity/ci_lower").asDouble())
        .isCloseTo(evaluation.sensitivity().interval().orElseThrow().lower(), within(1e-12));
    assertThat(json.at("/evaluation/confusion_matrix/0/0").asLong())
        .isEqualTo(evaluation.confusionMatrix().count(0, 0));
    assertThat(json.at("/history/epochs").size()).isEqualTo(1);
    assertThat(json.at("/training/epochs").asInt()).isEqualTo(1);
    assertThat(json.at("/model/weights").asText()).startsWith("none");
    assertThat(json.at("/outputs/model").asText()).isEqualTo(model.toString());
    assertThat(model.resolve(StudyResult.FILE_NAME)).hasContent(result.toJson());
    assertThat(result.toText()).contains("split: by image").contains(evaluation.intervals());
  }

  @Test
  void theConsoleListsIdenticalFilesAcrossTheSplit() throws IOException {
    ImageDataset loaded = DatasetLoader.builder().directory(data.directory()).imageSize(32).build().load();
    // test part = two training images again: two identical-file pairs
    ImageDataset train = loaded.subset(IntStream.range(0, loaded.size()).toArray());
    ImageDataset test = loaded.subset(new int[] {0, loaded.size() - 1});
    LeakageReport report = LeakageCheck.defaults().scan(train, test);

    new StudyConsole(text).onLeakageChecked(report);

    assertThat(report.pairs(LeakageKind.IDENTICAL_FILE)).hasSize(2);
    assertThat(text).contains("[WARN] leakage check (training vs test) found ")
        .contains("test figures may be optimistic")
        .containsPattern("\\[WARN\\]   identical file .*" + data.covid().get(0).getFileName() + ".* ~ .*"
            + data.covid().get(0).getFileName());
  }

  @Test
  void longLeakageListsAreCut() throws IOException {
    ImageDataset loaded = DatasetLoader.builder().directory(data.directory()).imageSize(32).build().load();
    LeakageReport report = LeakageCheck.defaults().scan(loaded, loaded);

    new StudyConsole(text).onLeakageChecked(report);

    int listed = (int) text.toString().lines().filter(l -> l.startsWith("[WARN]   ")).count();
    assertThat(listed).isEqualTo(StudyConsole.MAX_LISTED_PAIRS + 1);
    assertThat(text).contains("... and " + (report.pairs().size() - StudyConsole.MAX_LISTED_PAIRS) + " more pair(s)");
  }

  @Test
  void aFailingLeakagePolicyStopsBeforeAnyModelIsBuilt() throws IOException {
    Path dup = root.resolve("dup");
    new SyntheticXrays(48, 48, 5).writeDataset(dup, 6, false);
    // every covid image twice: some pair is bound to straddle the split
    try (var files = Files.list(dup.resolve("covid"))) {
      for (Path f : files.toList()) {
        Files.copy(f, f.resolveSibling("copy-" + f.getFileName()));
      }
    }
    TransferStudy study = small(dup).leakage(LeakagePolicy.FAIL).build();
    assertThatThrownBy(study::run).isInstanceOf(LeakageException.class);
    assertThat(text).contains("[INFO] loading images...").doesNotContain("[INFO] compiling model...");
  }

  @Test
  void crossValidationPredictsEveryImageOnceAndWritesNoModel() throws IOException {
    StudyResult result = small(data.directory()).folds(2).build().run();

    assertThat(result.split()).isEmpty();
    assertThat(result.evaluation()).isEmpty();
    assertThat(result.model()).isEmpty();
    assertThat(result.crossValidation().orElseThrow().pooled().size()).isEqualTo(20);
    assertThat(text.toString()).containsSubsequence("[INFO] cross-validating: 2 stratified folds (seed 42)",
        "Fold 1/2: training on", "Fold 2/2: n=", "[INFO] evaluating network (out-of-fold predictions)...");
    JsonNode json = new ObjectMapper().readTree(result.toJson());
    assertThat(json.at("/cross_validation/per_fold").size()).isEqualTo(2);
    assertThat(json.at("/cross_validation/pooled/n").asInt()).isEqualTo(20);
  }

  @Test
  void badSettingsAndOutputsAreRefusedBeforeAnyDataIsRead() throws IOException {
    Path busy = Files.createDirectories(root.resolve("busy"));
    Files.writeString(busy.resolve("keep.txt"), "mine");
    Path dataset = data.directory();
    assertThatThrownBy(() -> small(root.resolve("nowhere")).build()).hasMessageContaining("nowhere")
        .hasMessageStartingWith("dataset ");
    assertThatThrownBy(() -> small(dataset).imageSize(48).build()).hasMessageContaining("inputSize");
    assertThatThrownBy(() -> small(dataset).testFraction(1).build()).hasMessageContaining("testFraction");
    assertThatThrownBy(() -> small(dataset).positiveClass(" ").build()).hasMessageContaining("positiveClass");
    assertThatThrownBy(() -> small(dataset).folds(1).build()).hasMessageContaining("k >= 2");
    assertThatThrownBy(() -> small(dataset).model(b -> b.fineTuning(FineTuning.fromBlock(7))).build())
        .hasMessageContaining("from 1 to 5, got 7");
    assertThatThrownBy(() -> small(dataset).saveModel(busy).build()).hasMessageContaining(busy.toString())
        .hasMessageContaining("neither empty nor a saved covid-xray model");
    assertThatThrownBy(() -> small(dataset).plot(busy).build()).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> small(dataset).saveModel(root.resolve("same")).plot(root.resolve("same")).build())
        .hasMessageContaining("same path");
    assertThatThrownBy(() -> small(dataset).saveModel(dataset.resolve("covid19.model")).build())
        .hasMessageContaining("inside the data set");
    assertThatThrownBy(() -> small(dataset).plot(dataset.resolve("covid/plot.png")).build())
        .hasMessageContaining("inside the data set");
    assertThat(text).isEmpty();
    assertThat(busy.resolve("keep.txt")).hasContent("mine");
  }

  @Test
  void splittingByPatientNeedsPatientIds() throws IOException {
    TransferStudy study = small(data.directory()).split(SplitMode.BY_PATIENT).build();
    assertThatThrownBy(study::run).hasMessageContaining("no patient ids");
  }
}
