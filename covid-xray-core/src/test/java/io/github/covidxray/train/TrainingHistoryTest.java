package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHistoryTest {

  @TempDir Path dir;

  private static final EpochRecord E1 =
      new EpochRecord(1, 0.75, 0.5, 0.625, 0.4, 0.001, Duration.ofMillis(1500));
  private static final EpochRecord E2 =
      new EpochRecord(2, 0.25, 0.875, 0.5, 0.8, 9.6e-4, Duration.ofMillis(250));
  private static final EpochRecord E3_NO_VAL =
      new EpochRecord(3, 0.125, 1.0, Double.NaN, Double.NaN, 9.2e-4, Duration.ofSeconds(2, 1));

  private static TrainingHistory history() {
    return TrainingHistory.empty().plus(E1).plus(E2).plus(E3_NO_VAL);
  }

  @Test
  void csvHeaderAndValuesAreExact() {
    assertThat(history().toCsv()).isEqualTo(
        "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,wall_time_s\r\n"
        + "1,0.75,0.5,0.625,0.4,0.001,1.5\r\n"
        + "2,0.25,0.875,0.5,0.8,9.6E-4,0.25\r\n"
        + "3,0.125,1.0,,,9.2E-4,2.000000001\r\n");
  }

  @Test
  void csvRoundTripThroughAFileIsExact() throws IOException {
    // values with all 17 significant digits must survive unchanged
    EpochRecord awkward = new EpochRecord(1, 0.6931471805599453, 1.0 / 3, Math.PI / 4, 0.1 + 0.2,
        1e-3 / (1 + 4e-5 * 3), Duration.ofNanos(123_456_789_012L));
    TrainingHistory h = TrainingHistory.of(List.of(awkward));
    Path csv = dir.resolve("out/history.csv");
    h.writeCsv(csv);
    assertThat(TrainingHistory.readCsv(csv)).isEqualTo(h);
    assertThat(TrainingHistory.readCsv(csv).epochs().get(0).wallTime())
        .isEqualTo(Duration.ofSeconds(123, 456_789_012));

    Path csv3 = dir.resolve("h3.csv");
    history().writeCsv(csv3);
    assertThat(TrainingHistory.readCsv(csv3)).isEqualTo(history());
  }

  @Test
  void jsonHasTheDocumentedShapeAndRoundTrips() throws IOException {
    TrainingHistory h = history();
    JsonNode root = new ObjectMapper().readTree(h.toJson());
    assertThat(root.get("version").asInt()).isEqualTo(1);
    JsonNode first = root.get("epochs").get(0);
    assertThat(first.get("epoch").asInt()).isEqualTo(1);
    assertThat(first.get("loss").asDouble()).isEqualTo(0.75);
    assertThat(first.get("accuracy").asDouble()).isEqualTo(0.5);
    assertThat(first.get("val_loss").asDouble()).isEqualTo(0.625);
    assertThat(first.get("val_accuracy").asDouble()).isEqualTo(0.4);
    assertThat(first.get("learning_rate").asDouble()).isEqualTo(0.001);
    assertThat(first.get("wall_time_s").asDouble()).isEqualTo(1.5);
    JsonNode third = root.get("epochs").get(2);
    assertThat(third.get("val_loss").isNull()).isTrue();
    assertThat(third.get("wall_time_s").decimalValue()).isEqualByComparingTo("2.000000001");

    Path json = dir.resolve("history.json");
    h.writeJson(json);
    assertThat(TrainingHistory.readJson(json)).isEqualTo(h);
    assertThat(TrainingHistory.fromJson(h.toJson())).isEqualTo(h);

    EpochRecord awkward = new EpochRecord(1, 0.6931471805599453, 1.0 / 3, Math.PI / 4, 0.1 + 0.2,
        1e-3 / (1 + 4e-5 * 3), Duration.ofNanos(123_456_789_012L));
    TrainingHistory exact = TrainingHistory.of(List.of(awkward));
    assertThat(TrainingHistory.fromJson(exact.toJson())).isEqualTo(exact);
  }

  @Test
  void emptyHistoryExportsJustTheHeader() {
    assertThat(TrainingHistory.empty().toCsv())
        .isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,wall_time_s\r\n");
    assertThat(TrainingHistory.fromJson(TrainingHistory.empty().toJson())).isEqualTo(TrainingHistory.empty());
    assertThat(TrainingHistory.empty().last()).isEmpty();
  }

  @Test
  void isImmutable() {
    TrainingHistory one = TrainingHistory.empty().plus(E1);
    TrainingHistory two = one.plus(E2);
    assertThat(one.size()).isEqualTo(1);
    assertThat(two.size()).isEqualTo(2);
    assertThat(two.last()).contains(E2);
    assertThatThrownBy(() -> two.epochs().add(E3_NO_VAL)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(two.totalWallTime()).isEqualTo(Duration.ofMillis(1750));
  }

  @Test
  void epochsMustBeConsecutiveFromOne() {
    assertThatThrownBy(() -> TrainingHistory.of(List.of(E2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1");
    assertThatThrownBy(() -> TrainingHistory.of(List.of(E1, E3_NO_VAL)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch 3, expected 2");
    assertThatThrownBy(() -> TrainingHistory.empty().plus(E1).plus(E1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordRejectsOutOfRangeFigures() {
    Duration t = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new EpochRecord(0, 1, 0.5, 1, 0.5, 1e-3, t)).hasMessageContaining("start at 1");
    assertThatThrownBy(() -> new EpochRecord(1, Double.NaN, 0.5, 1, 0.5, 1e-3, t))
        .hasMessageContaining("loss");
    assertThatThrownBy(() -> new EpochRecord(1, 1, 1.5, 1, 0.5, 1e-3, t)).hasMessageContaining("accuracy");
    assertThatThrownBy(() -> new EpochRecord(1, 1, 0.5, Double.NaN, 0.5, 1e-3, t))
        .hasMessageContaining("both");
    assertThatThrownBy(() -> new EpochRecord(1, 1, 0.5, Double.POSITIVE_INFINITY, 0.5, 1e-3, t))
        .hasMessageContaining("val_loss");
    assertThatThrownBy(() -> new EpochRecord(1, 1, 0.5, 1, 0.5, -1e-3, t))
        .hasMessageContaining("learning_rate");
    assertThatThrownBy(() -> new EpochRecord(1, 1, 0.5, 1, 0.5, 1e-3, Duration.ofSeconds(-1)))
        .hasMessageContaining("negative");
  }

  @Test
  void badInputNamesWhereItIs() {
    String csv = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,wall_time_s\r\n"
        + "1,0.5,0.5,0.5,0.5,0.001,1\r\n"
        + "2,oops,0.5,0.5,0.5,0.001,1\r\n";
    assertThatThrownBy(() -> TrainingHistory.fromCsv(csv, "h.csv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("h.csv, line 3");
    assertThatThrownBy(() -> TrainingHistory.fromCsv("epoch,loss\r\n1,0.5\r\n", "h.csv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'accuracy'");
    assertThatThrownBy(() -> TrainingHistory.fromJson("{\"epochs\": [{\"epoch\": 1}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs[0]")
        .hasMessageContaining("'loss'");
    assertThatThrownBy(() -> TrainingHistory.fromJson("[1,2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> TrainingHistory.fromJson("{\"version\": 2, \"epochs\": []}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
  }

  @Test
  void readsKerasStyleMissingValidationAndOtherColumnOrder() {
    String csv = "wall_time_s,epoch,learning_rate,loss,accuracy,val_accuracy,val_loss\n"
        + "0.5,1,0.001,0.75,0.5,NA,NA\n";
    TrainingHistory h = TrainingHistory.fromCsv(csv, "keras.csv");
    assertThat(h.epochs()).containsExactly(
        new EpochRecord(1, 0.75, 0.5, Double.NaN, Double.NaN, 0.001, Duration.ofMillis(500)));
  }
}
