package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Wilson intervals and normal quantiles against statsmodels / scipy (fixtures/metrics/wilson_intervals.json). */
class WilsonIntervalTest {

  static Stream<Named<JsonNode>> statsmodelsCases() {
    return Fixtures.cases("wilson_intervals.json").stream().map(c -> Named.of(
        c.get("k").asText() + "/" + c.get("n").asText() + " at " + c.get("confidence").asText(), c));
  }

  @ParameterizedTest
  @MethodSource("statsmodelsCases")
  void matchesStatsmodels(JsonNode c) {
    ConfidenceInterval interval = WilsonInterval.of(
        c.get("k").longValue(), c.get("n").longValue(), c.get("confidence").doubleValue());

    assertThat(interval.lower()).isCloseTo(c.get("lower").doubleValue(), within(1e-12));
    assertThat(interval.upper()).isCloseTo(c.get("upper").doubleValue(), within(1e-12));
    assertThat(interval.level()).isEqualTo(c.get("confidence").doubleValue());
  }

  @Test
  void normalQuantilesMatchScipy() {
    for (JsonNode q : Fixtures.load("wilson_intervals.json").get("two_sided_z")) {
      double expected = q.get("z").doubleValue();
      assertThat(NormalQuantile.twoSided(q.get("confidence").doubleValue()))
          .as("z for %s", q.get("confidence"))
          .isCloseTo(expected, within(expected * 1e-13));
    }
  }

  @Test
  void boundsAreExactAtZeroAndAllSuccesses() {
    assertThat(WilsonInterval.of(0, 7, 0.95).lower()).isEqualTo(0.0);
    assertThat(WilsonInterval.of(7, 7, 0.95).upper()).isEqualTo(1.0);
    // 5/5 at 95%: lower = n / (n + z^2) = 5 / (5 + 1.959963984540054^2)
    double z = 1.959963984540054;
    assertThat(WilsonInterval.of(5, 5, 0.95).lower()).isCloseTo(5 / (5 + z * z), within(1e-15));
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> WilsonInterval.of(0, 0, 0.95)).hasMessageContaining("undefined");
    assertThatThrownBy(() -> WilsonInterval.of(6, 5, 0.95)).hasMessageContaining("6 of 5");
    assertThatThrownBy(() -> WilsonInterval.of(-1, 5, 0.95)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WilsonInterval.of(1, 5, 1.0)).hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> WilsonInterval.of(1, 5, Double.NaN)).hasMessageContaining("(0, 1)");
  }

  @Test
  void proportionPrintsValueIntervalAndDenominator() {
    // The example line; statsmodels gives 0.565508... for 5/5 (see the fixture).
    assertThat(Proportion.of(5, 5)).hasToString("1.0000 (95% CI 0.5655-1.0000, n=5)");
    assertThat(new Proportion(9, 10, 0.90).toString()).startsWith("0.9000 (90% CI ").endsWith(", n=10)");
    assertThat(Proportion.of(0, 4).value()).hasValue(0.0);
  }

  @Test
  void zeroDenominatorIsUndefinedNotNaN() {
    Proportion undefined = Proportion.of(0, 0);

    assertThat(undefined.isDefined()).isFalse();
    assertThat(undefined.value()).isEmpty();
    assertThat(undefined.interval()).isEmpty();
    assertThat(undefined).hasToString("n/a (n=0)");
    assertThatThrownBy(() -> Proportion.of(3, 2)).hasMessageContaining("3/2");
  }
}
