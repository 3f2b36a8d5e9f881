package io.github.covidxray.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.OperatingPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON form of {@link ModelMetadata} (layout on {@link ModelMetadata#toJson()}), written and read
 * field by field so that the file's keys are stable and every problem in a file read back is reported
 * with the key at fault.
 */
final class ModelMetadataJson {

  /** Value of the {@code format} key, marking the file as a covid-xray model's metadata. */
  static final String FORMAT = "covid-xray-model";

  /** Floats read as exact decimals, so wall times keep their nanoseconds (doubles round-trip anyway). */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private ModelMetadataJson() {}

  static String write(ModelMetadata metadata) {
    ModelConfig config = metadata.config();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", metadata.formatVersion());
    root.put("notice", metadata.notice());
    root.put("sdk_version", metadata.sdkVersion());
    config.classes().forEach(root.putArray("classes")::add);
    root.put("classes_sha256", ClassListFingerprint.of(config.classes()));
    ObjectNode input = root.putObject("input");
    input.put("size", config.inputSize());
    input.put("layout", "NHWC");
    input.put("channels", "RGB");
    input.putArray("value_range").add(0.0).add(1.0);
    input.put("scaling", config.inputScaling().name());
    ObjectNode head = root.putObject("head");
    head.put("units", config.headUnits());
    head.put("pool_size", config.headPoolSize());
    head.put("effective_pool_size", config.effectiveHeadPoolSize());
    head.put("dropout", config.dropout());
    root.put("trainable_from_block", trainableFromBlock(config.fineTuning()));
    root.put("seed", config.seed());
    root.put("weights_source", config.weightsSource());
    root.put("precision", metadata.precision().name().toLowerCase(java.util.Locale.ROOT));
    ObjectNode savedModel = root.putObject("saved_model");
    savedModel.putArray("tags").add(SavedModelFormat.TAG);
    savedModel.put("signature", SavedModelFormat.SIGNATURE);
    savedModel.put("input", SavedModelFormat.INPUT);
    savedModel.putArray("outputs")
        .add(SavedModelFormat.OUTPUT_PROBABILITIES).add(SavedModelFormat.OUTPUT_CLASS);
    if (metadata.decisionRule() instanceof DecisionRule.PositiveThreshold t) {
      ObjectNode node = root.putObject("decision_threshold");
      node.put("positive_class", t.positiveClass());
      if (Double.isInfinite(t.threshold())) {
        node.put("threshold", t.threshold() > 0 ? "Infinity" : "-Infinity");
      } else {
        node.put("threshold", t.threshold());
      }
      node.put("criterion", t.criterion());
      Optional<OperatingPoint> point = t.operatingPoint();
      putOptional(node, "validation_sensitivity", point.map(OperatingPoint::sensitivity).orElse(Double.NaN));
      putOptional(node, "validation_specificity", point.map(OperatingPoint::specificity).orElse(Double.NaN));
    } else {
      root.putNull("decision_threshold");
    }
    if (metadata.training().isPresent()) {
      TrainingSummary s = metadata.training().get();
      ObjectNode node = root.putObject("training");
      node.put("epochs", s.epochs());
      node.put("epoch", s.epoch());
      node.put("loss", s.loss());
      node.put("accuracy", s.accuracy());
      putOptional(node, "val_loss", s.valLoss());
      putOptional(node, "val_accuracy", s.valAccuracy());
      node.put("learning_rate", s.learningRate());
      node.put("wall_time_s", seconds(s.wallTime()));
    } else {
      root.putNull("training");
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the model metadata as JSON", e);
    }
  }

  /**
   * Parses a metadata file's text.
   *
   * @param json the text
   * @param file the file it came from, for error messages
   * @throws ModelFormatException naming the file and the key at fault
   */
  static ModelMetadata read(String json, Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelFormatException(file, "the metadata is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(file, "the metadata must be a JSON object");
    }
    Fields f = new Fields(file);
    if (!FORMAT.equals(root.path("format").asText(null))) {
      throw new ModelFormatException(file,
          "expected \"format\": \"" + FORMAT + "\", got " + root.get("format"));
    }
    int version = f.integer(root, "format_version");
    if (version < 1 || version > ModelMetadata.FORMAT_VERSION) {
      throw new ModelFormatException(file, "format_version " + version + " is not supported; this SDK"
          + " reads versions 1 to " + ModelMetadata.FORMAT_VERSION
          + (version > ModelMetadata.FORMAT_VERSION ? " (the model was saved by a newer covid-xray)" : ""));
    }
    JsonNode input = f.object(root, "input");
    JsonNode head = f.object(root, "head");
    String scaling = f.text(input, "input.scaling");
    InputScaling inputScaling;
    try {
      inputScaling = InputScaling.valueOf(scaling);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file, "input.scaling must be one of "
          + List.of(InputScaling.values()) + ", got \"" + scaling + "\"", e);
    }
    ModelConfig config;
    try {
      config = new ModelConfig(
          f.integer(input, "input.size"),
          f.strings(root, "classes"),
          f.integer(head, "head.units"),
          f.integer(head, "head.pool_size"),
          f.number(head, "head.dropout"),
          inputScaling,
          fineTuning(f.integer(root, "trainable_from_block")),
          f.longInteger(root, "seed"),
          f.text(root, "weights_source"));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file, "invalid model configuration: " + e.getMessage(), e);
    }
    if (root.hasNonNull("classes_sha256")) { // absent in models saved before it was written
      ClassListFingerprint.check(config.classes(), f.text(root, "classes_sha256"), file);
    }
    DecisionRule rule = f.optionalObject(root, "decision_threshold")
        .map(node -> f.decisionThreshold(node)).orElse(DecisionRule.argmax());
    Optional<TrainingSummary> training = f.optionalObject(root, "training")
        .map(node -> f.trainingSummary(node));
    try {
      return new ModelMetadata(version, config, f.text(root, "sdk_version"), training, rule,
          precision(root, file));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file, e.getMessage(), e);
    }
  }

  /** The recorded precision; models saved before it was recorded ran in float32. */
  private static Precision precision(JsonNode root, Path file) {
    JsonNode node = root.get("precision");
    if (node == null || node.isNull()) {
      return Precision.FP32;
    }
    return switch (node.asText()) {
      case "fp32" -> Precision.FP32;
      case "bf16" -> Precision.BF16;
      default -> throw new ModelFormatException(file, "precision must be \"fp32\" or \"bf16\", got " + node);
    };
  }

  /**
   * The file's {@code trainable_from_block}: the first trained block, or the head's block number
   * ({@value VggArchitecture#HEAD_BLOCK}) for head-only training, as 0.1.0 wrote it.
   */
  private static int trainableFromBlock(FineTuning fineTuning) {
    return fineTuning instanceof FineTuning.FromBlock from ? from.block() : VggArchitecture.HEAD_BLOCK;
  }

  /** The inverse of {@link #trainableFromBlock(FineTuning)}; other values are refused by {@link FineTuning}. */
  private static FineTuning fineTuning(int trainableFromBlock) {
    try {
      return trainableFromBlock == VggArchitecture.HEAD_BLOCK
          ? FineTuning.headOnly()
          : FineTuning.fromBlock(trainableFromBlock);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trainable_from_block is " + trainableFromBlock + ", neither "
          + VggArchitecture.HEAD_BLOCK + " (head only) nor a block: " + e.getMessage(), e);
    }
  }

  private static void putOptional(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }

  /** Seconds with up to nine decimals, as {@code TrainingHistory} writes wall times. */
  private static BigDecimal seconds(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    return s.signum() == 0 ? BigDecimal.ZERO : s.stripTrailingZeros();
  }

  /** Typed access to the keys of one file, every failure naming the file and the key. */
  private record Fields(Path file) {

    JsonNode required(JsonNode parent, String key) {
      JsonNode value = parent.get(leaf(key));
      if (value == null || value.isNull()) {
        throw new ModelFormatException(file, "the metadata lacks '" + key + "'");
      }
      return value;
    }

    JsonNode object(JsonNode parent, String key) {
      JsonNode value = required(parent, key);
      if (!value.isObject()) {
        throw wrong(key, "an object", value);
      }
      return value;
    }

    Optional<JsonNode> optionalObject(JsonNode parent, String key) {
      JsonNode value = parent.get(key);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
      if (!value.isObject()) {
        throw wrong(key, "an object or null", value);
      }
      return Optional.of(value);
    }

    int integer(JsonNode parent, String key) {
      JsonNode value = required(parent, key);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw wrong(key, "an integer", value);
      }
      return value.intValue();
    }

    long longInteger(JsonNode parent, String key) {
      JsonNode value = required(parent, key);
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw wrong(key, "an integer", value);
      }
      return value.longValue();
    }

    double number(JsonNode parent, String key) {
      JsonNode value = required(parent, key);
      if (!value.isNumber()) {
        throw wrong(key, "a number", value);
      }
      return value.doubleValue();
    }

    /** A number, or {@code NaN} for null or a missing key. */
    double optionalNumber(JsonNode parent, String key) {
      JsonNode value = parent.get(leaf(key));
      return value == null || value.isNull() ? Double.NaN : number(parent, key);
    }

    String text(JsonNode parent, String key) {
      JsonNode value = required(parent, key);
      if (!value.isTextual()) {
        throw wrong(key, "a string", value);
      }
      return value.textValue();
    }

    List<String> strings(JsonNode parent, String key) {
      JsonNode value = required(parent, key);
      if (!value.isArray()) {
        throw wrong(key, "an array of strings", value);
      }
      List<String> out = new ArrayList<>();
      for (JsonNode element : value) {
        if (!element.isTextual()) {
          throw wrong(key, "an array of strings", value);
        }
        out.add(element.textValue());
      }
      return out;
    }

    /**
     * A threshold rule; the validation sensitivity and specificity are both present (a threshold chosen
     * by {@code ThresholdSelector}, as every model saved by 0.1.0 has) or both null (given by hand).
     */
    DecisionRule decisionThreshold(JsonNode node) {
      String key = "decision_threshold.threshold";
      JsonNode raw = required(node, key);
      double threshold;
      if (raw.isNumber()) {
        threshold = raw.doubleValue();
      } else if (raw.isTextual() && raw.textValue().toLowerCase(Locale.ROOT).matches("[+-]?infinity")) {
        threshold = raw.textValue().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      } else {
        throw wrong(key, "a number or \"Infinity\"", raw);
      }
      String positiveClass = text(node, "decision_threshold.positive_class");
      String criterion = text(node, "decision_threshold.criterion");
      double sensitivity = optionalNumber(node, "decision_threshold.validation_sensitivity");
      double specificity = optionalNumber(node, "decision_threshold.validation_specificity");
      if (Double.isNaN(sensitivity) != Double.isNaN(specificity)) {
        throw new ModelFormatException(file, "invalid decision_threshold: validation_sensitivity and"
            + " validation_specificity must both be numbers or both be null, got " + node);
      }
      try {
        return Double.isNaN(sensitivity)
            ? new DecisionRule.PositiveThreshold(positiveClass, threshold, criterion, Optional.empty())
            : DecisionRule.at(positiveClass, new OperatingPoint(threshold, sensitivity, specificity, criterion));
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(file, "invalid decision_threshold: " + e.getMessage(), e);
      }
    }

    TrainingSummary trainingSummary(JsonNode node) {
      try {
        number(node, "training.wall_time_s");
        BigDecimal[] parts = node.get("wall_time_s").decimalValue().movePointRight(9)
            .setScale(0, RoundingMode.HALF_EVEN).divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return new TrainingSummary(
            integer(node, "training.epochs"),
            integer(node, "training.epoch"),
            number(node, "training.loss"),
            number(node, "training.accuracy"),
            optionalNumber(node, "training.val_loss"),
            optionalNumber(node, "training.val_accuracy"),
            number(node, "training.learning_rate"),
            Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValueExact()));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new ModelFormatException(file, "invalid training summary: " + e.getMessage(), e);
      }
    }

    private ModelFormatException wrong(String key, String expected, JsonNode got) {
      return new ModelFormatException(file, "'" + key + "' must be " + expected + ", got " + got);
    }

    private static String leaf(String key) {
      return key.substring(key.lastIndexOf('.') + 1);
    }
  }
}
