package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TrainCovid19} never loses a user's file: outputs on a user's file, on the data set, on one
 * path or in an unwritable place are usage errors before any image is loaded, naming the user's path,
 * with every pre-existing file unchanged; {@code --overwrite} lets a plot replace a foreign file; a
 * SIGTERM during training stops it, saves nothing and exits non-zero.
 */
class TrainCovid19SafetyTest {

  @TempDir Path root;

  private Path dataset;

  @BeforeEach
  void writeDataset() throws IOException {
    dataset = new SyntheticXrays(48, 48, 3).writeDataset(root.resolve("dataset"), 5, false).directory();
  }

  private Map<String, String> hashes() throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        try {
          hashes.put(root.relativize(f).toString(),
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
        } catch (NoSuchAlgorithmException e) {
          throw new AssertionError(e);
        }
      }
    }
    return hashes;
  }

  private CommandRun train(String... extra) {
    List<String> args = new ArrayList<>(List.of("--dataset", dataset.toString(), "--weights", "none",
        "--image-size", "32", "--epochs", "1", "--batch-size", "4"));
    args.addAll(List.of(extra));
    return CommandRun.of(new TrainCovid19(), args.toArray(String[]::new));
  }

  private void assertRefused(Path named, String reason, String... args) throws IOException {
    Map<String, String> before = hashes();
    CommandRun run = train(args);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Cli.USAGE);
    assertThat(run.err()).contains(named.toString()).contains(reason).contains("see 'TrainCovid19 --help'");
    assertThat(run.err().lines().count()).as("one error line and the --help hint").isEqualTo(2);
    assertThat(run.out()).doesNotContain("[INFO] loading images...");
    assertThat(hashes()).isEqualTo(before);
  }

  @Test
  void aUsersFileAtThePlotPathIsKeptUnlessOverwriteIsGiven() throws IOException {
    Path docx = Files.writeString(root.resolve("important.docx"), "my thesis");
    Path model = root.resolve("covid19.model");
    assertRefused(docx, "is not a plot this tool wrote", "--plot", docx.toString(), "--model", model.toString());

    CommandRun run = train("--plot", docx.toString(), "--model", model.toString(), "--overwrite");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readAllBytes(docx)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void outputsOnAnXrayInTheDataSetOrOnOnePathAreRefused() throws IOException {
    Path xray;
    try (Stream<Path> files = Files.list(dataset.resolve("covid"))) {
      xray = files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
    }
    assertRefused(xray, "inside the data set", "--plot", xray.toString(), "--overwrite");
    Path inData = dataset.resolve("covid19.model");
    assertRefused(inData, "inside the data set", "--model", inData.toString());
    Path same = root.resolve("same");
    assertRefused(same, "same path", "--plot", same.toString(), "--model", same.toString());
    Path file = Files.writeString(root.resolve("a-file"), "x");
    Path underFile = file.resolve("plot.png");
    assertRefused(underFile, "not a directory", "--plot", underFile.toString());
  }

  @Test
  void sigtermDuringTrainingStopsAfterTheStepSavesNothingAndExitsNonZero() throws Exception {
    Path model = root.resolve("never.model");
    Path plot = root.resolve("never.png");
    Map<String, String> before = hashes();
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TrainCovid19.class.getName(),
        "--dataset", dataset.toString(), "--weights", "none", "--image-size", "32", "--epochs", "500",
        "--batch-size", "2", "--model", model.toString(), "--plot", plot.toString());
    Path err = root.resolve("child-stderr.txt");
    Process child = new ProcessBuilder(command).redirectError(err.toFile()).start();
    List<String> out = new ArrayList<>();
    boolean signalled = false;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        out.add(line);
        if (line.startsWith("Epoch 2/500") && !signalled) {
          // one SIGTERM, as a service manager or `kill` sends it (Process.destroy would close our pipes)
          assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor()).isZero();
          signalled = true;
        }
      }
    }
    assertThat(signalled).as(String.join("\n", out)).isTrue();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child exits").isTrue();
    String stderr = Files.readString(err);
    assertThat(child.exitValue()).as(stderr).isEqualTo(Cli.INTERRUPTED);
    assertThat(stderr).contains("SIGTERM: stopping after the current training step")
        .containsPattern("error: interrupted by SIGTERM: training stopped (after epoch 2, step \\d+/\\d+|before epoch 3)")
        .contains("nothing was saved");
    assertThat(String.join("\n", out)).doesNotContain("[INFO] saving COVID-19 detector model");
    assertThat(model).doesNotExist();
    assertThat(plot).doesNotExist();
    Map<String, String> after = hashes();
    after.remove("child-stderr.txt");
    assertThat(after).isEqualTo(before);
  }
}
