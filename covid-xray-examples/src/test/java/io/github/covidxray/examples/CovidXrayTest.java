package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one {@code covid-xray} command: subcommands, {@code --version}, usage errors, completion. */
class CovidXrayTest {

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
}
