package io.github.covidxray.study;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.internal.AtomicFiles;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.model.ModelConfig;
import io.github.covidxray.train.TrainingConfig;
import io.github.covidxray.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TransferStudy} did, as an immutable value: the data it used, how it split or
 * cross-validated it, the leakage findings, the training history and the evaluation with intervals,
 * where it wrote its outputs, how long each step took, and the provenance needed to repeat it (SDK and
 * TensorFlow versions, seed, weights, model and training settings). Print it with {@link #toText()},
 * keep it with {@link #writeJson(Path)}; a study that saves a model also writes this JSON into the
 * model directory as {@value #FILE_NAME}.
 */
public final class StudyResult {

  /** File name of the study record inside a saved model directory. */
  public static final String FILE_NAME = "covid-xray-study.json";

  /** Version of the JSON layout written by {@link #toJson()}. */
  public static final int JSON_VERSION = 1;

  /**
   * The data a study used.
   *
   * @param dataset the data set folder
   * @param classes class names in label order
   * @param classCounts images per class
   * @param skipped files that could not be read and were left out
   * @param groupedImages images with a patient id
   * @param patientIdSources the manifest files the ids came from
   * @param imageSize side of the model input the images were resized to
   */
  public record DataSummary(Path dataset, List<String> classes, int[] classCounts, int skipped, int groupedImages,
      List<Path> patientIdSources, int imageSize) {

    /** Copies the lists and the counts. */
    public DataSummary {
      classes = List.copyOf(classes);
      classCounts = classCounts.clone();
      patientIdSources = List.copyOf(patientIdSources);
    }

    /** Images per class, a copy. */
    @Override
    public int[] classCounts() {
      return classCounts.clone();
    }

    /** Number of images used. */
    public int images() {
      int n = 0;
      for (int c : classCounts) {
        n += c;
      }
      return n;
    }
  }

  /**
   * The hold-out split of a study.
   *
   * @param byPatient whether every patient is wholly on one side
   * @param testFraction fraction of each class held out
   * @param seed seed of the split
   * @param trainCounts training images per class
   * @param testCounts test images per class
   */
  public record SplitSummary(boolean byPatient, double testFraction, long seed, int[] trainCounts,
      int[] testCounts) {

    /** Copies the counts. */
    public SplitSummary {
      trainCounts = trainCounts.clone();
      testCounts = testCounts.clone();
    }

    /** Training images per class, a copy. */
    @Override
    public int[] trainCounts() {
      return trainCounts.clone();
    }

    /** Test images per class, a copy. */
    @Override
    public int[] testCounts() {
      return testCounts.clone();
    }
  }

  private final Instant startedAt;
  private final String sdkVersion;
  private final String tensorflowVersion;
  private final DataSummary data;
  private final SplitSummary split;
  private final LeakageReport leakage;
  private final ModelConfig modelConfig;
  private final TrainingConfig trainingConfig;
  private final TrainingHistory history;
  private final Evaluation evaluation;
  private final CrossValidationResult crossValidation;
  private final Map<String, Duration> timings;
  private final Path model;
  private final Path plot;

  private StudyResult(Builder b) {
    this.startedAt = Objects.requireNonNull(b.startedAt, "startedAt");
    this.sdkVersion = SdkInfo.version();
    this.tensorflowVersion = b.tensorflowVersion;
    this.data = Objects.requireNonNull(b.data, "data");
    this.split = b.split;
    this.leakage = b.leakage;
    this.modelConfig = b.modelConfig;
    this.trainingConfig = Objects.requireNonNull(b.trainingConfig, "trainingConfig");
    this.history = b.history;
    this.evaluation = b.evaluation;
    this.crossValidation = b.crossValidation;
    this.timings = Collections.unmodifiableMap(new LinkedHashMap<>(b.timings));
    this.model = b.model;
    this.plot = b.plot;
  }

  /** When the study started. */
  public Instant startedAt() {
    return startedAt;
  }

  /** The SDK version that ran it. */
  public String sdkVersion() {
    return sdkVersion;
  }

  /** The TensorFlow version of the natives that ran it. */
  public String tensorflowVersion() {
    return tensorflowVersion;
  }

  /** The data it used. */
  public DataSummary data() {
    return data;
  }

  /** The hold-out split; empty for a cross-validated study. */
  public Optional<SplitSummary> split() {
    return Optional.ofNullable(split);
  }

  /** The hold-out leakage check; empty when cross-validated (see its per-fold reports) or not checked. */
  public Optional<LeakageReport> leakage() {
    return Optional.ofNullable(leakage);
  }

  /** The configuration of the (first) model built; empty if none was built. */
  public Optional<ModelConfig> modelConfig() {
    return Optional.ofNullable(modelConfig);
  }

  /** How the models were trained. */
  public TrainingConfig trainingConfig() {
    return trainingConfig;
  }

  /** The hold-out model's training history; empty for a cross-validated study. */
  public Optional<TrainingHistory> history() {
    return Optional.ofNullable(history);
  }

  /** The hold-out model's evaluation on the test part; empty for a cross-validated study. */
  public Optional<Evaluation> evaluation() {
    return Optional.ofNullable(evaluation);
  }

  /** The cross-validation result; empty for a hold-out study. */
  public Optional<CrossValidationResult> crossValidation() {
    return Optional.ofNullable(crossValidation);
  }

  /** Wall time per step ({@code load}, {@code split}, {@code leakage check}, {@code train}, ...), in order. */
  public Map<String, Duration> timings() {
    return timings;
  }

  /** Where the model was saved, if it was. */
  public Optional<Path> model() {
    return Optional.ofNullable(model);
  }

  /** Where the training plot was written, if it was. */
  public Optional<Path> plot() {
    return Optional.ofNullable(plot);
  }

  /** A human-readable account of the study: what ran, on what, the figures and the timings. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    String n = System.lineSeparator();
    s.append("covid-xray study, ").append(startedAt).append(" (SDK ").append(sdkVersion).append(", TensorFlow ")
        .append(tensorflowVersion).append(')').append(n);
    s.append("data: ").append(data.dataset()).append(", ").append(data.images()).append(" images (")
        .append(counts(data.classes(), data.classCounts())).append("), ").append(data.imageSize()).append('x')
        .append(data.imageSize());
    if (data.skipped() > 0) {
      s.append(", ").append(data.skipped()).append(" skipped");
    }
    if (data.groupedImages() > 0) {
      s.append(", patient ids for ").append(data.groupedImages());
    }
    s.append(n);
    if (modelConfig != null) {
      s.append("model: weights ").append(modelConfig.weightsSource()).append(", ")
          .append(modelConfig.inputScaling()).append(" scaling, ")
          .append("trains ").append(modelConfig.fineTuning().describe())
          .append(", seed ").append(modelConfig.seed()).append(n);
    }
    s.append(String.format(Locale.ROOT, "training: %d epochs, batch %d, learning rate %s, seed %d%n",
        trainingConfig.epochs(), trainingConfig.batchSize(), trainingConfig.schedule().initialRate(),
        trainingConfig.seed()));
    if (split != null) {
      s.append(String.format(Locale.ROOT, "split: %s, test fraction %s, seed %d: train (%s), test (%s)%n",
          split.byPatient() ? "by patient" : "by image", split.testFraction(), split.seed(),
          counts(data.classes(), split.trainCounts()), counts(data.classes(), split.testCounts())));
    }
    if (leakage != null) {
      s.append("leakage check: ").append(leakage).append(n);
    }
    if (evaluation != null) {
      s.append(evaluation.intervals());
    }
    if (crossValidation != null) {
      s.append(crossValidation.toText());
    }
    s.append("timings:");
    timings.forEach((step, time) -> s.append(String.format(Locale.ROOT, " %s %.1f s;", step, time.toMillis() / 1000.0)));
    s.setLength(s.length() - 1);
    s.append(n).append(SdkInfo.RESEARCH_USE_NOTICE).append(n);
    return s.toString();
  }

  /** The whole result as JSON (layout {@link #JSON_VERSION}). */
  public String toJson() {
    return StudyJson.write(this);
  }

  /** Writes {@link #toJson()} to {@code file} atomically. */
  public void writeJson(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson());
  }

  @Override
  public String toString() {
    return toText();
  }

  /** {@code covid 20, normal 20}: the images per class of a data set, as the console and report print them. */
  static String counts(ImageDataset data) {
    return counts(data.classNames(), data.classCounts());
  }

  private static String counts(List<String> classes, int[] counts) {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < counts.length; c++) {
      s.append(c == 0 ? "" : ", ").append(classes.get(c)).append(' ').append(counts[c]);
    }
    return s.toString();
  }

  /** Collects a result while the study runs. */
  static final class Builder {
    private Instant startedAt;
    private String tensorflowVersion = "unknown";
    private DataSummary data;
    private SplitSummary split;
    private LeakageReport leakage;
    private ModelConfig modelConfig;
    private TrainingConfig trainingConfig;
    private TrainingHistory history;
    private Evaluation evaluation;
    private CrossValidationResult crossValidation;
    private final Map<String, Duration> timings = new LinkedHashMap<>();
    private Path model;
    private Path plot;

    Builder startedAt(Instant value) {
      startedAt = value;
      return this;
    }

    Builder tensorflowVersion(String value) {
      tensorflowVersion = value;
      return this;
    }

    Builder data(DataSummary value) {
      data = value;
      return this;
    }

    Builder split(SplitSummary value) {
      split = value;
      return this;
    }

    Builder leakage(LeakageReport value) {
      leakage = value;
      return this;
    }

    Builder modelConfig(ModelConfig value) {
      if (modelConfig == null) {
        modelConfig = value;
      }
      return this;
    }

    Builder trainingConfig(TrainingConfig value) {
      trainingConfig = value;
      return this;
    }

    Builder history(TrainingHistory value) {
      history = value;
      return this;
    }

    Builder evaluation(Evaluation value) {
      evaluation = value;
      return this;
    }

    Builder crossValidation(CrossValidationResult value) {
      crossValidation = value;
      return this;
    }

    Builder time(String step, Duration value) {
      timings.merge(step, value, Duration::plus);
      return this;
    }

    Builder model(Path value) {
      model = value;
      return this;
    }

    Builder plot(Path value) {
      plot = value;
      return this;
    }

    StudyResult build() {
      return new StudyResult(this);
    }
  }
}
