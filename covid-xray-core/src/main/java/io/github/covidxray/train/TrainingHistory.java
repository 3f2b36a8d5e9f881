package io.github.covidxray.train;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.covidxray.internal.AtomicFiles;
import io.github.covidxray.internal.CsvFormatException;
import io.github.covidxray.internal.CsvTable;
import io.github.covidxray.internal.CsvWriter;
import io.github.covidxray.model.TrainingSummary;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of a training run, one {@link EpochRecord} per epoch, numbered 1, 2, 3, ... with no
 * gaps. Immutable: {@link #plus} returns a new history.
 *
 * <p>It is what Keras's {@code History} object holds, in a form that outlives the process: CSV
 * ({@link #toCsv()}, the columns of {@link #CSV_COLUMNS}, like Keras's {@code CSVLogger}) for
 * spreadsheets and pandas, and JSON ({@link #toJson()}) for programs; both read back to an equal
 * history. Numbers are written as Java's shortest round-trip decimal form, so nothing is lost;
 * missing validation figures are an empty CSV cell and a JSON {@code null}; wall time is in seconds.
 */
public final class TrainingHistory {

  /** The CSV header, in order. */
  public static final List<String> CSV_COLUMNS = List.of(
      "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "wall_time_s");

  /** The JSON layout version this class writes; reading accepts this version or none. */
  public static final int JSON_VERSION = 1;

  private static final TrainingHistory EMPTY = new TrainingHistory(List.of());

  private final List<EpochRecord> epochs;

  private TrainingHistory(List<EpochRecord> epochs) {
    this.epochs = List.copyOf(epochs);
    for (int i = 0; i < this.epochs.size(); i++) {
      int got = this.epochs.get(i).epoch();
      if (got != i + 1) {
        throw new IllegalArgumentException(String.format(
            "epochs must be numbered consecutively from 1: record %d has epoch %d, expected %d",
            i + 1, got, i + 1));
      }
    }
  }

  /** A history with no epochs yet. */
  public static TrainingHistory empty() {
    return EMPTY;
  }

  /**
   * A history of these epochs.
   *
   * @throws IllegalArgumentException unless the epochs are numbered 1, 2, 3, ... in order
   */
  public static TrainingHistory of(List<EpochRecord> epochs) {
    Objects.requireNonNull(epochs, "epochs");
    return new TrainingHistory(epochs);
  }

  /**
   * This history with {@code next} appended.
   *
   * @throws IllegalArgumentException unless {@code next.epoch()} is {@code size() + 1}
   */
  public TrainingHistory plus(EpochRecord next) {
    Objects.requireNonNull(next, "next");
    List<EpochRecord> longer = new ArrayList<>(epochs.size() + 1);
    longer.addAll(epochs);
    longer.add(next);
    return new TrainingHistory(longer);
  }

  /** The epochs, first to last (unmodifiable). */
  public List<EpochRecord> epochs() {
    return epochs;
  }

  /** Number of epochs recorded. */
  public int size() {
    return epochs.size();
  }

  /** Whether no epoch has been recorded. */
  public boolean isEmpty() {
    return epochs.isEmpty();
  }

  /** The last epoch, if any. */
  public Optional<EpochRecord> last() {
    return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
  }

  /**
   * A summary for a saved model's metadata, naming the epoch whose weights the model holds: the last
   * one, or the best one after early stopping restored its weights.
   *
   * @param epoch 1-based epoch whose figures are recorded
   * @throws IllegalArgumentException if no such epoch was recorded
   */
  public TrainingSummary summaryAt(int epoch) {
    if (epoch < 1 || epoch > epochs.size()) {
      throw new IllegalArgumentException(
          "epoch " + epoch + " is not in this history of " + epochs.size() + " epochs");
    }
    EpochRecord r = epochs.get(epoch - 1);
    return new TrainingSummary(epochs.size(), r.epoch(), r.loss(), r.accuracy(), r.valLoss(),
        r.valAccuracy(), r.learningRate(), totalWallTime());
  }

  /** {@link #summaryAt(int)} of the last epoch. */
  public TrainingSummary summary() {
    return summaryAt(epochs.size());
  }

  /** Sum of the epochs' wall times. */
  public Duration totalWallTime() {
    Duration total = Duration.ZERO;
    for (EpochRecord e : epochs) {
      total = total.plus(e.wallTime());
    }
    return total;
  }

  // ---------------------------------------------------------------- CSV

  /** The history as CSV: header {@link #CSV_COLUMNS}, one row per epoch, CRLF line ends. */
  public String toCsv() {
    List<List<String>> rows = new ArrayList<>(epochs.size());
    for (EpochRecord e : epochs) {
      rows.add(List.of(Integer.toString(e.epoch()), Double.toString(e.loss()),
          Double.toString(e.accuracy()), optional(e.valLoss()), optional(e.valAccuracy()),
          Double.toString(e.learningRate()), seconds(e.wallTime())));
    }
    return CsvWriter.format(CSV_COLUMNS, rows);
  }

  /** Writes {@link #toCsv()} to {@code file} atomically (temporary file, then move). */
  public void writeCsv(Path file) throws IOException {
    AtomicFiles.writeString(file, toCsv());
  }

  /**
   * Parses what {@link #toCsv()} writes; column order does not matter and names are matched loosely
   * (trimmed, any case). Empty, {@code NA} or {@code NaN} validation cells read as NaN.
   *
   * @param sourceName names the text in error messages
   * @throws IllegalArgumentException if a column is missing or a value is not a number, naming the line
   */
  public static TrainingHistory fromCsv(String csv, String sourceName) {
    CsvTable table;
    try {
      table = CsvTable.parse(csv, sourceName);
    } catch (CsvFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    int[] col = new int[CSV_COLUMNS.size()];
    for (int i = 0; i < col.length; i++) {
      col[i] = table.column(CSV_COLUMNS.get(i));
    }
    List<EpochRecord> records = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      try {
        records.add(new EpochRecord(
            Integer.parseInt(row.get(col[0]).strip()),
            Double.parseDouble(row.get(col[1]).strip()),
            Double.parseDouble(row.get(col[2]).strip()),
            parseOptional(row.get(col[3])),
            parseOptional(row.get(col[4])),
            Double.parseDouble(row.get(col[5]).strip()),
            parseSeconds(row.get(col[6]))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            sourceName + ", line " + row.line() + ": " + e.getMessage(), e);
      }
    }
    return of(records);
  }

  /** Reads a CSV file written by {@link #writeCsv} (see {@link #fromCsv}). */
  public static TrainingHistory readCsv(Path file) throws IOException {
    return fromCsv(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  // ---------------------------------------------------------------- JSON

  /**
   * The history as JSON: {@code {"version": 1, "epochs": [{"epoch": 1, "loss": ..., "accuracy": ...,
   * "val_loss": ..., "val_accuracy": ..., "learning_rate": ..., "wall_time_s": ...}, ...]}}, pretty
   * printed. In Python, {@code pandas.DataFrame(json.load(f)["epochs"])} gives one row per epoch.
   */
  public String toJson() {
    ObjectMapper mapper = mapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("version", JSON_VERSION);
    ArrayNode array = root.putArray("epochs");
    for (EpochRecord e : epochs) {
      ObjectNode node = array.addObject();
      node.put("epoch", e.epoch());
      node.put("loss", e.loss());
      node.put("accuracy", e.accuracy());
      putOptional(node, "val_loss", e.valLoss());
      putOptional(node, "val_accuracy", e.valAccuracy());
      node.put("learning_rate", e.learningRate());
      node.put("wall_time_s", new BigDecimal(seconds(e.wallTime())));
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the history as JSON", e);
    }
  }

  /** Writes {@link #toJson()} to {@code file} atomically (temporary file, then move). */
  public void writeJson(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson());
  }

  /**
   * Parses what {@link #toJson()} writes.
   *
   * @throws IllegalArgumentException if the text is not JSON, lacks a field or has a newer version
   */
  public static TrainingHistory fromJson(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a training history JSON must be an object with an 'epochs' array");
    }
    JsonNode version = root.get("version");
    if (version != null && (!version.canConvertToInt() || version.asInt() > JSON_VERSION)) {
      throw new IllegalArgumentException("training history JSON version " + version
          + " is not supported (this library reads version " + JSON_VERSION + ")");
    }
    JsonNode array = root.get("epochs");
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("a training history JSON needs an 'epochs' array");
    }
    List<EpochRecord> records = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode node = array.get(i);
      try {
        records.add(new EpochRecord(
            number(node, "epoch").intValueExact(),
            number(node, "loss").doubleValue(),
            number(node, "accuracy").doubleValue(),
            optionalNumber(node, "val_loss"),
            optionalNumber(node, "val_accuracy"),
            number(node, "learning_rate").doubleValue(),
            toDuration(number(node, "wall_time_s"))));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new IllegalArgumentException("epochs[" + i + "]: " + e.getMessage(), e);
      }
    }
    return of(records);
  }

  /** Reads a JSON file written by {@link #writeJson} (see {@link #fromJson}). */
  public static TrainingHistory readJson(Path file) throws IOException {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- value semantics

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingHistory other && epochs.equals(other.epochs);
  }

  @Override
  public int hashCode() {
    return epochs.hashCode();
  }

  @Override
  public String toString() {
    return "TrainingHistory" + epochs;
  }

  // ---------------------------------------------------------------- helpers

  private static ObjectMapper mapper() {
    return JsonMapper.builder()
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        // exact decimals on reading, so wall times keep their nanoseconds
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  private static String optional(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  private static double parseOptional(String cell) {
    String s = cell.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(s);
  }

  private static void putOptional(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }

  /** Seconds with up to nine decimals, no exponent, no trailing zeros: {@code 12.5}, {@code 0}. */
  private static String seconds(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    return s.signum() == 0 ? "0" : s.stripTrailingZeros().toPlainString();
  }

  private static Duration parseSeconds(String cell) {
    String s = cell.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("wall_time_s is empty");
    }
    return toDuration(new BigDecimal(s.toUpperCase(Locale.ROOT)));
  }

  private static Duration toDuration(BigDecimal seconds) {
    if (seconds.signum() < 0) {
      throw new IllegalArgumentException("wall_time_s is negative: " + seconds.toPlainString());
    }
    BigDecimal nanos = seconds.movePointRight(9);
    if (nanos.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "wall_time_s has more than nanosecond precision: " + seconds.toPlainString());
    }
    BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValueExact());
  }

  private static BigDecimal number(JsonNode node, String name) {
    JsonNode value = node == null ? null : node.get(name);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException("'" + name + "' must be a number, got " + value);
    }
    return value.decimalValue();
  }

  private static double optionalNumber(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? Double.NaN : number(node, name).doubleValue();
  }
}
