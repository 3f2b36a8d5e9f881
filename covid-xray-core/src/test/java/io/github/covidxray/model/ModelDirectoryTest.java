package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.OperatingPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata file, atomic replacement of a saved model, and every way a path can fail to be a
 * loadable model. One model (A) is saved once; each test works on its own copy.
 */
class ModelDirectoryTest {

  private static final float[] IMAGES = TestData.images(2, 32, 404);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  private static Path savedA;
  private static float[][] probabilitiesA;
  private static VggTransferModel modelB;

  @TempDir Path dir;

  @BeforeAll
  static void saveModelA() throws IOException {
    try (VggTransferModel a = TestData.small().build()) {
      a.restore(TestData.heUniform(a.snapshot(), 5));
      probabilitiesA = a.predict(IMAGES, 2);
      savedA = shared.resolve("a");
      a.save(savedA);
    }
    modelB = TestData.small().build();
    modelB.restore(TestData.heUniform(modelB.snapshot(), 6));
  }

  @AfterAll
  static void closeModelB() {
    modelB.close();
  }

  // ------------------------------------------------------------------ metadata

  @Test
  void metadataFileRecordsTheConfigurationThresholdTrainingAndNotice() throws IOException {
    Path target = dir.resolve("m");
    TrainingSummary summary = new TrainingSummary(25, 19, 0.125, 0.9375, 0.25, 0.875, 6.8e-4,
        Duration.ofSeconds(312, 450_000_001));
    DecisionRule threshold = DecisionRule.at("covid", new OperatingPoint(0.41, 0.9, 0.8, "Youden's J"));
    try (VggTransferModel model = TestData.small().headUnits(8).headPoolSize(3).dropout(0.3)
        .inputScaling(InputScaling.CAFFE).fineTuning(FineTuning.fromBlock(4)).seed(-12345678901L).build()) {
      model.setTrainingSummary(summary);
      model.setDecisionRule(threshold);
      model.save(target);
      assertThat(ModelMetadata.read(target)).isEqualTo(model.metadata());
    }

    JsonNode json = JSON.readTree(target.resolve("covid-xray-model.json").toFile());
    assertThat(json.get("format").asText()).isEqualTo("covid-xray-model");
    assertThat(json.get("format_version").asInt()).isEqualTo(1);
    assertThat(json.get("notice").asText()).startsWith("Research use only").contains("diagnose");
    assertThat(json.get("sdk_version").asText()).as("Maven-filtered project version")
        .matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(json.get("classes")).hasToString("[\"covid\",\"normal\"]");
    assertThat(json.get("classes_sha256").asText()).as("sha256(b'covid\\nnormal') in Python")
        .isEqualTo("121f6621b07f211367b71717e677235b69fc01fa140dfddbc162b5658f086b79");
    assertThat(json.at("/input/size").asInt()).isEqualTo(32);
    assertThat(json.at("/input/scaling").asText()).isEqualTo("CAFFE");
    assertThat(json.at("/input/layout").asText()).isEqualTo("NHWC");
    assertThat(json.at("/input/channels").asText()).isEqualTo("RGB");
    assertThat(json.at("/head/units").asInt()).isEqualTo(8);
    assertThat(json.at("/head/pool_size").asInt()).isEqualTo(3);
    assertThat(json.at("/head/effective_pool_size").asInt()).as("min(3, 32 / 32)").isEqualTo(1);
    assertThat(json.at("/head/dropout").asDouble()).isEqualTo(0.3);
    assertThat(json.get("trainable_from_block").asInt()).isEqualTo(4);
    assertThat(json.get("seed").asLong()).isEqualTo(-12345678901L);
    assertThat(json.get("weights_source").asText()).isEqualTo("none (seeded Glorot-uniform)");
    assertThat(json.at("/saved_model/signature").asText()).isEqualTo("serving_default");
    assertThat(json.at("/saved_model/tags/0").asText()).isEqualTo("serve");
    assertThat(json.at("/decision_threshold/positive_class").asText()).isEqualTo("covid");
    assertThat(json.at("/decision_threshold/threshold").asDouble()).isEqualTo(0.41);
    assertThat(json.at("/decision_threshold/criterion").asText()).isEqualTo("Youden's J");
    assertThat(json.at("/decision_threshold/validation_sensitivity").asDouble()).isEqualTo(0.9);
    assertThat(json.at("/decision_threshold/validation_specificity").asDouble()).isEqualTo(0.8);
    assertThat(json.at("/training/epochs").asInt()).isEqualTo(25);
    assertThat(json.at("/training/epoch").asInt()).isEqualTo(19);
    assertThat(json.at("/training/val_accuracy").asDouble()).isEqualTo(0.875);
    assertThat(json.at("/training/learning_rate").asDouble()).isEqualTo(6.8e-4);
    assertThat(json.at("/training/wall_time_s").decimalValue()).isEqualByComparingTo("312.450000001");

    try (VggTransferModel loaded = VggTransferModel.load(target)) {
      assertThat(loaded.trainingSummary()).contains(summary);
      assertThat(loaded.decisionRule()).isEqualTo(threshold);
    }
  }

