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
import java.util.function.ToIntFunction;
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
 * feature cache off, so that every repetition really computes, with the fp32 and bf16 models'
 * repetitions alternating, so that their ratio is measured under the same load. {@code --layers} adds
 * the time per layer. A benchmark, not a test: it never runs in the unit tests.
 */
@Command(name = "BenchmarkXray", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Measures the fp32 matmul ceiling, the VGG16 floor, and forward / training-step throughput"
        + " in fp32 and bf16 (one figure per line, ratios to the floor), then the tutorial's 25-epoch run as before"
        + " (fp32, no feature cache) and as now (precision auto, feature cache)."},
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad arguments.", SdkInfo.RESEARCH_USE_NOTICE})
public final class BenchmarkXray implements Callable<Integer> {

  /** Traced forward passes per precision behind {@code --layers}; the median per layer is printed. */
  static final int TRACED_PASSES = 3;

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
      description = "Also print the time per layer (median of 3 traced forward passes), fp32 and bf16, with each"
          + " convolution's GFLOP/s as a share of the ceiling.")
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
    Map<Precision, VggTransferModel> models = new EnumMap<>(Precision.class);
    try {
      for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
        try {
          models.put(precision, model(precision));
        } catch (IllegalArgumentException e) {
          unsupported.put(precision, e.getMessage());
        }
      }
      Map<Precision, Double> forward = interleaved(models, model -> {
        model.predict(images, batchSize);
        return batchSize;
      });
      printThroughput(out, "forward", "", forward, unsupported, floor);
      for (VggTransferModel model : models.values()) {
        model.compile(AdamSettings.keras());
      }
      Map<Precision, Double> train = interleaved(models, model -> {
        model.trainStep(batch, 1e-3f);
        return batchSize;
      });
      printThroughput(out, "train step", "; head only, base frozen", train, unsupported, floor);
    } finally {
      models.values().forEach(VggTransferModel::close);
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
      out.printf(Locale.ROOT, "tutorial run before: %.1f s (fp32, no feature cache: as 0.1.0 trained, but"
          + " with this release's fp32 layout)%n", before);
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

  /**
   * Time per layer, the median of {@value #TRACED_PASSES} traced forward passes (after an untraced and
   * a traced warm-up; one pass alone showed single layers at a third of their usual speed), with
   * convolutions' GFLOP/s.
   */
  private void printLayers(PrintWriter out, Precision precision, float[] images, double ceiling) {
    try (VggTransferModel model = model(precision)) {
      model.predict(images, batchSize);
      model.profile(images, batchSize);
      List<List<LayerProfile>> passes = new java.util.ArrayList<>();
      for (int pass = 0; pass < TRACED_PASSES; pass++) {
        passes.add(model.profile(images, batchSize));
      }
      List<LayerProfile> profile = passes.get(0).stream().map(first -> {
        double[] ms = passes.stream().flatMap(List::stream).filter(l -> l.layer().equals(first.layer()))
            .mapToDouble(LayerProfile::milliseconds).sorted().toArray();
        return new LayerProfile(first.layer(), ms[ms.length / 2], first.flops());
      }).toList();
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

  /**
   * Median images per second of each model over the repetitions, after two warm-up calls each; the
   * models' repetitions alternate, so that a change in the machine's load falls on all of them alike
   * and their ratio holds.
   */
  private Map<Precision, Double> interleaved(Map<Precision, VggTransferModel> models,
      ToIntFunction<VggTransferModel> work) {
    for (int warmUp = 0; warmUp < 2; warmUp++) {
      models.values().forEach(work::applyAsInt);
    }
    Map<Precision, double[]> rates = new EnumMap<>(Precision.class);
    models.keySet().forEach(precision -> rates.put(precision, new double[repeats]));
    for (int r = 0; r < repeats; r++) {
      for (Map.Entry<Precision, VggTransferModel> model : models.entrySet()) {
        long start = System.nanoTime();
        int images = work.applyAsInt(model.getValue());
        rates.get(model.getKey())[r] = images / ((System.nanoTime() - start) / 1e9);
      }
    }
    Map<Precision, Double> medians = new EnumMap<>(Precision.class);
    rates.forEach((precision, values) -> {
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      medians.put(precision, sorted[repeats / 2]);
    });
    return medians;
  }

  /** One line per precision: images/s, ratio to the floor and, for bf16, to fp32 of the same run. */
  private static void printThroughput(PrintWriter out, String what, String note, Map<Precision, Double> rates,
      Map<Precision, String> unsupported, double floor) {
    for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
      Double rate = rates.get(precision);
      if (rate == null) {
        out.printf(Locale.ROOT, "%s %s: unsupported (%s)%n", what, name(precision), unsupported.get(precision));
        continue;
      }
      Double fp32 = rates.get(Precision.FP32);
      String versusFp32 = precision != Precision.FP32 && fp32 != null
          ? String.format(Locale.ROOT, "; %.2fx fp32", rate / fp32) : "";
      out.printf(Locale.ROOT, "%s %s: %.2f images/s (%.2f of the floor%s%s)%n", what, name(precision), rate,
          rate / floor, versusFp32, note);
    }
    out.flush();
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
