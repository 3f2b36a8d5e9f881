package io.github.covidxray.model;

import static io.github.covidxray.model.TreeFiles.hashes;
import static io.github.covidxray.model.TreeFiles.listing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.ChildJvm;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.OperatingPoint;
import io.github.covidxray.model.AtomicDirectory.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Saves of a real model interrupted at every point, over a model directory holding a user's files:
 * by a snapshot of the disk taken at that point (what a crash leaves), and by killing a separate JVM
 * there with SIGKILL or SIGTERM. After each, a second save must leave no leftover folder, and no
 * file of the user's may have changed or vanished.
 */
class ModelCrashTest {

  private static final float[] IMAGES = TestData.images(2, 32, 505);
  private static final List<String> USER_FILES =
      List.of("model/NOTES.md", "model/eval/results.csv", "model/.user-config", "beside.txt");
  private static final Set<String> MID_SWAP = Set.of("OLD_REMOVED", "NEW_PARTIAL");
  private static final Set<String> NEW_IN_PLACE = Set.of("NEW_COMPLETE", "BACKUP_PARTLY_DELETED");

  @TempDir static Path shared;
  private static Path savedA;
  private static Path savedB;
  private static float[][] probabilitiesA;
  private static float[][] probabilitiesB;
  private static VggTransferModel modelB;

  @TempDir Path dir;
  @TempDir Path snapshots;
  private Path target;
  private Map<String, String> userFilesBefore;

  @BeforeAll
  static void saveModels() throws IOException {
    try (VggTransferModel a = TestData.small().build()) {
      a.restore(TestData.heUniform(a.snapshot(), 11));
      probabilitiesA = a.predict(IMAGES, 2);
      savedA = shared.resolve("a");
      a.save(savedA);
    }
    modelB = TestData.small().build();
    modelB.restore(TestData.heUniform(modelB.snapshot(), 12));
    probabilitiesB = modelB.predict(IMAGES, 2);
    savedB = shared.resolve("b");
    modelB.save(savedB);
  }

  @AfterAll
  static void closeModelB() {
    modelB.close();
  }

  /** Model A at {@code dir/model}, with a user's notes and results inside and a file beside it. */
  @BeforeEach
  void modelAWithUserFiles() throws IOException {
    target = dir.resolve("model");
    TreeFiles.snapshot(savedA, target);
    Files.writeString(target.resolve("NOTES.md"), "# run 7\nlearning rate 1e-4, 8 epochs\n");
    Files.createDirectories(target.resolve("eval"));
    Files.writeString(target.resolve("eval/results.csv"), "image,p_covid\nchest-001.png,0.93\n");
    Files.writeString(target.resolve(".user-config"), "threshold=0.41\n");
    Files.writeString(dir.resolve("beside.txt"), "not the model's\n");
    userFilesBefore = hashes(dir, USER_FILES);
    assertThat(userFilesBefore).doesNotContainValue("missing");
  }

  @ParameterizedTest(name = "crash at {0}")
  @ValueSource(strings = {"SAVED_MODEL_WRITTEN", "CONTENT_WRITTEN", "BACKUP_PARTIAL", "BACKUP_COMPLETE",
      "OLD_REMOVED", "NEW_PARTIAL", "NEW_COMPLETE", "BACKUP_PARTLY_DELETED"})
  void aCrashAtAnyPointLosesNothingAndTheNextSaveLeavesNoLeftovers(String point) throws IOException {
    Path snapshot = snapshots.resolve(point);
    modelB.save(target, new VggTransferModel.SaveHook() {
      @Override
      public void savedModelWritten(Path temporaryDirectory) throws IOException {
        if (point.equals("SAVED_MODEL_WRITTEN")) {
          TreeFiles.snapshot(dir, snapshot);
        }
      }

      @Override
      public void reached(Step step) throws IOException {
        if (step.name().equals(point)) {
          TreeFiles.snapshot(dir, snapshot);
        }
      }
    });
    TreeFiles.restore(snapshot, dir);
    assertThat(hiddenSiblings()).as("the crash left its folders or lock behind").isNotEmpty();

    if (MID_SWAP.contains(point)) {
      assertThatThrownBy(() -> VggTransferModel.load(target))
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("a save that was replacing the model's files was interrupted")
          .hasMessageMatching("(?s).*the newest complete copy is the backup " + dir
              + "/\\.model\\.[0-9a-z]+\\.old, made .* by an interrupted save and checked now.*");
      assertThat(hiddenSiblings()).as("the load removed the temporary folder and lock, kept the backup")
          .singleElement().asString().matches("\\.model\\.[0-9a-z]+\\.old");
      try (VggTransferModel backup = VggTransferModel.load(dir.resolve(hiddenSiblings().get(0)))) {
        assertThat(backup.predict(IMAGES, 2)).as("the backup is model A").isDeepEqualTo(probabilitiesA);
      }
    } else {
      try (VggTransferModel loaded = VggTransferModel.load(target)) {
        assertThat(loaded.predict(IMAGES, 2))
            .isDeepEqualTo(NEW_IN_PLACE.contains(point) ? probabilitiesB : probabilitiesA);
      }
      assertThat(hiddenSiblings()).as("the load removed every leftover").isEmpty();
    }
    assertThat(hashes(dir, USER_FILES)).isEqualTo(userFilesBefore);

    saveAgainAndCheck();
  }

