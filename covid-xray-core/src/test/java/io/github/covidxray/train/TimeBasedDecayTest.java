package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimeBasedDecayTest {

  @Test
  void tutorialScheduleDecaysByRateOverEpochsPerUpdate() {
    TimeBasedDecay schedule = TimeBasedDecay.tutorial(1e-3, 25);
    assertThat(schedule.decay()).isCloseTo(4e-5, within(1e-18));
    assertThat(schedule.rateAt(0)).isEqualTo(1e-3);
    // Keras: lr / (1 + decay * iterations); after 5 steps/epoch x 25 epochs = 125 updates
    assertThat(schedule.rateAt(125)).isCloseTo(1e-3 / (1 + 4e-5 * 125), within(1e-15));
    assertThat(schedule.rateAt(125)).isCloseTo(0.000995024875621891, within(1e-15));
  }

  @Test
  void zeroDecayKeepsTheRate() {
    assertThat(new TimeBasedDecay(0.01, 0).rateAt(1_000_000)).isEqualTo(0.01);
  }

  @Test
  void rejectsInvalidArguments() {
    assertThatThrownBy(() -> new TimeBasedDecay(0, 0)).hasMessageContaining("learning rate");
    assertThatThrownBy(() -> new TimeBasedDecay(1e-3, -1)).hasMessageContaining("decay");
    assertThatThrownBy(() -> TimeBasedDecay.tutorial(1e-3, 0)).hasMessageContaining("epochs");
    assertThatThrownBy(() -> new TimeBasedDecay(1e-3, 0).rateAt(-1)).hasMessageContaining("iterations");
  }
}
