package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.model.Precision;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.model.WeightsDownloadException;
import io.github.covidxray.model.WeightsRepository;
import io.github.covidxray.study.StudyConsole;
import io.github.covidxray.study.StudyListener;
import io.github.covidxray.study.StudyReport;
import io.github.covidxray.study.StudyResult;
import io.github.covidxray.study.TransferStudy;
import io.github.covidxray.train.ConsoleProgress;
import io.github.covidxray.train.Trainer;
import io.github.covidxray.train.TrainingCancellation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The tutorial's {@code train_covid19.py} in Java: trains the VGG16 transfer model on a
 * folder-per-class data set, prints the classification report, the confusion matrix, accuracy,
 * sensitivity and specificity (covid positive) and the same figures with confidence intervals, and
 * writes the training plot and the model. {@code --demo} runs it all offline on synthetic images.
 * The work is done by the library's {@link TransferStudy}, printed by its {@link StudyConsole}; this
 * class only reads the command line.
 *
 * <pre>
 * TrainCovid19 [--dataset DIR] [--plot FILE] [--model DIR] [--epochs N] [--batch-size N]
 *              [--learning-rate LR] [--test-fraction F] [--seed S] [--weights imagenet|none|FILE]
 *              [--image-size PX] [--input-scaling unit|caffe] [--fine-tune-from BLOCK] [--demo]
 * </pre>
 */
@Command(name = "TrainCovid19", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Trains the tutorial's COVID-19 X-ray classifier (VGG16 base, small head trained with Adam) on DIR/covid"
            + " and DIR/normal, evaluates it on a stratified hold-out split (patient-level when the class"
            + " folders have a manifest.csv), prints the classification report, the confusion matrix,"
            + " acc/sensitivity/specificity (covid positive) and the same figures with 95%% confidence"
            + " intervals, and writes the training plot (PNG) and the model (a directory).",
        "--demo runs the whole pipeline offline on SYNTHETIC images with RANDOM weights in a minute or two."},
    footer = {"",
        "Exit codes: 0 done, 1 failed (message on stderr, e.g. unreadable data set or ImageNet weights not"
            + " available), 2 bad arguments, 130 interrupted (Ctrl-C or SIGTERM stops training after the"
            + " current step and saves nothing; a second one exits at once).",
        SdkInfo.RESEARCH_USE_NOTICE})
public final class TrainCovid19 implements Callable<Integer>, Cli.NamesSettings {

  private static final String IMAGENET = "imagenet";
  private static final String NONE = "none";
  private static final String RANDOM_FEATURES = "random-features";

  @Spec CommandSpec spec;

