package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void barLooksLikeKeras() {
    assertThat(ConsoleProgress.bar(5, 5)).isEqualTo("5/5 [==============================]");
    assertThat(ConsoleProgress.bar(1, 5)).isEqualTo("1/5 [=====>........................]");
    assertThat(ConsoleProgress.bar(3, 10)).isEqualTo(" 3/10 [========>.....................]");
  }

  @Test
  void durationsUseSecondsFromOneSecondUp() {
    assertThat(ConsoleProgress.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(ConsoleProgress.duration(Duration.ofMillis(2600))).isEqualTo("3s");
  }
}
