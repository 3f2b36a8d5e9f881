package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TrainCovid19}'s failures: bad arguments (exit 2), bad data and unavailable weights (exit 1). */
class TrainCovid19ArgumentsTest {

  @TempDir
  static Path root;

  private static Path dataset;

  @BeforeAll
  static void writeDataset() throws IOException {
    dataset = new SyntheticXrays(48, 48, 3).writeDataset(root.resolve("dataset"), 5, false).directory();
  }

  @Test
  void imagenetWeightsThatCannotBeHadStopWithTheModelLayersMessageAndTheWayOut() throws IOException {
    Path emptyCache = Files.createDirectories(root.resolve("empty-keras-cache"));
    Path model = root.resolve("never.model");
    Path plot = root.resolve("never.png");

    CommandRun run = CommandRun.of(new TrainCovid19(), "--dataset", dataset.toString(), "--image-size", "32",
        "--weights", "imagenet", "--weights-cache", emptyCache.toString(), "--offline",
        "--plot", plot.toString(), "--model", model.toString());

    assertThat(run.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(run.out()).contains("[INFO] compiling model...")
        .contains("[INFO] ImageNet weights: " + VggWeights.IMAGENET_NOTOP.fileName() + " in " + emptyCache
            + " (offline: no download)")
        .doesNotContain("[INFO] training head...");
    assertThat(run.err())
        .contains(VggWeights.IMAGENET_NOTOP.fileName() + " is not in the cache directory " + emptyCache)
        .contains("downloads are disabled")
        .contains("run again with --weights none");
    assertThat(model).doesNotExist();
    assertThat(plot).doesNotExist();
    try (Stream<Path> files = Files.list(emptyCache)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void badArgumentsAreUsageErrorsNamingTheOption() {
    String[][] cases = {
        {"--epochs", "0"},
        {"--epochs", "many"},
        {"--batch-size", "0"},
        {"--learning-rate", "-1"},
        {"--test-fraction", "1.5"},
        {"--image-size", "48"},
        {"--image-size", "16"},
        {"--input-scaling", "bgr"},
        {"--fine-tune-from", "7"},
        {"--weights", root.resolve("no-such.h5").toString()},
        {"--weights", "none", "--weights-cache", root.toString()},
        {"--positive-class", " "},
        {"--demo-images", "5"},
        {"--no-such-option"},
    };
    for (String[] args : cases) {
      List<String> all = new ArrayList<>(List.of("--dataset", dataset.toString()));
      all.addAll(List.of(args));
      CommandRun run = CommandRun.of(new TrainCovid19(), all.toArray(String[]::new));
      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(Cli.USAGE);
      String option = args[0].equals("--weights") && args.length > 2 ? "--weights-cache" : args[0];
      assertThat(run.err()).as(String.join(" ", args)).contains(option);
      assertThat(run.out()).doesNotContain("[INFO] loading images...");
    }
  }

  @Test
  void missingDataSetAndUnusableOutputPathsAreUsageErrors() throws IOException {
    Path file = Files.writeString(root.resolve("a-file"), "x");
    Path busy = Files.createDirectories(root.resolve("busy"));
    Files.writeString(busy.resolve("keep.txt"), "mine");
    String[][] cases = {
        {"--dataset", root.resolve("nowhere").toString()},
        {"--dataset", dataset.toString(), "--model", file.toString()},
        {"--dataset", dataset.toString(), "--model", busy.toString()},
        {"--dataset", dataset.toString(), "--plot", busy.toString()},
        {"--dataset", dataset.toString(), "--report", busy.toString()},
        {"--dataset", dataset.toString(), "--model", root.resolve("m").toString(), "--report",
            root.resolve("m").toString()},
    };
    for (String[] args : cases) {
      CommandRun run = CommandRun.of(new TrainCovid19(), args);
      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(Cli.USAGE);
      assertThat(run.err()).contains(args[args.length - 2]).contains(args[args.length - 1]);
    }
    assertThat(busy.resolve("keep.txt")).hasContent("mine");
  }

  @Test
  void aDataSetWithoutTheCovidClassOrWithOneClassFails() throws IOException {
    Path renamed = root.resolve("renamed");
    Files.createDirectories(renamed);
    copyTree(dataset.resolve("covid"), renamed.resolve("sick"));
    copyTree(dataset.resolve("normal"), renamed.resolve("normal"));

    CommandRun noCovid = CommandRun.of(new TrainCovid19(), "--dataset", renamed.toString(), "--weights", "none",
        "--image-size", "32", "--model", root.resolve("m1").toString(), "--plot", root.resolve("p1.png").toString());
    assertThat(noCovid.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(noCovid.err()).contains("[normal, sick]").contains("'covid'").contains("--positive-class");

    Path single = root.resolve("single");
    copyTree(dataset.resolve("covid"), single.resolve("covid"));
    CommandRun oneClass = CommandRun.of(new TrainCovid19(), "--dataset", single.toString(), "--weights", "none",
        "--image-size", "32", "--model", root.resolve("m2").toString(), "--plot", root.resolve("p2.png").toString());
    assertThat(oneClass.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(oneClass.err()).contains(single.toString());
  }

  @Test
  void aTrainingPartSmallerThanABatchFailsBeforeTheModelIsBuilt() {
    CommandRun run = CommandRun.of(new TrainCovid19(), "--dataset", dataset.toString(), "--weights", "none",
        "--image-size", "32", "--batch-size", "64", "--model", root.resolve("m3").toString(),
        "--plot", root.resolve("p3.png").toString());
    assertThat(run.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(run.err()).contains("fewer than one batch of 64").contains("--batch-size");
    assertThat(run.out()).doesNotContain("[INFO] compiling model...");
  }

  @Test
  void theDemoDrawsTrainsSaysItIsSyntheticAndCleansUp() throws IOException {
    Path plot = root.resolve("demo/plot.png");
    Path model = root.resolve("demo/covid19.model");

    CommandRun run = CommandRun.of(new TrainCovid19(), "--demo", "--demo-images", "6", "--epochs", "1",
        "--batch-size", "4", "--plot", plot.toString(), "--model", model.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsSubsequence("OFFLINE DEMO", "SYNTHETIC", "RANDOM",
        "drew 12 SYNTHETIC images (6 covid, 6 normal",
        "[INFO] loading images...", "Epoch 1/1", "\nacc: ", "[INFO] saving COVID-19 detector model...",
        "SYNTHETIC images", "RANDOM weights", "The real reproduction", "covid-xray train --dataset dataset");
    assertThat(plot).isRegularFile();
    assertThat(model).isDirectory();
    Matcher temp = Pattern.compile("into (\\S+) \\(temporary").matcher(run.out());
    assertThat(temp.find()).as(run.out()).isTrue();
    assertThat(Path.of(temp.group(1))).doesNotExist();
  }

  @Test
  void theDemoRefusesToDrawIntoAFolderThatIsNotEmpty() {
    CommandRun run = CommandRun.of(new TrainCovid19(), "--demo", "--dataset", dataset.toString());
    assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(run.err()).contains("--dataset " + dataset).contains("missing or empty");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
