package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --help} lists the tutorial's options and this SDK's extras, and exits 0. */
class TrainCovid19HelpTest {

  @Test
  void helpListsTheTutorialsOptionsAndTheExtras() {
    CommandRun run = CommandRun.of(new TrainCovid19(), "--help");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("95% confidence intervals", "--dataset=DIR", "--plot=FILE", "--model=DIR",
        "--epochs=N", "--batch-size=N", "--learning-rate=LR", "--test-fraction=F", "--seed=S",
        "--weights=imagenet|none|random-features|FILE", "--image-size=PX", "--folds=K", "--demo");
  }
}
