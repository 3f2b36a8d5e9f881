package io.github.covidxray.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are Python's {@code format(value, '.2f')}. */
class DecimalsTest {

  @ParameterizedTest
  @CsvSource({
      "0.125, 0.12", "0.375, 0.38", "0.625, 0.62", "0.875, 0.88", "2.675, 2.67", "1e-20, 0.00",
      "-0.001, -0.00", "0.5, 0.50", "0.045, 0.04", "1.005, 1.00", "1.0, 1.00"})
  void formatsLikePython(double value, String python) {
    assertThat(Decimals.fixed(value, 2)).isEqualTo(python);
  }

  @ParameterizedTest
  @CsvSource({"0.95, 95%", "0.9, 90%", "0.975, 97.5%", "0.999, 99.9%"})
  void printsConfidenceLevelsAsPercent(double level, String text) {
    assertThat(Decimals.percent(level)).isEqualTo(text);
  }
}
