package io.github.covidxray.model;

import io.github.covidxray.metrics.DecisionRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a saved model records about itself next to its TensorFlow SavedModel, in
 * {@value #FILE_NAME}: everything needed to rebuild and use it ({@link ModelConfig}: class names in
 * output order, input size and scaling, head, trainable blocks, seed, where the initial weights came
 * from), the SDK version that wrote it, optionally a {@link TrainingSummary}, and the
 * {@link DecisionRule} its predictions apply.
 *
 * <p>{@link VggTransferModel#metadata()} gives what {@link VggTransferModel#save} would write now;
 * {@link #read(Path)} gives what a saved model's file says, without loading the model. The JSON layout
 * is documented on {@link #toJson()}.
 *
 * @param formatVersion version of the file layout ({@value #FORMAT_VERSION} is written)
 * @param config the model's configuration
 * @param sdkVersion the covid-xray version that wrote the metadata ({@code "unknown"} if not known)
 * @param training how the weights were trained, if recorded
 * @param decisionRule the rule the model's predictions apply: a threshold chosen for one of its
 *     classes ({@link DecisionRule.PositiveThreshold}), or {@link DecisionRule#argmax()} when none was
 * @param precision the precision the model ran in when saved ({@link Precision#FP32} or
 *     {@link Precision#BF16}; models saved before it was recorded ran in FP32)
 */
public record ModelMetadata(int formatVersion, ModelConfig config, String sdkVersion,
    Optional<TrainingSummary> training, DecisionRule decisionRule, Precision precision) {

  /** Name of the metadata file inside a saved model directory. */
  public static final String FILE_NAME = "covid-xray-model.json";

  /** The layout version this SDK writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** The notice every saved model and every prediction carries. */
  public static final String RESEARCH_USE_NOTICE = io.github.covidxray.SdkInfo.RESEARCH_USE_NOTICE;

  /**
   * Checks the fields; a threshold rule's positive class must be one of the model's classes.
   */
  public ModelMetadata {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("formatVersion must be at least 1, got " + formatVersion);
    }
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(sdkVersion, "sdkVersion");
    if (sdkVersion.isBlank()) {
      throw new IllegalArgumentException("sdkVersion must not be blank");
    }
    Objects.requireNonNull(training, "training");
    checkDecisionRule(config, decisionRule);
    Objects.requireNonNull(precision, "precision");
    if (precision == Precision.AUTO) {
      throw new IllegalArgumentException("precision must be the one the model ran in, FP32 or BF16, not AUTO");
    }
  }

  /**
   * Reads the metadata file of a saved model directory without loading the model, e.g. to list
   * models or check their classes. Like {@link VggTransferModel#load}, it first removes what
   * interrupted saves of the directory left beside it.
   *
   * @param modelDirectory a directory written by {@link VggTransferModel#save}
   * @return what its metadata file says
   * @throws ModelFormatException if the directory or its metadata file is missing or invalid, or of
   *     a newer format version
   * @throws IOException if the file exists but cannot be read
   */
  public static ModelMetadata read(Path modelDirectory) throws IOException {
    return ModelDirectory.readMetadata(modelDirectory);
  }

  /** {@link #RESEARCH_USE_NOTICE}. */
  public String notice() {
    return RESEARCH_USE_NOTICE;
  }

  /**
   * This metadata as the JSON of {@value #FILE_NAME} (pretty printed, keys in snake case):
   * {@code format} ({@code "covid-xray-model"}), {@code format_version}, {@code notice},
   * {@code sdk_version}, {@code classes} (output order), {@code classes_sha256} (SHA-256 in hex of
   * the class names joined by line feeds, UTF-8; reading checks it, if present), {@code input} ({@code size}, {@code layout}
   * NHWC, {@code channels} RGB, {@code value_range} [0, 1], {@code scaling} UNIT or CAFFE),
   * {@code head} ({@code units}, {@code pool_size}, {@code effective_pool_size}, {@code dropout}),
   * {@code trainable_from_block}, {@code seed}, {@code weights_source}, {@code saved_model} (tag,
   * signature and tensor names of the SavedModel beside it), {@code decision_threshold}
   * ({@code positive_class}, {@code threshold}, {@code criterion}, {@code validation_sensitivity},
   * {@code validation_specificity}, the last two {@code null} for a threshold given by hand; or
   * {@code null} for the argmax) and {@code training} ({@code epochs},
   * {@code epoch}, {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy},
   * {@code learning_rate}, {@code wall_time_s}; or {@code null}). Numbers are written in Java's
   * shortest round-trip form; an infinite threshold as the string {@code "Infinity"}.
   *
   * @return the JSON text, ending with a newline
   */
  public String toJson() {
    return ModelMetadataJson.write(this);
  }

  /** Rejects a missing rule and a threshold on a class the model does not have. */
  static void checkDecisionRule(ModelConfig config, DecisionRule rule) {
    Objects.requireNonNull(rule, "decisionRule");
    if (rule instanceof DecisionRule.PositiveThreshold t && !config.classes().contains(t.positiveClass())) {
      throw new IllegalArgumentException("decision threshold's positive class '"
          + t.positiveClass() + "' is not one of the model's classes " + config.classes());
    }
  }
}