  @Test
  void withoutThresholdOrTrainingTheyAreNullAndAnInfiniteThresholdRoundTrips() throws IOException {
    Path target = dir.resolve("m");
    Files.createDirectories(target); // an empty directory may be saved into
    modelB.setDecisionRule(DecisionRule.argmax());
    modelB.save(target);
    JsonNode json = JSON.readTree(target.resolve("covid-xray-model.json").toFile());
    assertThat(json.get("decision_threshold").isNull()).isTrue();
    assertThat(json.get("training").isNull()).isTrue();
    ModelMetadata read = ModelMetadata.read(target);
    assertThat(read.decisionRule()).isEqualTo(DecisionRule.argmax());
    assertThat(read.training()).isEmpty();

    DecisionRule infinite = DecisionRule.at("normal",
        new OperatingPoint(Double.POSITIVE_INFINITY, 0, 1, "never positive"));
    TrainingSummary unvalidated =
        new TrainingSummary(3, 3, 0.5, 0.75, Double.NaN, Double.NaN, 1e-3, Duration.ZERO);
    ModelMetadata edge = new ModelMetadata(1, read.config(), "9.9.9", Optional.of(unvalidated), infinite,
        Precision.FP32);
    Path file = target.resolve("covid-xray-model.json");
    Files.writeString(file, edge.toJson());
    assertThat(JSON.readTree(file.toFile()).at("/decision_threshold/threshold").asText())
        .isEqualTo("Infinity");
    assertThat(JSON.readTree(file.toFile()).at("/training/val_loss").isNull()).isTrue();
    assertThat(ModelMetadata.read(target)).isEqualTo(edge);
  }

