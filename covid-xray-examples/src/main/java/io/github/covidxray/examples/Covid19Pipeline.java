package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.crossval.CrossValidation;
import io.github.covidxray.crossval.CrossValidationProgress;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.SkippedFile;
import io.github.covidxray.data.quality.LeakageCheck;
import io.github.covidxray.data.quality.LeakagePair;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.Metrics;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.model.ModelConfig;
import io.github.covidxray.model.ModelMetadata;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.model.WeightsDownloadException;
import io.github.covidxray.plot.TrainingPlot;
import io.github.covidxray.train.ConsoleProgress;
import io.github.covidxray.train.Trainer;
import io.github.covidxray.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * The tutorial's {@code train_covid19.py} as a sequence of public library calls, printing what the
 * tutorial prints, in its order: load the images, split them, build ("compile") the VGG16 transfer
 * model, train its head, evaluate it on the held-out images, plot the history, save the model.
 *
 * <p>Beyond the tutorial, and printed as {@code [INFO]}/{@code [WARN]} lines between its own: patient
 * ids from {@code manifest.csv} files make the split keep every patient on one side; a leakage check
 * lists identical files, near-duplicates and shared patients between the training and test parts
 * before training; every figure is repeated with its 95% confidence interval below the tutorial's
 * three plain lines.
 *
 * <p>The steps ({@link #loadData}, {@link #split}, {@link #buildModel}, {@link #train},
 * {@link #evaluate}) are separate so that other ways of running them, such as cross-validation, reuse
 * them rather than {@link #run()}, which is the tutorial's single hold-out split. Research use only.
 */
final class Covid19Pipeline {

  /** Leakage pairs listed one per line; the rest are counted. */
  static final int MAX_LISTED_PAIRS = 10;

  private final Options options;
  private final PrintStream out;

  /**
   * What a run did: the data it trained and tested on, the leakage findings, the training history and
   * the evaluation on the test part.
   */
  record Result(DatasetSplit split, LeakageReport leakage, TrainingHistory history, Evaluation evaluation) {
  }

  /**
   * Everything a run needs. The compact constructor checks value ranges; {@link #checkDataset()} and
   * {@link #checkOutputs()} check the file system. Messages name the command-line option, since this is TrainCovid19's pipeline.
   *
   * @param dataset folder with one sub-folder of images per class
   * @param plot PNG file to write the training plot to
   * @param model directory to save the trained model to
   * @param epochs training epochs
   * @param batchSize images per training step
   * @param learningRate Adam's initial learning rate (decayed by learning rate / epochs per step)
   * @param testFraction fraction of each class held out for testing
   * @param seed seed of the split, the shuffles, the augmentation and the initialisation
   * @param weights where the VGG16 base's weights come from
   * @param imageSize side of the square model input in pixels (multiple of 32)
   * @param inputScaling how [0, 1] pixels are scaled inside the model
   * @param fineTuning which layers train: the head only, or also VGG16 blocks from one on
   * @param positiveClass the class sensitivity refers to (a class folder name)
   */
  record Options(Path dataset, Path plot, Path model, int epochs, int batchSize, double learningRate,
      double testFraction, long seed, VggWeights weights, int imageSize, InputScaling inputScaling,
      FineTuning fineTuning, String positiveClass) {

    /** Checks every value against what the library accepts, naming the option. */
    Options {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(plot, "plot");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(weights, "weights");
      Objects.requireNonNull(inputScaling, "inputScaling");
      Objects.requireNonNull(positiveClass, "positiveClass");
      Objects.requireNonNull(fineTuning, "fineTuning");
      if (epochs < 1) {
        throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("--learning-rate must be a positive number, got " + learningRate);
      }
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException("--test-fraction must be between 0 and 1 (exclusive), got "
            + testFraction);
      }
      if (imageSize < ModelConfig.MIN_INPUT_SIZE || imageSize % 32 != 0) {
        throw new IllegalArgumentException("--image-size must be at least " + ModelConfig.MIN_INPUT_SIZE
            + " and a multiple of 32 (VGG16 halves it five times), got " + imageSize);
      }
      if (positiveClass.isBlank()) {
        throw new IllegalArgumentException("--positive-class must not be blank");
      }
    }

    /**
     * Checks that the data set folder exists.
     *
     * @throws IllegalArgumentException naming the option and the path
     */
    void checkDataset() {
      if (!Files.isDirectory(dataset)) {
        throw new IllegalArgumentException("--dataset " + dataset + ": no such directory (expected one"
            + " sub-folder of images per class, e.g. " + dataset.resolve("covid") + " and "
            + dataset.resolve("normal") + ")");
      }
    }

    /**
     * Checks the outputs before anything slow runs: the plot is not a folder, and the model path is
     * new, an empty folder or a saved model (which is replaced).
     *
     * @throws IllegalArgumentException naming the option and the path
     */
    void checkOutputs() throws IOException {
      if (Files.isDirectory(plot)) {
        throw new IllegalArgumentException("--plot " + plot + " is a directory; give a PNG file name");
      }
      if (Files.exists(model) && !Files.isDirectory(model)) {
        throw new IllegalArgumentException("--model " + model + " is a file; a model is saved as a"
            + " directory: give a new path, an empty directory or an earlier saved model");
      }
      if (Files.isDirectory(model) && !Files.isRegularFile(model.resolve(ModelMetadata.FILE_NAME))
          && !isEmpty(model)) {
        throw new IllegalArgumentException("--model " + model + " is a directory that is neither empty"
            + " nor a saved covid-xray model (no " + ModelMetadata.FILE_NAME + "); refusing to replace"
            + " it: give a new path, an empty directory or an earlier saved model");
      }
    }

    private static boolean isEmpty(Path dir) throws IOException {
      try (Stream<Path> entries = Files.list(dir)) {
        return entries.findAny().isEmpty();
      }
    }
  }

  /**
   * A pipeline that prints its progress and results to {@code out}.
   *
   * @param options what to run
   * @param out where the tutorial's output goes
   */
  Covid19Pipeline(Options options, PrintStream out) {
    this.options = Objects.requireNonNull(options, "options");
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Runs the tutorial end to end: load, split, leakage check, build, train, evaluate, plot, save.
   *
   * @return what the run did
   * @throws IllegalArgumentException for bad paths or data that cannot be trained on (the message
   *     says what and how to fix it)
   * @throws IllegalStateException when the ImageNet weights cannot be had
   * @throws IOException when the plot or the model cannot be written
   */
  Result run() throws IOException {
    options.checkDataset();
    options.checkOutputs();
    out.println("[INFO] loading images...");
    ImageDataset data = loadData();
    DatasetSplit split = split(data);
    LeakageReport leakage = checkLeakage(split);

    out.println("[INFO] compiling model...");
    try (VggTransferModel model = buildModel(data.classNames())) {
      out.println("[INFO] training head...");
      if (options.fineTuning() instanceof FineTuning.FromBlock from) {
        out.println("[INFO] also fine-tuning VGG16 " + (from.block() == 5 ? "block 5"
            : "blocks " + from.block() + "-5") + " (the tutorial trains the head only)");
      }
      TrainingHistory history = train(model, split.train(), split.test());

      out.println("[INFO] evaluating network...");
      Evaluation evaluation = evaluate(model, split.test());
      out.println(evaluation.classificationReport());
      out.print(evaluation.tutorialSummary());
      out.print(intervals(evaluation));

      TrainingPlot.defaults().writePng(history, options.plot());
      out.println("[INFO] saving COVID-19 detector model...");
      model.setTrainingSummary(history.summary());
      model.save(options.model());
      out.printf("[INFO] wrote the plot to %s and the model to %s%n", options.plot(), options.model());
      out.println(SdkInfo.RESEARCH_USE_NOTICE);
      out.flush();
      return new Result(split, leakage, history, evaluation);
    }
  }

  /**
   * Cross-validates the tutorial's recipe instead of a single hold-out split: stratified k folds
   * (patients kept whole when the data carries patient ids), a leakage check of every fold, a fresh
   * model per fold trained as {@link #run()} trains, per-fold figures with their mean and sd, and the
   * pooled out-of-fold figures with intervals. It evaluates the method, so it writes no model or plot.
   *
   * @param folds number of folds, at least 2
   * @return the per-fold and pooled results
   * @throws IllegalArgumentException if the data cannot be split into {@code folds} folds
   * @throws IllegalStateException when the ImageNet weights cannot be had
   */
  CrossValidationResult crossValidate(int folds) throws IOException {
    if (folds < 2) {
      throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
    }
    options.checkDataset();
    out.println("[INFO] loading images...");
    ImageDataset data = loadData();
    out.printf(Locale.ROOT, "[INFO] cross-validating: %d stratified folds (seed %d), a fresh model per fold%n",
        folds, options.seed());
    buildModel(data.classNames()).close();   // fails fast, with the advice, if the weights cannot be had
    Metrics metrics = Metrics.builder().classNames(data.classNames()).positiveClass(options.positiveClass())
        .build();
    CrossValidationResult result = CrossValidation.builder()
        .folds(folds)
        .seed(options.seed())
        .model(() -> buildModel(data.classNames()))
        .trainer(trainer())
        .metrics(metrics)
        .listener(new CrossValidationProgress(out))
        .build()
        .run(data);
    out.println("[INFO] evaluating network (out-of-fold predictions)...");
    out.print(result.toText());
    out.flush();
    return result;
  }

  /**
   * Loads the data set at the model's input size and attaches patient ids from the
   * {@code manifest.csv} files in it, if any. Unreadable images are skipped and listed.
   *
   * @throws IllegalArgumentException if the positive class is not one of the class folders
   */
  ImageDataset loadData() throws IOException {
    ImageDataset data = DatasetLoader.builder().directory(options.dataset()).imageSize(options.imageSize())
        .build().load();
    for (SkippedFile skipped : data.skipped()) {
      out.printf("[WARN] skipped %s: %s%n", skipped.file(), skipped.reason());
    }
    if (!data.classNames().contains(options.positiveClass())) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s has the classes %s but no '%s' folder, the positive class that sensitivity refers to;"
              + " name the folder '%s' or pass --positive-class", options.dataset(), data.classNames(),
          options.positiveClass(), options.positiveClass()));
    }
    List<Path> manifests = ManifestGroups.find(options.dataset());
    if (!manifests.isEmpty()) {
      data = data.withGroups(ManifestGroups.read(manifests));
      long withId = 0;
      for (int i = 0; i < data.size(); i++) {
        withId += data.group(i).isPresent() ? 1 : 0;
      }
      out.printf(Locale.ROOT, "[INFO] patient ids for %d of %d images from %s%n", withId, data.size(), manifests);
    }
    out.printf(Locale.ROOT, "[INFO] %d images (%s) at %dx%d%n", data.size(), counts(data), data.imageSize(),
        data.imageSize());
    return data;
  }

  /**
   * The tutorial's stratified hold-out split; one that keeps every patient on one side when the data
   * carries patient ids.
   *
   * @throws IllegalArgumentException if the training part is smaller than one batch
   */
  DatasetSplit split(ImageDataset data) {
    boolean grouped = false;
    for (int i = 0; i < data.size() && !grouped; i++) {
      grouped = data.group(i).isPresent();
    }
    DatasetSplit split = grouped
        ? data.groupSplit(options.testFraction(), options.seed())
        : data.split(options.testFraction(), options.seed());
    out.printf(Locale.ROOT, "[INFO] %s split (seed %d): %d training images (%s), %d test images (%s)%n",
        grouped ? "stratified patient-level" : "stratified", options.seed(), split.train().size(),
        counts(split.train()), split.test().size(), counts(split.test()));
    if (split.train().size() < options.batchSize()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the training part has %d images, fewer than one batch of %d: lower --batch-size or add images",
          split.train().size(), options.batchSize()));
    }
    return split;
  }

  /** Looks for identical files, near-duplicates and shared patients between train and test; warns. */
  LeakageReport checkLeakage(DatasetSplit split) {
    LeakageReport report = LeakageCheck.defaults().scan(split.train(), split.test());
    if (report.isClean()) {
      out.println("[INFO] leakage check (training vs test): " + report);
      return report;
    }
    out.println("[WARN] leakage check (training vs test) found " + report
        + "; test figures may be optimistic");
    List<LeakagePair> pairs = report.pairs();
    for (LeakagePair pair : pairs.subList(0, Math.min(pairs.size(), MAX_LISTED_PAIRS))) {
      out.println("[WARN]   " + pair);
    }
    if (pairs.size() > MAX_LISTED_PAIRS) {
      out.printf(Locale.ROOT, "[WARN]   ... and %d more pair(s)%n", pairs.size() - MAX_LISTED_PAIRS);
    }
    for (Path file : report.unreadableFiles()) {
      out.println("[WARN]   could not read " + file + " for the identical-file check");
    }
    return report;
  }

  /**
   * Builds the VGG16 transfer model with the configured weights.
   *
   * @throws IllegalStateException when the ImageNet weights are neither cached nor downloadable; the
   *     message is the model layer's, followed by how to go on without them
   */
  VggTransferModel buildModel(List<String> classNames) {
    if (options.weights() instanceof VggWeights.ImageNet imageNet) {
      out.printf("[INFO] ImageNet weights: %s in %s%s%n", imageNet.file().fileName(),
          imageNet.repository().cacheDir(), imageNet.repository().offline() ? " (offline: no download)"
              : " (downloaded there once, about 58 MB, if missing)");
    }
    try {
      VggTransferModel model = VggTransferModel.builder()
          .inputSize(options.imageSize())
          .weights(options.weights())
          .classes(classNames)
          .inputScaling(options.inputScaling())
          .fineTuning(options.fineTuning())
          .seed(options.seed())
          .build();
      out.printf(Locale.ROOT, "[INFO] VGG16 base weights: %s; input %dx%d, %s scaling%n",
          options.weights().description(), options.imageSize(), options.imageSize(), options.inputScaling());
      return model;
    } catch (WeightsDownloadException e) {
      throw new IllegalStateException(e.getMessage() + " To train without ImageNet weights (random"
          + " initialisation, as the offline demo does), run again with --weights none.", e);
    }
  }

  /** Trains with the tutorial's schedule and augmentation, printing Keras-style epoch lines. */
  TrainingHistory train(VggTransferModel model, ImageDataset train, ImageDataset validation) {
    return trainer().fit(model, train, validation);
  }

  private Trainer trainer() {
    return Trainer.builder()
        .epochs(options.epochs())
        .batchSize(options.batchSize())
        .learningRate(options.learningRate())
        .seed(options.seed())
        .listener(new ConsoleProgress(out))
        .build();
  }

  /** Predicts every test image and evaluates with the positive class named explicitly. */
  Evaluation evaluate(VggTransferModel model, ImageDataset test) {
    Metrics metrics = Metrics.builder().classNames(test.classNames()).positiveClass(options.positiveClass())
        .build();
    return metrics.evaluate(model::predict, test);
  }

  /** The figures with their intervals, below the tutorial's three plain lines. */
  static String intervals(Evaluation evaluation) {
    String n = System.lineSeparator();
    return "positive class: " + evaluation.positiveClass() + "; decision: "
        + evaluation.decisionRule().describe()
        + "; 95% confidence intervals (Wilson score; AUC: stratified bootstrap)" + n
        + "accuracy: " + evaluation.accuracy() + n
        + "sensitivity: " + evaluation.sensitivity() + n
        + "specificity: " + evaluation.specificity() + n
        + "PPV: " + evaluation.ppv() + n
        + "NPV: " + evaluation.npv() + n
        + "AUC: " + evaluation.auc().map(Object::toString).orElse("n/a (needs both classes)") + n;
  }

  private static String counts(ImageDataset data) {
    StringJoiner s = new StringJoiner(", ");
    int[] counts = data.classCounts();
    for (int c = 0; c < counts.length; c++) {
      s.add(data.classNames().get(c) + " " + counts[c]);
    }
    return s.toString();
  }
}
