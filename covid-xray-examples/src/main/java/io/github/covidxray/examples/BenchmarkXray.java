package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.Batch;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.LayerProfile;
import io.github.covidxray.model.Precision;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.study.LeakagePolicy;
import io.github.covidxray.study.TransferStudy;
import io.github.covidxray.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures, in one run and in this order, one figure per line: the machine's fp32 matrix-multiply
 * ceiling through the same TensorFlow natives, the VGG16 base's floor (ceiling / the base's FLOPs per
 * image), the model's forward and training-step throughput in fp32 and bf16, each with its ratio to
 * the floor, and the tutorial's whole run (25 epochs, augmentation) as before this release (fp32, no
 * feature cache) and as now ({@code --precision auto}, feature cache on). Each throughput figure is
 * the median of several timed repetitions after a warm-up; the throughput figures run with the
 * feature cache off, so that every repetition really computes. {@code --layers} adds the time per
 * layer. A benchmark, not a test: it never runs in the unit tests.
 */
@Command(name = "BenchmarkXray", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Measures the fp32 matmul ceiling, the VGG16 floor, and forward / training-step throughput"
        + " in fp32 and bf16 (one figure per line, ratios to the floor), then the tutorial's 25-epoch run as before"
        + " (fp32, no feature cache) and as now (precision auto, feature cache)."},
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad arguments.", SdkInfo.RESEARCH_USE_NOTICE})
public final class BenchmarkXray implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--image-size", paramLabel = "PX", defaultValue = "224",
      description = "Model input size (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8",
      description = "Images per forward pass or training step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "TensorFlow intra-op threads; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--inter-op-threads", paramLabel = "N", defaultValue = "0",
      description = "TensorFlow inter-op threads; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE}).")
  int interOpThreads;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
      description = "Timed repetitions per figure; the median is printed (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--dataset", paramLabel = "DIR",
      description = "Data set of the tutorial run (class folders); default: 25 + 25 SYNTHETIC images drawn into a"
          + " temporary folder.")
  Path dataset;

  @Option(names = "--tutorial-epochs", paramLabel = "N", defaultValue = "" + Trainer.DEFAULT_EPOCHS,
      description = "Epochs of the tutorial run; 0 skips it (default: ${DEFAULT-VALUE}, the tutorial's).")
  int tutorialEpochs;

  @Option(names = "--layers",
      description = "Also print the time per layer of one forward pass, fp32 and bf16, with each convolution's"
          + " GFLOP/s as a share of the ceiling.")
  boolean layers;

  /**
   * Runs {@code covid-xray benchmark ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray benchmark} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("BenchmarkXray", "benchmark", args);
  }

  @Override
  public Integer call() {
    if (repeats < 1 || batchSize < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--repeats and --batch-size must be at least 1");
    }
    if (tutorialEpochs < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tutorial-epochs must be at least 0");
    }
    if (dataset != null && !Files.isDirectory(dataset)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dataset " + dataset + " is not a directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    double ceiling = MatmulCeiling.gflops(2048, threads, interOpThreads, repeats);
    out.printf(Locale.ROOT, "ceiling: %.1f GFLOP/s (fp32 2048x2048 matmul, same TensorFlow natives)%n", ceiling);
    double flops;
    try (VggTransferModel probe = model(Precision.FP32)) {
      flops = probe.baseFlopsPerImage();
    }
    double floor = ceiling * 1e9 / flops;
    out.printf(Locale.ROOT, "floor: %.2f images/s (ceiling / %.1f GFLOP per image at %d)%n", floor, flops / 1e9,
        imageSize);
    out.flush();
    float[] images = images(batchSize);
    Batch batch = new Batch(images, labels(batchSize), null, batchSize, imageSize, imageSize, 2);
    Map<Precision, String> unsupported = new EnumMap<>(Precision.class);
    for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
      try (VggTransferModel model = model(precision)) {
        double forward = imagesPerSecond(() -> {
          model.predict(images, batchSize);
          return batchSize;
        });
        out.printf(Locale.ROOT, "forward %s: %.2f images/s (%.2f of the floor)%n", name(precision), forward,
            forward / floor);
      } catch (IllegalArgumentException e) {
        unsupported.put(precision, e.getMessage());
        out.printf(Locale.ROOT, "forward %s: unsupported (%s)%n", name(precision), e.getMessage());
      }
      out.flush();
    }
    for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
      if (unsupported.containsKey(precision)) {
        out.printf(Locale.ROOT, "train step %s: unsupported (%s)%n", name(precision), unsupported.get(precision));
        continue;
      }
      try (VggTransferModel model = model(precision)) {
        model.compile(AdamSettings.keras());
        double train = imagesPerSecond(() -> {
          model.trainStep(batch, 1e-3f);
          return batchSize;
        });
        out.printf(Locale.ROOT, "train step %s: %.2f images/s (%.2f of the floor; head only, base frozen)%n",
            name(precision), train, train / floor);
      }
      out.flush();
    }
    if (tutorialEpochs > 0) {
      tutorialRuns(out, floor);
    }
    if (layers) {
      for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
        if (!unsupported.containsKey(precision)) {
          printLayers(out, precision, images, ceiling);
        }
      }
    }
    return CommandLine.ExitCode.OK;
  }

  private static String name(Precision precision) {
    return precision.name().toLowerCase(Locale.ROOT);
  }

  /** A model for the throughput figures: feature cache off, so that every repetition computes. */
  private VggTransferModel model(Precision precision) {
    return VggTransferModel.builder().inputSize(imageSize).classes(List.of("covid", "normal"))
        .weights(VggWeights.randomFeatures(42)).fineTuning(FineTuning.headOnly()).precision(precision)
        .threads(threads, interOpThreads).featureCacheBytes(0).build();
  }

  /**
   * The tutorial's run (load, split 80/20, 25 epochs of batch 8 with 15° rotations, evaluation) twice:
   * as before this release (fp32, no feature cache) and as now (precision auto, feature cache on).
   */
  private void tutorialRuns(PrintWriter out, double floor) {
    Path data = dataset;
    Path temporary = null;
    try {
      if (data == null) {
        temporary = Files.createTempDirectory("covid-xray-benchmark-");
        data = temporary.resolve("dataset");
        SyntheticDemo.draw(data, 25, 42, true, new PrintWriter(Writer.nullWriter()));
      }
      double before = tutorialSeconds(data, Precision.FP32, 0);
      out.printf(Locale.ROOT, "tutorial run before: %.1f s (fp32, no feature cache: as 0.1.0 trained)%n", before);
      out.flush();
      double now = tutorialSeconds(data, Precision.AUTO, -1);
      out.printf(Locale.ROOT, "tutorial run: %.1f s (%d epochs, precision auto = %s, feature cache on; %.2fx the run"
              + " before)%n", now, tutorialEpochs, name(Precision.AUTO.onThisCpu()), before / now);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (temporary != null) {
        SyntheticDemo.cleanUp(temporary);
      }
    }
  }

  /** Seconds of one whole tutorial study: data loading, training and evaluation, with random weights. */
  private double tutorialSeconds(Path data, Precision precision, long cacheBytes) throws IOException {
    long start = System.nanoTime();
    TransferStudy.builder().dataset(data).imageSize(imageSize).weights(VggWeights.randomFeatures(42))
        .leakage(LeakagePolicy.IGNORE)
        .model(b -> {
          b.precision(precision).threads(threads, interOpThreads);
          return cacheBytes >= 0 ? b.featureCacheBytes(cacheBytes) : b;
        })
        .trainer(Trainer.builder().epochs(tutorialEpochs).build())
        .build().run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Time per layer of one traced forward pass (after an untraced warm-up), with convolutions' GFLOP/s. */
  private void printLayers(PrintWriter out, Precision precision, float[] images, double ceiling) {
    try (VggTransferModel model = model(precision)) {
      model.predict(images, batchSize);
      model.profile(images, batchSize);
      List<LayerProfile> profile = model.profile(images, batchSize);
      double total = profile.stream().mapToDouble(LayerProfile::milliseconds).sum();
      for (LayerProfile layer : profile) {
        if (layer.flops() > 0) {
          out.printf(Locale.ROOT, "layer %s %s: %.1f ms (%.0f%%), %.1f GFLOP/s (%.2f of the ceiling)%n",
              name(precision), layer.layer(), layer.milliseconds(), 100 * layer.milliseconds() / total,
              layer.gigaflopsPerSecond(), layer.gigaflopsPerSecond() / ceiling);
        } else {
          out.printf(Locale.ROOT, "layer %s %s: %.1f ms (%.0f%%)%n", name(precision), layer.layer(),
              layer.milliseconds(), 100 * layer.milliseconds() / total);
        }
      }
      out.flush();
    }
  }

  /** Median images per second over the repetitions, after one warm-up call. */
  private double imagesPerSecond(IntSupplier work) {
    work.getAsInt();
    double[] rates = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      int images = work.getAsInt();
      rates[r] = images / ((System.nanoTime() - start) / 1e9);
    }
    java.util.Arrays.sort(rates);
    return rates[repeats / 2];
  }

  private float[] images(int count) {
    float[] images = new float[count * imageSize * imageSize * 3];
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    return images;
  }

  private static float[] labels(int count) {
    float[] labels = new float[count * 2];
    for (int i = 0; i < count; i++) {
      labels[i * 2 + i % 2] = 1f;
    }
    return labels;
  }
}