  @ParameterizedTest(name = "{1} at {0}")
  @CsvSource({"OLD_REMOVED, SIGKILL", "BACKUP_COMPLETE, SIGTERM"})
  void aSaveKilledInAnotherJvmLosesNothingAndTheNextSaveLeavesNoLeftovers(Step step, String signal)
      throws IOException, InterruptedException {
    Path childLog = snapshots.resolve("child.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-cp", ChildJvm.flatClassPath(), SaveChild.class.getName(),
        savedB.toString(), target.toString(), step.name())
        .redirectError(childLog.toFile())
        .start();
    List<String> out = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        out.add(line);
        if (line.equals("REACHED " + step)) {
          break;
        }
      }
      assertThat(out).as("the child's stdout; its stderr is in " + childLog).contains("REACHED " + step);

      List<String> whileAlive = hiddenSiblings();
      Leftovers.cleanUp(target, ModelDirectory.LAYOUT); // e.g. a load while the other JVM saves
      assertThat(hiddenSiblings()).as("a live save's folders are left alone").isEqualTo(whileAlive)
          .anyMatch(n -> n.endsWith(".lock")).anyMatch(n -> n.endsWith(".tmp"));

      if (signal.equals("SIGKILL")) {
        child.destroyForcibly();
      } else {
        child.destroy();
      }
      assertThat(child.waitFor()).as("killed by " + signal).isEqualTo(signal.equals("SIGKILL") ? 137 : 143);
    }

    assertThat(hiddenSiblings()).as("the killed save left its folders").isNotEmpty();
    if (step == Step.OLD_REMOVED) {
      assertThat(target.resolve("covid-xray-model.json")).doesNotExist();
      assertThatThrownBy(() -> VggTransferModel.load(target))
          .hasMessageContaining("the newest complete copy is the backup " + dir + "/.model.");
    }
    assertThat(hashes(dir, USER_FILES)).isEqualTo(userFilesBefore);

    saveAgainAndCheck();
  }

  /** Saves model B with a threshold over the crashed directory and checks the outcome. */
  private void saveAgainAndCheck() throws IOException {
    DecisionRule threshold = DecisionRule.at("covid", new OperatingPoint(0.5, 0.9, 0.8, "second save"));
    modelB.setDecisionRule(threshold);
    try {
      modelB.save(target);
    } finally {
      modelB.setDecisionRule(DecisionRule.argmax());
    }
    assertThat(listing(dir)).as("no leftover folders or lock files").containsExactly("beside.txt", "model");
    assertThat(listing(target)).containsExactly(".user-config", "NOTES.md", "covid-xray-model.json",
        "eval", "saved_model.pb", "variables");
    assertThat(hashes(dir, USER_FILES)).as("every user file, byte for byte").isEqualTo(userFilesBefore);
    try (VggTransferModel loaded = VggTransferModel.load(target)) {
      assertThat(loaded.decisionRule()).isEqualTo(threshold);
      assertThat(loaded.predict(IMAGES, 2)).isDeepEqualTo(probabilitiesB);
    }
  }


  private List<String> hiddenSiblings() throws IOException {
    return listing(dir).stream().filter(n -> n.startsWith(".model.")).toList();
  }
}
