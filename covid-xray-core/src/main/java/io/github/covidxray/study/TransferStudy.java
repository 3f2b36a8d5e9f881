package io.github.covidxray.study;

import io.github.covidxray.crossval.CrossValidation;
import io.github.covidxray.crossval.CrossValidationListener;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.crossval.FoldResult;
import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.Fold;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.PatientIds;
import io.github.covidxray.data.StratifiedGroupKFold;
import io.github.covidxray.data.quality.LeakageCheck;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.Metrics;
import io.github.covidxray.metrics.Proportion;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.plot.TrainingPlot;
import io.github.covidxray.train.Trainer;
import io.github.covidxray.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.TensorFlow;

/**
 * The tutorial's whole study as one library call: load a folder-per-class data set, attach patient
 * ids from its manifests, check training and test images for leakage, split (by patient when ids
 * exist) or cross-validate, build and train the VGG16 transfer model, evaluate it with intervals for a
 * named positive class, and write the plot, the model and a JSON record of the run.
 *
 * <pre>{@code
 * StudyResult result = TransferStudy.builder()
 *     .dataset(Path.of("dataset"))                 // dataset/covid, dataset/normal
 *     .weights(VggWeights.imagenet())
 *     .trainer(Trainer.builder().listener(new ConsoleProgress(System.out)).build())
 *     .listener(new StudyConsole(System.out))      // the tutorial's printed output
 *     .saveModel(Path.of("covid19.model")).plot(Path.of("plot.png"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Every setting is checked once, in {@link Builder#build()}, before any data is read, and so are the
 * output paths. Defaults are the tutorial's. A study is immutable and can be run again (the same seed
 * and data give the same result on the same machine). Research use only.
 */
public final class TransferStudy {
  private static final Logger LOG = LoggerFactory.getLogger(TransferStudy.class);

  /** The tutorial's model input and image size. */
  public static final int DEFAULT_IMAGE_SIZE = 224;
  /** The tutorial's hold-out fraction per class. */
  public static final double DEFAULT_TEST_FRACTION = 0.2;
  /** The tutorial's seed (split, initialisation). */
  public static final long DEFAULT_SEED = 42;
  /** The class that sensitivity refers to by default. */
  public static final String DEFAULT_POSITIVE_CLASS = "covid";

  private final Builder settings;
  private final StudyListener listener;

  private TransferStudy(Builder settings, StudyListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /** A study with the tutorial's defaults; only the data set is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the study.
   *
   * @return what it did
   * @throws IOException when the data set cannot be read or an output cannot be written
   * @throws IllegalArgumentException when the data cannot be studied as asked (no positive class
   *     folder, too few images for a batch or for the folds, no patient ids with {@link SplitMode#BY_PATIENT})
   * @throws io.github.covidxray.data.quality.LeakageException with {@link LeakagePolicy#FAIL} when the
   *     training and test images overlap
   * @throws io.github.covidxray.model.WeightsDownloadException when the ImageNet weights can be neither
   *     found nor downloaded
   */
  public StudyResult run() throws IOException {
    Builder s = settings;
    StudyResult.Builder result = new StudyResult.Builder().startedAt(Instant.now())
        .tensorflowVersion(TensorFlow.version()).trainingConfig(s.trainer.config());
    long start = System.nanoTime();

    listener.onLoading(s.dataset);
    long t = System.nanoTime();
    ImageDataset data = DatasetLoader.builder().directory(s.dataset).imageSize(s.imageSize).build().load();
    if (!data.classNames().contains(s.positiveClass)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s has the classes %s but no '%s' folder, the positive class that sensitivity refers to;"
              + " name the folder '%s' or choose another positiveClass", s.dataset, data.classNames(),
          s.positiveClass, s.positiveClass));
    }
    PatientIds patientIds = s.splitMode == SplitMode.BY_IMAGE
        ? PatientIds.read(List.of())
        : s.patientIds != null ? s.patientIds : PatientIds.of(s.dataset);
    if (!patientIds.isEmpty()) {
      data = data.withGroups(patientIds);
    }
    if (s.splitMode == SplitMode.BY_PATIENT && !data.hasGroups()) {
      throw new IllegalArgumentException(s.dataset + " has no patient ids (no manifest.csv with a patient"
          + " column in it or its class folders), so it cannot be split by patient");
    }
    result.time("load", since(t)).data(new StudyResult.DataSummary(s.dataset, data.classNames(),
        data.classCounts(), data.skipped().size(), data.groupedImages(), patientIds.manifests(), s.imageSize));
    listener.onLoaded(data, patientIds);