  private final TrainingCancellation cancellation = new TrainingCancellation();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--dataset", paramLabel = "DIR",
      description = "Data set folder, one sub-folder of images per class (default: dataset; with --demo:"
          + " a temporary folder, or DIR if given, which must then be missing or empty).")
  Path dataset;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Training plot PNG to write (default: plot.png; with --demo: " + "covid19-demo/plot.png).")
  Path plot;

  @Option(names = "--model", paramLabel = "DIR",
      description = "Where to save the model, a directory (default: covid19.model; with --demo:"
          + " covid19-demo/covid19.model). An earlier saved model there is replaced.")
  Path model;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write a self-contained HTML report (DIR/index.html): run, data, curves, metrics"
          + " with intervals and a Grad-CAM gallery of the test images. DIR must be new or empty.")
  Path report;

  /** The test split, captured for the report's Grad-CAM gallery. */
  private final AtomicReference<ImageDataset> testSplit = new AtomicReference<>();

  @Option(names = "--epochs", paramLabel = "N",
      description = "Training epochs (default: " + Trainer.DEFAULT_EPOCHS + "; with --demo: " + SyntheticDemo.EPOCHS
          + ").")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + Trainer.DEFAULT_BATCH_SIZE,
      description = "Images per training step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--learning-rate", paramLabel = "LR",
      description = "Adam's initial learning rate, decayed by LR/epochs per step as the tutorial does"
          + " (default: " + Trainer.DEFAULT_LEARNING_RATE + "; with --demo: " + SyntheticDemo.LEARNING_RATE + ").")
  Double learningRate;

  @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "" + TransferStudy.DEFAULT_TEST_FRACTION,
      description = "Fraction of each class held out for testing (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "" + TransferStudy.DEFAULT_SEED,
      description = "Seed of the split, shuffles, augmentation and initialisation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--weights", paramLabel = "imagenet|none|random-features|FILE",
      description = "VGG16 base weights: imagenet (Keras's file, from its cache or downloaded once), none"
          + " (Keras's random initialisation, which a frozen base cannot learn from), random-features (a"
          + " seeded He-normal random base: an offline baseline that learns, not a substitute for"
          + " ImageNet) or a Keras .h5 weights file (default: imagenet; with --demo: none).")
  String weights;

  @Option(names = "--weights-cache", paramLabel = "DIR",
      description = "Folder to find (or download) the ImageNet weights file in (default: Keras's cache,"
          + " $KERAS_HOME/models or ~/.keras/models).")
  Path weightsCache;

  @Option(names = "--offline",
      description = "Never download: with --weights imagenet the file must already be in the cache.")
  boolean offline;

  @Option(names = "--image-size", paramLabel = "PX",
      description = "Model input size, a multiple of 32 (default: " + TransferStudy.DEFAULT_IMAGE_SIZE + "; with --demo: "
          + SyntheticDemo.IMAGE_SIZE + ").")
  Integer imageSize;

  @Option(names = "--input-scaling", paramLabel = "unit|caffe",
      description = "unit: pixels / 255, as the tutorial; caffe: Keras's vgg16.preprocess_input, what the"
          + " ImageNet weights expect (default: unit; with --demo: caffe).")
  String inputScaling;

  @Option(names = "--fine-tune-from", paramLabel = "BLOCK",
      description = "Also train VGG16 blocks BLOCK to 5 (1-5); default: head only, as the tutorial (with"
          + " --demo: " + SyntheticDemo.FINE_TUNE_FROM + ").")
  Integer fineTuneFrom;

  @Option(names = "--precision", paramLabel = "fp32|bf16|auto", defaultValue = "fp32",
      description = "Arithmetic: fp32 (the tutorial), bf16 (oneDNN bfloat16 on CPUs with AVX512_BF16 or AMX,"
          + " about 1.45 times as fast, probabilities within about 0.001 of fp32) or auto (bf16 where the CPU has"
          + " it)"
          + " (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "TensorFlow threads per operation; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--positive-class", paramLabel = "CLASS", defaultValue = TransferStudy.DEFAULT_POSITIVE_CLASS,
      description = "Class folder that sensitivity refers to (default: ${DEFAULT-VALUE}).")
  String positiveClass;

  @Option(names = "--folds", paramLabel = "K",
      description = "Cross-validate with K stratified folds (patients kept whole) instead of one"
          + " hold-out split: per-fold and pooled out-of-fold metrics with intervals; writes no model"
          + " or plot (default: off).")
  Integer folds;

  @Option(names = "--overwrite",
      description = "Allow replacing an existing file at --plot that this tool did not write (a plot it"
          + " wrote earlier, and an earlier saved model, are always replaced; other files in a model"
          + " directory are kept).")
  boolean overwrite;

  @Option(names = "--demo",
      description = "Offline demo: draw a small SYNTHETIC data set, train from RANDOM weights with small,"
          + " fast settings (overridable with the options above), and print and write everything.")
  boolean demo;

  @Option(names = "--demo-images", paramLabel = "N", defaultValue = "" + SyntheticDemo.PER_CLASS,
      description = "With --demo: synthetic images per class (default: ${DEFAULT-VALUE}).")
  int demoImages;

  /**
   * Runs {@code covid-xray train ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray train} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("TrainCovid19", "train", args);
  }

  /** The library setting (builder method) each option feeds, to name the option in error messages. */
  static final Map<String, String> OPTION_OF_SETTING = Cli.settings(
      "dataset", "--dataset", "saveModel", "--model", "plot", "--plot", "epochs", "--epochs",
      "batchSize", "--batch-size", "batch size", "--batch-size", "learning rate", "--learning-rate",
      "testFraction", "--test-fraction", "inputSize", "--image-size", "fine-tuning", "--fine-tune-from",
      "positiveClass", "--positive-class", "folds", "--folds", "overwrite", "--overwrite", "precision BF16", "--precision bf16",
      "thread counts", "--threads");

  @Override
  public Map<String, String> optionOfSetting() {
    return OPTION_OF_SETTING;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!demo && spec.commandLine().getParseResult().hasMatchedOption("--demo-images")) {
      throw usage("--demo-images needs --demo");
    }
    if (demo && folds != null) {
      throw usage("--folds cannot be combined with --demo");
    }
    if (report != null) {
      Path reportDir = report.toAbsolutePath().normalize();
      for (Path other : new Path[] {model, plot, dataset}) {
        if (other != null && other.toAbsolutePath().normalize().equals(reportDir)) {
          throw usage("--report " + report + " must be a directory of its own, not the path of another output"
              + " or of the data set");
        }
      }
      try {
        StudyReport.checkTarget(report);
      } catch (IOException e) {
        throw usage("--report: " + e.getMessage());
      }
    }
    if (!demo) {
      TransferStudy study = study(dataset != null ? dataset : Path.of("dataset"), out);
      writeReport(run(study), out);
      return CommandLine.ExitCode.OK;
    }
    return runDemo(out);
  }

  /** The demo: draws the synthetic data set, runs the study on it, and says what it all was. */
  private int runDemo(PrintWriter out) throws IOException {
    if (demoImages < 2) {
      throw usage("--demo-images must be at least 2, got " + demoImages);
    }
    if (dataset != null && Files.exists(dataset) && !isEmptyDirectory(dataset)) {
      throw usage("--demo draws its synthetic images into --dataset " + dataset
          + ", which must be missing or empty; leave --dataset out to use a temporary folder");
    }
    boolean temporary = dataset == null;
    boolean created = !temporary && !Files.exists(dataset);
    Path data = temporary ? Files.createTempDirectory("covid-xray-demo-") : Files.createDirectories(dataset);
    try {
      TransferStudy study = study(data, out);
      VggWeights chosen = weights();
      boolean randomWeights = !(chosen instanceof VggWeights.ImageNet || chosen instanceof VggWeights.File);
      long start = System.nanoTime();
      SyntheticDemo.printStart(out, String.format(Locale.ROOT,
          "%d synthetic images per class, input %dx%d, %d epochs, batch %d, learning rate %s, %s scaling,"
              + " weights %s, %s", demoImages, imageSize(), imageSize(), epochs(), batchSize, learningRate(),
          inputScaling(), chosen.description(), fineTuneFrom() == null ? "base frozen"
              : "VGG16 blocks " + fineTuneFrom() + "-5 trained"), randomWeights);
      SyntheticDemo.draw(data, demoImages, seed, temporary, out);
      StudyResult result = run(study);
      writeReport(result, out); // before the temporary images go: the gallery reads them
      SyntheticDemo.printEnd(out, Duration.ofNanos(System.nanoTime() - start), result.evaluation().orElseThrow(),
          randomWeights);
      return CommandLine.ExitCode.OK;
    } catch (RuntimeException e) {
      if (created && isEmptyDirectory(data)) {
        Files.delete(data);   // made only for this run, and nothing was drawn into it
      }
      throw e;
    } finally {
      if (temporary) {
        SyntheticDemo.cleanUp(data);
      }
    }
  }

  /**
   * Writes the HTML report if {@code --report} was given: with the Grad-CAM gallery when a model was
   * saved (it is loaded back) and the test split is known, else without.
   */
  private void writeReport(StudyResult result, PrintWriter out) throws IOException {
    if (report == null) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
    command.addAll(spec.commandLine().getParseResult().originalArgs());
    StudyReport.Builder builder = StudyReport.builder(result).command(command);
    Path written;
    if (result.model().isPresent() && testSplit.get() != null) {
      try (VggTransferModel loaded = VggTransferModel.load(result.model().get())) {
        written = builder.model(loaded).testImages(testSplit.get()).build().write(report);
      }
    } else {
      written = builder.build().write(report);
    }
    out.println("[INFO] report written to " + written);
    out.flush();
  }

  /**
   * Runs the study with Ctrl-C / SIGTERM handled (stop after the current step, save nothing); unavailable
   * ImageNet weights get the way out appended.
   */
  private StudyResult run(TransferStudy study) throws IOException {
    try (Interrupts ignored = Interrupts.install(cancellation, spec.commandLine().getErr())) {
      return study.run();
    } catch (CancellationException e) {
      throw new CancellationException(e.getMessage() + "; nothing was saved (this command writes the plot and"
          + " the model only when training and evaluation are done, and no checkpoint)");
    } catch (WeightsDownloadException e) {
      throw new IllegalStateException(e.getMessage() + " To train without ImageNet weights (random"
          + " initialisation, as the offline demo does), run again with --weights none.", e);
    }
  }

  /** The study these options describe; a bad value or path is a usage error naming the option. */
  private TransferStudy study(Path datasetDir, PrintWriter out) {
    VggWeights chosenWeights = weights();
    InputScaling scaling = inputScaling();
    Integer block = fineTuneFrom();
    Precision chosenPrecision = precision();
    try {
      Trainer trainer = Trainer.builder()
          .epochs(epochs())
          .batchSize(batchSize)
          .learningRate(learningRate())
          .seed(seed)
          .listener(new ConsoleProgress(out))
          .listener(cancellation)
          .build();
      TransferStudy.Builder study = TransferStudy.builder()
          .dataset(datasetDir)
          .imageSize(imageSize())
          .testFraction(testFraction)
          .seed(seed)
          .positiveClass(positiveClass)
          .weights(chosenWeights)
          .model(b -> b.inputScaling(scaling)
              .fineTuning(block == null ? FineTuning.headOnly() : FineTuning.fromBlock(block))
              .precision(chosenPrecision).threads(threads, 0))
          .trainer(trainer)
          .listener(new StudyConsole(out))
          .overwrite(overwrite)
          .listener(new StudyListener() {
            @Override
            public void onSplit(DatasetSplit split, boolean byPatient, long splitSeed) {
              testSplit.set(split.test());
            }
          });
      if (folds != null) {
        study.folds(folds);
      } else {
        study.plot(plot != null ? plot : demo ? SyntheticDemo.PLOT : Path.of("plot.png"))
            .saveModel(model != null ? model : demo ? SyntheticDemo.MODEL : Path.of("covid19.model"));
      }
      return study.build();
    } catch (IllegalArgumentException e) {
      throw usage(Cli.naming(e.getMessage(), OPTION_OF_SETTING));
    }
  }

  private int epochs() {
    return epochs != null ? epochs : demo ? SyntheticDemo.EPOCHS : Trainer.DEFAULT_EPOCHS;
  }

  private double learningRate() {
    return learningRate != null ? learningRate : demo ? SyntheticDemo.LEARNING_RATE : Trainer.DEFAULT_LEARNING_RATE;
  }

  private int imageSize() {
    return imageSize != null ? imageSize : demo ? SyntheticDemo.IMAGE_SIZE : TransferStudy.DEFAULT_IMAGE_SIZE;
  }

  /** The first fine-tuned block, or null for the tutorial's frozen base. */
  private Integer fineTuneFrom() {
    return fineTuneFrom != null ? fineTuneFrom : demo ? Integer.valueOf(SyntheticDemo.FINE_TUNE_FROM) : null;
  }

  private VggWeights weights() {
    String choice = weights != null ? weights : demo ? NONE : IMAGENET;
    if (weightsCache != null && !IMAGENET.equalsIgnoreCase(choice)) {
      throw usage("--weights-cache applies to --weights imagenet only");
    }
    if (IMAGENET.equalsIgnoreCase(choice)) {
      WeightsRepository.Builder repository = WeightsRepository.builder().offline(offline);
      if (weightsCache != null) {
        repository.cacheDir(weightsCache);
      }
      return VggWeights.imagenet(repository.build());
    }
    if (NONE.equalsIgnoreCase(choice)) {
      return VggWeights.none();
    }
    if (RANDOM_FEATURES.equalsIgnoreCase(choice)) {
      return VggWeights.randomFeatures(seed);
    }
    Path file = Path.of(choice);
    if (!Files.isRegularFile(file)) {
      throw usage("--weights " + choice + ": expected imagenet, none, random-features or an existing"
          + " Keras .h5 weights file");
    }
    return VggWeights.file(file);
  }

  private Precision precision() {
    try {
      return Precision.valueOf(precision.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw usage("--precision must be fp32, bf16 or auto, got " + precision);
    }
  }

  private InputScaling inputScaling() {
    if (inputScaling == null) {
      return demo ? SyntheticDemo.INPUT_SCALING : InputScaling.UNIT;
    }
    try {
      return InputScaling.valueOf(inputScaling.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw usage("--input-scaling must be unit or caffe, got " + inputScaling);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