  @Test
  void aThresholdForAnUnknownClassIsRefused() {
    assertThatThrownBy(() -> modelB.setDecisionRule(
        DecisionRule.at("pneumonia", new OperatingPoint(0.5, 1, 1, "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pneumonia'").hasMessageContaining("[covid, normal]");
  }

  // ------------------------------------------------------------------ atomic replacement

  @Test
  void savingOverAModelReplacesItCompletely() throws IOException {
    Path target = copyOfA();
    modelB.save(target);
    try (VggTransferModel loaded = VggTransferModel.load(target)) {
      assertThat(loaded.snapshot()).isEqualTo(modelB.snapshot());
    }
    assertThat(listing(dir)).containsExactly("model");
  }

  @Test
  void savingOverAModelKeepsEveryOtherFileInItByteForByte() throws IOException {
    Path target = copyOfA();
    Files.writeString(target.resolve("NOTES.md"), "# run 7\nlr 1e-4, 8 epochs\n");
    Files.createDirectories(target.resolve("eval"));
    Files.writeString(target.resolve("eval/results.csv"), "image,p_covid\na.png,0.93\n");
    List<String> userFiles = List.of("NOTES.md", "eval/results.csv");
    var before = TreeFiles.hashes(target, userFiles);

    modelB.save(target);

    assertThat(TreeFiles.hashes(target, userFiles)).isEqualTo(before).doesNotContainValue("missing");
    assertThat(listing(target)).containsExactly("NOTES.md", "covid-xray-model.json", "eval",
        "saved_model.pb", "variables");
    try (VggTransferModel loaded = VggTransferModel.load(target)) {
      assertThat(loaded.snapshot()).isEqualTo(modelB.snapshot());
    }
    assertThat(listing(dir)).containsExactly("model");
  }

  @Test
  void interruptedSaveLeavesTheOldModelIntact() throws IOException {
    Path target = copyOfA();
    List<String> writtenBeforeFailure = new ArrayList<>();
    assertThatThrownBy(() -> modelB.save(target, temporary -> {
      try (Stream<Path> files = Files.walk(temporary)) {
        files.filter(Files::isRegularFile).map(p -> temporary.relativize(p).toString())
            .sorted().forEach(writtenBeforeFailure::add);
      }
      throw new IOException("disk full (simulated)");
    })).isInstanceOf(IOException.class).hasMessageContaining("simulated");

    assertThat(writtenBeforeFailure).as("the SavedModel part was written when the save failed")
        .contains("saved_model.pb", "variables/variables.index");
    assertThat(listing(dir)).as("no temporary directory left").containsExactly("model");
    try (VggTransferModel loaded = VggTransferModel.load(target)) {
      assertThat(loaded.predict(IMAGES, 2)).isDeepEqualTo(probabilitiesA);
    }
  }

  @Test
  void refusesToReplaceADirectoryThatIsNotAModel() throws IOException {
    Path target = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(target.resolve("holiday.txt"), "keep me");
    assertThatThrownBy(() -> modelB.save(target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing to replace " + target)
        .hasMessageContaining("holiday.txt");
    assertThat(listing(target)).containsExactly("holiday.txt");
    assertThat(listing(dir)).containsExactly("photos");
  }

  @Test
  void refusesToReplaceAFile() throws IOException {
    Path target = Files.writeString(dir.resolve("model"), "a file");
    assertThatThrownBy(() -> modelB.save(target))
        .isInstanceOf(IOException.class).hasMessageContaining("a file is in the way");
    assertThat(Files.readString(target)).isEqualTo("a file");
  }

  // ------------------------------------------------------------------ load errors

  @Test
  void loadingAMissingDirectorySaysSo() {
    Path missing = dir.resolve("nothing-here");
    assertThatThrownBy(() -> VggTransferModel.load(missing))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("no such directory")
        .satisfies(e -> assertThat(((ModelFormatException) e).path()).isEqualTo(missing));
  }

  @Test
  void aMissingDirectoryPointsToTheNewestCompleteBackupCheckedNotToTheFirstByName() throws IOException {
    Path target = dir.resolve("model");
    Path older = backupOfA(".model.00older.old", "2026-01-01T08:00:00Z");
    Path newer = backupOfA(".model.zznewer.old", "2026-02-01T08:00:00Z");
    Path partial = backupOfA(".model.mmpartial.old", "2026-03-01T08:00:00Z");
    Files.delete(partial.resolve("variables/variables.data-00000-of-00001"));
    Path unmarked = dir.resolve(".model.aaunmarked.old");
    copyTree(savedA, unmarked);

    assertThatThrownBy(() -> VggTransferModel.load(target))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("no such directory")
        .hasMessageContaining("the newest complete copy is the backup " + newer
            + ", made 2026-02-01T08:00:00Z by an interrupted save and checked now")
        .hasMessageContaining("rename that folder to model")
        .hasMessageContaining(partial + " (not complete: ")
        .hasMessageContaining("variable values are missing")
        .hasMessageContaining(unmarked + " (not complete: it has no completeness marker")
        .hasMessageContaining(older + " (backup made 2026-01-01T08:00:00Z)");
    assertThat(listing(dir)).as("a load removes no backup while the model is missing")
        .containsExactly(".model.00older.old", ".model.aaunmarked.old", ".model.mmpartial.old",
            ".model.zznewer.old");

    AtomicDirectory.deleteTree(older);
    AtomicDirectory.deleteTree(newer);
    assertThatThrownBy(() -> VggTransferModel.load(target))
        .hasMessageContaining("interrupted saves left backups of it, but none is complete: "
            + unmarked + " (not complete: it has no completeness marker");

    Files.move(unmarked, target); // a user restores the unmarked copy by hand
    try (VggTransferModel loaded = VggTransferModel.load(target)) {
      assertThat(loaded.predict(IMAGES, 2)).isDeepEqualTo(probabilitiesA);
    }
    assertThat(listing(dir)).as("a complete model makes the remaining backup obsolete")
        .containsExactly("model");
  }

  @Test
  void aModelLeftIncompleteByAnInterruptedSaveNamesTheBackupToRestoreFrom() throws IOException {
    Path target = copyOfA();
    Path backup = backupOfA(".model.k1.old", "2026-04-01T08:00:00Z");
    Files.delete(target.resolve("covid-xray-model.json"));
    Files.writeString(target.resolve(AtomicDirectory.IN_PROGRESS), "save k1\n");
    assertThatThrownBy(() -> VggTransferModel.load(target))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(target + ": not a covid-xray model directory: it has no"
            + " covid-xray-model.json because a save that was replacing the model's files was"
            + " interrupted")
        .hasMessageContaining("the newest complete copy is the backup " + backup)
        .hasMessageContaining("move the files in it (all but .covid-xray-backup.json) into " + target);

    modelB.save(target); // saving again is the other way out
    try (VggTransferModel loaded = VggTransferModel.load(target)) {
      assertThat(loaded.snapshot()).isEqualTo(modelB.snapshot());
    }
    assertThat(listing(dir)).containsExactly("model");
    assertThat(listing(target)).doesNotContain(AtomicDirectory.IN_PROGRESS);
  }

  @Test
  void loadingAFileOrADirectoryThatIsNotAModelSaysWhatWasExpected() throws IOException {
    Path file = Files.writeString(dir.resolve("model.h5"), "x");
    assertThatThrownBy(() -> VggTransferModel.load(file))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining(file + ": not a directory");
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("readme.txt"), "x");
    assertThatThrownBy(() -> VggTransferModel.load(other))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(other.toString())
        .hasMessageContaining("no covid-xray-model.json")
        .hasMessageContaining("readme.txt");
  }

  @Test
  void invalidJsonIsReportedWithTheFile() throws IOException {
    Path target = copyOfA();
    Path file = target.resolve("covid-xray-model.json");
    Files.writeString(file, "{\"format\": \"covid-xray-model\", ");
    assertThatThrownBy(() -> VggTransferModel.load(target))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
  }

  @Test
  void aNewerFormatVersionIsRefused() throws IOException {
    Path target = editMetadata(json -> json.put("format_version", 2));
    assertThatThrownBy(() -> VggTransferModel.load(target))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("format_version 2 is not supported")
        .hasMessageContaining("newer covid-xray");
  }

  @Test
  void missingOrMistypedKeysAreNamed() throws IOException {
    Path noClasses = editMetadata(json -> json.remove("classes"));
    assertThatThrownBy(() -> VggTransferModel.load(noClasses))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("lacks 'classes'");
    Path badUnits = editMetadata(json -> ((ObjectNode) json.get("head")).put("units", "many"));
    assertThatThrownBy(() -> VggTransferModel.load(badUnits))
        .hasMessageContaining("'head.units' must be an integer, got \"many\"");
    Path badScaling = editMetadata(json -> ((ObjectNode) json.get("input")).put("scaling", "TORCH"));
    assertThatThrownBy(() -> VggTransferModel.load(badScaling))
        .hasMessageContaining("input.scaling must be one of [UNIT, CAFFE], got \"TORCH\"");
    Path notOurs = editMetadata(json -> json.put("format", "keras"));
    assertThatThrownBy(() -> VggTransferModel.load(notOurs))
        .hasMessageContaining("expected \"format\": \"covid-xray-model\"");
    Path badSize = editMetadata(json -> ((ObjectNode) json.get("input")).put("size", 33));
    assertThatThrownBy(() -> VggTransferModel.load(badSize))
        .hasMessageContaining("invalid model configuration: inputSize must be");
  }

  @Test
  void metadataThatDoesNotMatchTheSavedModelIsRefused() throws IOException {
    Path bigger = editMetadata(json -> ((ObjectNode) json.get("input")).put("size", 64));
    assertThatThrownBy(() -> VggTransferModel.load(bigger))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("input 'images' is of shape [-1, 32, 32, 3]")
        .hasMessageContaining("input size 64");
    Path moreUnits = editMetadata(json -> ((ObjectNode) json.get("head")).put("units", 65));
    assertThatThrownBy(() -> VggTransferModel.load(moreUnits))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("variable 'dense/kernel' is DT_FLOAT [512, 64], expected DT_FLOAT [512, 65]");
  }

  @Test
  void classesReorderedAfterSavingAreRefusedWithBothOrders() throws IOException {
    Path swapped = editMetadata(json -> json.putArray("classes").add("normal").add("covid"));
    Path file = swapped.resolve("covid-xray-model.json");
    assertThatThrownBy(() -> VggTransferModel.load(swapped))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file + ": its classes [normal, covid] do not match its classes_sha256"
            + " 121f6621b07f211367b71717e677235b69fc01fa140dfddbc162b5658f086b79, which is the"
            + " fingerprint of [covid, normal]")
        .hasMessageContaining("Put back the classes the model was saved with ([covid, normal])")
        .satisfies(e -> assertThat(((ModelFormatException) e).path()).isEqualTo(file));
    assertThatThrownBy(() -> ModelMetadata.read(swapped)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("do not match its classes_sha256");

    Path renamed = editMetadata(json -> json.putArray("classes").add("covid").add("healthy"));
    assertThatThrownBy(() -> VggTransferModel.load(renamed))
        .hasMessageContaining("its classes [covid, healthy] do not match")
        .hasMessageContaining("another class list (no order of these names matches)");

    Path mistyped = editMetadata(json -> json.put("classes_sha256", 42));
    assertThatThrownBy(() -> VggTransferModel.load(mistyped))
        .hasMessageContaining("'classes_sha256' must be a string, got 42");
  }

  @Test
  void aModelSavedBeforeTheFingerprintExistedStillLoads() throws IOException {
    Path old = editMetadata(json -> json.remove("classes_sha256"));
    try (VggTransferModel loaded = VggTransferModel.load(old)) {
      assertThat(loaded.predict(IMAGES, 2)).isDeepEqualTo(probabilitiesA);
    }
    Path oldSwapped = editMetadata(json -> {
      json.remove("classes_sha256");
      json.putArray("classes").add("normal").add("covid");
    });
    assertThat(ModelMetadata.read(oldSwapped).config().classes()).as("nothing to check it against")
        .containsExactly("normal", "covid");
  }

  @Test
  void classesThatDoNotFitTheSavedModelsOutputAreRefusedEvenWithAMatchingFingerprint()
      throws IOException {
    List<String> three = List.of("covid", "normal", "pneumonia");
    Path more = editMetadata(json -> {
      json.putArray("classes").add("covid").add("normal").add("pneumonia");
      json.put("classes_sha256", ClassListFingerprint.of(three));
    });
    assertThatThrownBy(() -> VggTransferModel.load(more))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(more.toString())
        .hasMessageContaining("output 'probabilities' is of shape [-1, 2], but its metadata describes"
            + " [-1, 3] (classes [covid, normal, pneumonia])");
  }

  @Test
  void missingSavedModelFilesAreNamed() throws IOException {
    Path noVariables = copyOfA();
    Files.delete(noVariables.resolve("variables/variables.index"));
    assertThatThrownBy(() -> VggTransferModel.load(noVariables))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("variables are missing")
        .hasMessageContaining(noVariables.resolve("variables/variables.index").toString());

    Path noData = dir.resolve("no-data");
    copyTree(savedA, noData);
    Files.delete(noData.resolve("variables/variables.data-00000-of-00001"));
    assertThatThrownBy(() -> VggTransferModel.load(noData))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("variable values are missing");

    Path noGraph = dir.resolve("no-graph");
    copyTree(savedA, noGraph);
    Files.delete(noGraph.resolve("saved_model.pb"));
    assertThatThrownBy(() -> VggTransferModel.load(noGraph))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("SavedModel part is missing")
        .hasMessageContaining("saved_model.pb");
  }

  @Test
  void aCorruptSavedModelIsReportedAsSuch() throws IOException {
    Path target = copyOfA();
    Files.write(target.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> VggTransferModel.load(target))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("TensorFlow could not load its SavedModel");
  }

  // ------------------------------------------------------------------ helpers

  private Path copyOfA() throws IOException {
    Path target = dir.resolve("model");
    copyTree(savedA, target);
    return target;
  }

  /** A copy of model A as a backup folder beside {@code dir/model}, marked complete at {@code created}. */
  private Path backupOfA(String name, String created) throws IOException {
    Path backup = dir.resolve(name);
    copyTree(savedA, backup);
    new BackupMarker(java.time.Instant.parse(created), dir.resolve("model")).writeTo(backup);
    return backup;
  }

  private Path editMetadata(Consumer<ObjectNode> edit) throws IOException {
    Path target = dir.resolve("edited-" + System.nanoTime());
    copyTree(savedA, target);
    Path file = target.resolve("covid-xray-model.json");
    ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(json);
    Files.writeString(file, JSON.writeValueAsString(json));
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (Files.size(p) > 1_000_000) {
          Files.createLink(target, p); // the 59 MB of variables: tests only ever delete these
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
