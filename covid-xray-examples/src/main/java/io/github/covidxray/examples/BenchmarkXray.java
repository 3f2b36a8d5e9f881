package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.Batch;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.Precision;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures, in one run and in this order, one figure per line: the machine's fp32 matrix-multiply
 * ceiling through the same TensorFlow natives, the VGG16 base's floor (ceiling / the base's FLOPs per
 * image), and the model's forward and training-step throughput in fp32 and bf16, each with its ratio
 * to the floor. Each figure is the median of several timed repetitions after a warm-up. A benchmark,
 * not a test: it never runs in the unit tests.
 */
@Command(name = "BenchmarkXray", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Measures the fp32 matmul ceiling, the VGG16 floor, and forward / training-step throughput"
        + " in fp32 and bf16 (one figure per line, ratios to the floor)."},
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

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
      description = "Timed repetitions per figure; the median is printed (default: ${DEFAULT-VALUE}).")
  int repeats;

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
    PrintWriter out = spec.commandLine().getOut();
    double ceiling = matmulGflops(2048);
    out.printf(Locale.ROOT, "ceiling: %.1f GFLOP/s (fp32 2048x2048 matmul, same TensorFlow natives)%n", ceiling);
    double flops;
    try (VggTransferModel probe = model(Precision.FP32)) {
      flops = probe.baseFlopsPerImage();
    }
    double floor = ceiling * 1e9 / flops;
    out.printf(Locale.ROOT, "floor: %.2f images/s (ceiling / %.1f GFLOP per image at %d)%n", floor, flops / 1e9,
        imageSize);
    out.flush();
    for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
      String name = precision.name().toLowerCase(Locale.ROOT);
      try (VggTransferModel model = model(precision)) {
        float[] images = images(batchSize);
        double forward = imagesPerSecond(() -> {
          model.predict(images, batchSize);
          return batchSize;
        });
        out.printf(Locale.ROOT, "forward %s: %.2f images/s (%.2f of the floor)%n", name, forward, forward / floor);
        model.compile(AdamSettings.keras());
        Batch batch = new Batch(images, labels(batchSize), null, batchSize, imageSize, imageSize, 2);
        double train = imagesPerSecond(() -> {
          model.trainStep(batch, 1e-3f);
          return batchSize;
        });
        out.printf(Locale.ROOT, "train step %s: %.2f images/s (%.2f of the floor; head only, base frozen)%n", name,
            train, train / floor);
      } catch (IllegalArgumentException e) {
        out.printf(Locale.ROOT, "forward %s: unsupported (%s)%n", name, e.getMessage());
        out.printf(Locale.ROOT, "train step %s: unsupported%n", name);
      }
      out.flush();
    }
    return CommandLine.ExitCode.OK;
  }

  private VggTransferModel model(Precision precision) {
    return VggTransferModel.builder().inputSize(imageSize).classes(List.of("covid", "normal"))
        .weights(VggWeights.randomFeatures(42)).fineTuning(FineTuning.headOnly()).precision(precision)
        .threads(threads, 0).build();
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

  /** Median GFLOP/s of an n×n×n float32 matrix product in TensorFlow (2n³ operations). */
  private double matmulGflops(int n) {
    float[] values = new float[n * n];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble();
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class);
      var sum = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      org.tensorflow.proto.ConfigProto config = org.tensorflow.proto.ConfigProto.newBuilder()
          .setIntraOpParallelismThreads(threads).build();
      try (Session session = new Session(graph, config);
           TFloat32 ta = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false));
           TFloat32 tb = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false))) {
        double rate = imagesPerSecond(() -> {
          try (var result = session.runner().feed(a, ta).feed(b, tb).fetch(sum).run()) {
            return 1;
          }
        });
        return rate * 2.0 * n * n * n / 1e9;
      }
    }
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