    Metrics metrics = Metrics.builder().classNames(data.classNames()).positiveClass(s.positiveClass)
        .confidenceLevel(s.confidenceLevel).build();
    if (s.folds > 0) {
      crossValidate(data, metrics, result);
    } else {
      holdOut(data, metrics, result);
    }
    result.time("total", since(start));
    StudyResult done = result.build();
    if (s.saveModel != null) {
      done.writeJson(s.saveModel.resolve(StudyResult.FILE_NAME));
    }
    listener.onFinished(done);
    LOG.debug("Study of {} done in {} s", s.dataset, since(start).toSeconds());
    return done;
  }

  private void holdOut(ImageDataset data, Metrics metrics, StudyResult.Builder result) throws IOException {
    Builder s = settings;
    long t = System.nanoTime();
    DatasetSplit split = data.split(s.testFraction, s.seed);
    listener.onSplit(split, data.hasGroups(), s.seed);
    result.split(new StudyResult.SplitSummary(data.hasGroups(), s.testFraction, s.seed,
        split.train().classCounts(), split.test().classCounts()));
    s.trainer.stepsPerEpoch(split.train().size());
    result.time("split", since(t));

    if (s.leakagePolicy != LeakagePolicy.IGNORE) {
      t = System.nanoTime();
      // FAIL throws, listing the pairs; WARN scans and leaves the reporting to the listener
      LeakageReport report = s.leakagePolicy == LeakagePolicy.FAIL
          ? LeakageCheck.builder().strict().build().check(split)
          : LeakageCheck.defaults().scan(split.train(), split.test());
      result.leakage(report).time("leakage check", since(t));
      listener.onLeakageChecked(report);
    }

    listener.onCompilingModel();
    t = System.nanoTime();
    try (VggTransferModel model = buildModel(data.classNames())) {
      result.modelConfig(model.config()).time("build model", since(t));
      listener.onTrainingStart(model);
      t = System.nanoTime();
      TrainingHistory history = s.trainer.fit(model, split.train(), split.test());
      result.history(history).time("train", since(t));

      listener.onEvaluating();
      t = System.nanoTime();
      Evaluation evaluation = metrics.evaluate(model::predict, split.test());
      result.evaluation(evaluation).time("evaluate", since(t));
      listener.onEvaluated(evaluation);

      t = System.nanoTime();
      if (s.plot != null) {
        TrainingPlot.defaults().writePng(history, s.plot);
        result.plot(s.plot);
      }
      if (s.saveModel != null) {
        listener.onSaving(s.saveModel);
        model.setTrainingSummary(history.summary());
        model.save(s.saveModel);
        result.model(s.saveModel);
      }
      result.time("write outputs", since(t));
    }
  }

  private void crossValidate(ImageDataset data, Metrics metrics, StudyResult.Builder result) {
    Builder s = settings;
    listener.onCrossValidationStart(s.folds, s.seed);
    long t = System.nanoTime();
    // fail fast, before the first fold trains, when the weights cannot be had
    try (VggTransferModel probe = buildModel(data.classNames())) {
      result.modelConfig(probe.config());
    }
    CrossValidation.Builder cv = CrossValidation.builder()
        .folds(s.folds)
        .seed(s.seed)
        .model(() -> buildModel(data.classNames()))
        .trainer(s.trainer)
        .metrics(metrics)
        .listener(new CrossValidationListener() {
          @Override
          public void onFoldStart(Fold fold, int foldCount, int trainSize, int validationSize) {
            listener.onFoldStart(fold, foldCount, trainSize, validationSize);
          }

          @Override
          public void onFoldEnd(FoldResult fold, int foldCount) {
            listener.onFoldEnd(fold, foldCount);
          }
        });
    switch (s.leakagePolicy) {
      case WARN -> cv.leakageCheck(LeakageCheck.defaults());
      case FAIL -> cv.leakageCheck(LeakageCheck.builder().strict().build());
      case IGNORE -> cv.withoutLeakageCheck();
    }
    CrossValidationResult cross = cv.build().run(data);
    result.crossValidation(cross).time("cross-validate", since(t));
    listener.onCrossValidated(cross);
  }

  private VggTransferModel buildModel(List<String> classes) {
    listener.onBuildingModel(settings.weights);
    VggTransferModel model = settings.modelBuilder(classes).build();
    listener.onModelBuilt(model);
    return model;
  }

  private static Duration since(long nanoStart) {
    return Duration.ofNanos(System.nanoTime() - nanoStart);
  }

  /** The settings of a study; {@link #build()} checks them all, and the output paths, at once. */
  public static final class Builder {
    private Path dataset;
    private int imageSize = DEFAULT_IMAGE_SIZE;
    private String positiveClass = DEFAULT_POSITIVE_CLASS;
    private double testFraction = DEFAULT_TEST_FRACTION;
    private long seed = DEFAULT_SEED;
    private SplitMode splitMode = SplitMode.AUTO;
    private int folds;
    private PatientIds patientIds;
    private LeakagePolicy leakagePolicy = LeakagePolicy.WARN;
    private VggWeights weights = VggWeights.imagenet();
    private UnaryOperator<VggTransferModel.Builder> model = UnaryOperator.identity();
    private Trainer trainer = Trainer.builder().build();
    private double confidenceLevel = Proportion.DEFAULT_CONFIDENCE_LEVEL;
    private Path saveModel;
    private Path plot;
    private final List<StudyListener> listeners = new ArrayList<>();
    private boolean overwrite;

    private Builder() {}

    /** The data set folder, one sub-folder of images per class (required). */
    public Builder dataset(Path dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    /** Side the images are resized to and the model's input size (default 224; a multiple of 32). */
    public Builder imageSize(int imageSize) {
      this.imageSize = imageSize;
      return this;
    }

    /** The class that sensitivity, PPV and the ROC curve refer to, by folder name (default {@code covid}). */
    public Builder positiveClass(String positiveClass) {
      this.positiveClass = Objects.requireNonNull(positiveClass, "positiveClass");
      return this;
    }

    /** Fraction of each class held out for testing, in (0, 1) (default 0.2). */
    public Builder testFraction(double testFraction) {
      this.testFraction = testFraction;
      return this;
    }

    /** Seed of the split (or folds) and of the model's initialisation (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How the hold-out split treats patient ids (default {@link SplitMode#AUTO}). */
    public Builder split(SplitMode mode) {
      this.splitMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Cross-validate with {@code k} stratified folds (patients kept whole) instead of one hold-out split. */
    public Builder folds(int k) {
      this.folds = k;
      return this;
    }

    /** Patient ids to use instead of the data set's own manifests (e.g. from Cohen's {@code metadata.csv}). */
    public Builder patientIds(PatientIds patientIds) {
      this.patientIds = Objects.requireNonNull(patientIds, "patientIds");
      return this;
    }

    /** What to do when training and test images overlap (default {@link LeakagePolicy#WARN}). */
    public Builder leakage(LeakagePolicy policy) {
      this.leakagePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Where the VGG16 base's weights come from (default {@link VggWeights#imagenet()}, the tutorial). */
    public Builder weights(VggWeights weights) {
      this.weights = Objects.requireNonNull(weights, "weights");
      return this;
    }

    /**
     * Further model settings on top of the study's classes, image size, weights and seed, e.g.
     * {@code b -> b.inputScaling(InputScaling.CAFFE).fineTuning(FineTuning.fromBlock(5))} (default: the tutorial's head).
     */
    public Builder model(UnaryOperator<VggTransferModel.Builder> settings) {
      this.model = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** How to train (default the tutorial's {@link Trainer}); add a {@code ConsoleProgress} for epoch lines. */
    public Builder trainer(Trainer trainer) {
      this.trainer = Objects.requireNonNull(trainer, "trainer");
      return this;
    }

    /** Confidence level of every interval (default 0.95). */
    public Builder confidenceLevel(double level) {
      this.confidenceLevel = level;
      return this;
    }

    /**
     * Save the trained hold-out model there (a directory: new, empty or an earlier saved model), with
     * the study's JSON record in it. Not used when cross-validating.
     */
    public Builder saveModel(Path directory) {
      this.saveModel = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Write the tutorial's training plot there (a PNG file). Not used when cross-validating. */
    public Builder plot(Path png) {
      this.plot = Objects.requireNonNull(png, "png");
      return this;
    }

    /**
     * Whether an existing file at the plot's path that this tool did not write may be replaced
     * (default false: such a file is the user's, and {@link #build()} refuses). A plot this tool wrote
     * earlier, and an earlier saved model (whose other files are kept), are always replaced.
     */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** Adds a listener (e.g. {@link StudyConsole}); listeners are called in the order added. */
    public Builder listener(StudyListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Checks every setting and output path, before any data is read.
     *
     * @return the study
     * @throws IllegalArgumentException naming the setting (its builder method) and the value
     * @throws io.github.covidxray.model.WeightsFileException when a weights file given by path does not
     *     fit the model
     */
    public TransferStudy build() {
      if (dataset == null) {
        throw new IllegalArgumentException("dataset must be set: a folder with one sub-folder of images per class");
      }
      if (!Files.isDirectory(dataset)) {
        throw new IllegalArgumentException("dataset " + dataset + ": no such directory (expected one sub-folder"
            + " of images per class, e.g. " + dataset.resolve("covid") + " and " + dataset.resolve("normal") + ")");
      }
      if (positiveClass.isBlank()) {
        throw new IllegalArgumentException("positiveClass must not be blank");
      }
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException("testFraction must be between 0 and 1 (exclusive), got " + testFraction);
      }
      if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
        throw new IllegalArgumentException("confidenceLevel must be between 0 and 1 (exclusive), got "
            + confidenceLevel);
      }
      if (folds != 0) {
        new StratifiedGroupKFold(folds, seed);   // the one place that checks the number of folds
      }
      modelBuilder(List.of("a", "b")).toConfig();   // checks imageSize and the model settings
      OutputPaths.check(dataset, saveModel, plot, overwrite);
      modelBuilder(classFolders()).checkWeights();   // a weights file given by path, before any image
      return new TransferStudy(copy(), new Listeners(listeners));
    }

    /** The class folders' names, sorted as the loader labels them, or two placeholders if fewer. */
    private List<String> classFolders() {
      try (Stream<Path> children = Files.list(dataset)) {
        List<String> names = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
            .filter(n -> !n.startsWith(".")).sorted().toList();
        return names.size() >= 2 ? names : List.of("a", "b");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    VggTransferModel.Builder modelBuilder(List<String> classes) {
      return model.apply(VggTransferModel.builder().classes(classes).inputSize(imageSize).weights(weights).seed(seed));
    }

    private Builder copy() {
      Builder b = new Builder();
      b.dataset = dataset;
      b.imageSize = imageSize;
      b.positiveClass = positiveClass;
      b.testFraction = testFraction;
      b.seed = seed;
      b.splitMode = splitMode;
      b.folds = folds;
      b.patientIds = patientIds;
      b.leakagePolicy = leakagePolicy;
      b.weights = weights;
      b.model = model;
      b.trainer = trainer;
      b.confidenceLevel = confidenceLevel;
      b.saveModel = saveModel;
      b.plot = plot;
      b.listeners.addAll(listeners);
      b.overwrite = overwrite;
      return b;
    }
  }
}
