package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one {@code covid-xray} command: subcommands, {@code --version}, usage errors, completion. */
class CovidXrayTest {

  @TempDir Path dir;

  @Test
  void versionNamesTheSdkTensorFlowOpenCvAndTheCpu() {
    CommandRun run = CommandRun.of(CovidXray.commandLine(), "--version");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("(?m)^covid-xray \\S+$").containsPattern("(?m)^TensorFlow \\d+\\.\\d+")
        .containsPattern("(?m)^OpenCV \\d+\\.\\d+").contains("bfloat16 CPU: ");
  }

  @Test
  void everyToolIsASubcommandWithItsOwnHelp() {
    CommandRun help = CommandRun.of(CovidXray.commandLine(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("train", "predict", "audit", "build-dataset", "sample-kaggle", "synthetic",
        "explain", "benchmark", "generate-completion");
    CommandRun trainHelp = CommandRun.of(CovidXray.commandLine(), "train", "--help");
    assertThat(trainHelp.exitCode()).isZero();
    assertThat(trainHelp.out()).contains("Usage: covid-xray train").contains("--precision");
  }

  @Test
  void aUsageErrorIsOneLinePointingToTheSubcommandsHelp() {
    CommandRun run = CommandRun.of(CovidXray.commandLine(), "train", "--epochs", "many");
    assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(run.err().lines().toList()).hasSize(2);
    assertThat(run.err()).contains("--epochs").contains("see 'covid-xray train --help'");
    CommandRun none = CommandRun.of(CovidXray.commandLine());
    assertThat(none.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(none.out()).contains("Usage: covid-xray");
  }

  @Test
  void generatesACompletionScript() {
    CommandRun run = CommandRun.of(CovidXray.commandLine(), "generate-completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("covid-xray").contains("complete");
  }

  @Test
  void quietLeavesTheResultsAndTheErrorsOnly() throws IOException {
    Path output = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(output.resolve("keep.txt"), "mine");
    String[] args = {"synthetic", "--output", output.toString(), "--per-class", "2", "--size", "32", "--overwrite"};
    CommandRun normal = CommandRun.of(CovidXray.commandLine(), args);
    assertThat(normal.exitCode()).as(normal.err()).isZero();
    assertThat(normal.err()).startsWith("[WARN] 1 other file(s) in " + output);

    CommandRun quiet = CommandRun.of(CovidXray.commandLine(), prepend("--quiet", args));
    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).isEqualTo(normal.out());
    CommandRun after = CommandRun.of(CovidXray.commandLine(), "synthetic", "--quiet", "--output", output.toString(),
        "--per-class", "2", "--size", "32", "--overwrite");
    assertThat(after.err()).isEmpty();   // also after the subcommand's name
    assertThat(after.out()).isEqualTo(normal.out());

    CommandRun refused = CommandRun.of(CovidXray.commandLine(), "--quiet", "synthetic", "--output", output.toString());
    assertThat(refused.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(refused.err()).startsWith("error: refusing to write into " + output);
    CommandRun badUsage = CommandRun.of(CovidXray.commandLine(), "--quiet", "synthetic", "--per-class", "0");
    assertThat(badUsage.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(badUsage.err().lines().toList()).containsExactly("error: --per-class must be at least 1, got 0",
        "see 'covid-xray synthetic --help'");
  }

  @Test
  void verboseAndQuietTogetherAreAUsageErrorAndBothShowInEverySubcommandsHelp() {
    CommandRun both = CommandRun.of(CovidXray.commandLine(), "--verbose", "synthetic", "--quiet", "--help");
    assertThat(both.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(both.err().lines().toList()).containsExactly("error: --verbose and --quiet cannot be used together",
        "see 'covid-xray synthetic --help'");
    for (String sub : new String[] {"train", "predict", "audit", "explain", "benchmark"}) {
      CommandRun help = CommandRun.of(CovidXray.commandLine(), sub, "--help");
      assertThat(help.out()).as(sub).contains("--verbose").contains("--quiet");
    }
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
