package io.github.covidxray.examples;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.DataStatistics;
import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.DecodingPool;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.Precision;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.DicomFiles;
import io.github.covidxray.synthetic.SyntheticClass;
import io.github.covidxray.synthetic.SyntheticXrays;
import io.github.covidxray.train.StepProgress;
import io.github.covidxray.train.Trainer;
import io.github.covidxray.train.TrainingContext;
import io.github.covidxray.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the data side at realistic sizes, each figure in one run: (a) decoding + preprocessing of
 * large JPEGs on one thread against the {@link DecodingPool}; (b) one training epoch of a streaming
 * data set (peak RSS, peak heap, the data-wait share of the epoch), to be run under {@code -Xmx1g};
 * (c) images/s of predicting files against the forward pass alone, with the machine's TensorFlow
 * matmul ceiling. {@code --generate} first writes a synthetic set from covid-xray-synthetic's
 * generator (JPEG, 16-bit PNG and DICOM at 1024–2500 px); generate it under /tmp, never into the
 * repository. A benchmark, not a test.
 */
@Command(name = "BenchmarkData", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Measures decoding (one thread vs the pool), a streaming training epoch (peak RSS, heap,"
        + " data-wait share) and prediction over files vs the forward pass, on a synthetic set at real sizes."},
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad arguments.", SdkInfo.RESEARCH_USE_NOTICE})
public final class BenchmarkData implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--data", paramLabel = "DIR", required = true,
      description = "The data set (covid/ and normal/ folders); written first with --generate.")
  Path data;

  @Option(names = "--generate", paramLabel = "N", defaultValue = "0",
      description = "Write N synthetic images into --data first (it must be missing or empty).")
  int generate;

  @Option(names = "--min-size", paramLabel = "PX", defaultValue = "1024",
      description = "Smallest generated side (default: ${DEFAULT-VALUE}).")
  int minSize;

  @Option(names = "--max-size", paramLabel = "PX", defaultValue = "2500",
      description = "Largest generated side (default: ${DEFAULT-VALUE}).")
  int maxSize;

  @Option(names = "--jpeg-only", description = "Generate JPEGs only (default: 85% JPEG, 10% 16-bit PNG, 5% DICOM).")
  boolean jpegOnly;

  @Option(names = "--decode", paramLabel = "N", defaultValue = "0",
      description = "(a) Decode the N largest JPEGs of the set on one thread, then in the pool.")
  int decode;

  @Option(names = "--epoch", description = "(b) Train one epoch on the set in streaming mode.")
  boolean epoch;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "(b) Train on the first N images of a seeded shuffle only (0: all).")
  int limit;

  @Option(names = "--max-minutes", paramLabel = "M", defaultValue = "0",
      description = "(b) Stop the epoch after M minutes and report the steps done (0: no cap).")
  double maxMinutes;

  @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "1e-4",
      description = "(b) Adam's learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--predict", paramLabel = "N", defaultValue = "0",
      description = "(c) Predict the N largest JPEGs of the set and time the forward pass alone.")
  int predict;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "Decoding threads; 0: the number of cores (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--precision", paramLabel = "fp32|bf16", defaultValue = "fp32",
      description = "Model precision for (b) and (c) (default: ${DEFAULT-VALUE}).")
  String precisionName;

  private Precision precision;

  @Option(names = "--image-size", paramLabel = "PX", defaultValue = "224",
      description = "Model input size (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8",
      description = "Images per step or forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  /** Runs the command; see {@link Cli} for exit codes. */
  public static void main(String[] args) {
    System.exit(Cli.run(new BenchmarkData(), args));
  }

  @Override
  public Integer call() throws IOException {
    if (minSize < SyntheticXrays.MIN_SIZE || maxSize > SyntheticXrays.MAX_SIZE || minSize > maxSize) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--min-size/--max-size must satisfy "
          + SyntheticXrays.MIN_SIZE + " <= min <= max <= " + SyntheticXrays.MAX_SIZE);
    }
    if (batchSize < 1 || threads < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size must be >= 1, --threads >= 0");
    }
    try {
      precision = Precision.valueOf(precisionName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--precision must be fp32 or bf16, got "
          + precisionName);
    }
    int poolThreads = threads == 0 ? DecodingPool.defaultThreads() : threads;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "machine: %d cores, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    if (generate > 0) {
      generate(out, poolThreads);
    }
    if (decode > 0) {
      decode(out, poolThreads);
    }
    if (epoch) {
      epoch(out, poolThreads);
    }
    if (predict > 0) {
      predict(out);
    }
    out.printf("peak RSS: %d MiB (VmHWM); peak heap: %d MiB (sum of heap pools' peaks)%n", peakRssKib() >> 10,
        peakHeapBytes() >> 20);
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  // ---- generation -------------------------------------------------------------------------------

  private void generate(PrintWriter out, int poolThreads) throws IOException {
    if (Files.isDirectory(data)) {
      try (var entries = Files.list(data)) {
        if (entries.findAny().isPresent()) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--generate needs a missing or empty --data"
              + " folder; " + data + " is not empty");
        }
      }
    }
    for (SyntheticClass c : SyntheticClass.values()) {
      Files.createDirectories(data.resolve(c.folderName()));
    }
    long start = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    IntStream.range(0, generate).parallel().forEach(i -> {
      try {
        writeImage(i);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      int n = done.incrementAndGet();
      if (n % 500 == 0) {
        System.err.printf(Locale.ROOT, "generated %d/%d (%.0f s)%n", n, generate, (System.nanoTime() - start) / 1e9);
      }
    });
    out.printf(Locale.ROOT, "generated: %d images %d-%d px into %s in %.0f s%n", generate, minSize, maxSize, data,
        (System.nanoTime() - start) / 1e9);
    out.flush();
  }

  /**
   * Image i: its class, size and format are functions of i, so a set is the same on every run. The
   * generator paints a chest in about a second at these sizes, too slow for 10,000 files on two cores,
   * so {@value #DISTINCT} distinct images per class are painted (cached in memory) and every file is
   * one of them with its own crop (85–100% of each side) and brightness shift: distinct files whose
   * decoding cost is that of real radiographs of the same size.
   */
  @SuppressWarnings("try") // the PointerScope closes the Mats
  private void writeImage(int i) throws IOException {
    SyntheticClass label = i % 2 == 0 ? SyntheticClass.COVID : SyntheticClass.NORMAL;
    int base = (i / 2) % DISTINCT;
    byte[] painted = painted(label, base);
    int baseWidth = baseSize(label, base)[0];
    int baseHeight = baseSize(label, base)[1];
    SplittableRandom random = new SplittableRandom(1000L + i);
    int width = Math.max(Math.min(minSize, baseWidth), (int) (baseWidth * random.nextDouble(0.85, 1.0)));
    int height = Math.max(Math.min(minSize, baseHeight), (int) (baseHeight * random.nextDouble(0.85, 1.0)));
    int x0 = random.nextInt(baseWidth - width + 1);
    int y0 = random.nextInt(baseHeight - height + 1);
    int shift = random.nextInt(-12, 13);
    byte[] gray = new byte[width * height];
    for (int y = 0; y < height; y++) {
      int from = (y0 + y) * baseWidth + x0;
      for (int x = 0; x < width; x++) {
        gray[y * width + x] = (byte) Math.max(0, Math.min(255, (painted[from + x] & 0xFF) + shift));
      }
    }
    int kind = jpegOnly ? 0 : i % 20;
    String name = String.format(Locale.ROOT, "%s-%05d", label.folderName(), i);
    Path dir = data.resolve(label.folderName());
    byte[] encoded;
    String ext;
    try (PointerScope scope = new PointerScope()) {
      if (kind == 19) {
        encoded = dicom(gray, width, height);
        ext = ".dcm";
      } else if (kind >= 17) {
        Mat m = new Mat(height, width, CV_16UC1);
        short[] wide = new short[gray.length];
        for (int k = 0; k < gray.length; k++) {
          wide[k] = (short) ((gray[k] & 0xFF) * 257);
        }
        new ShortPointer(m.data()).put(wide);
        encoded = encode(".png", m);
        ext = ".png";
      } else {
        Mat m = new Mat(height, width, CV_8UC1);
        m.data().put(gray);
        encoded = encode(".jpg", m, IMWRITE_JPEG_QUALITY, 90);
        ext = ".jpg";
      }
    }
    Path target = dir.resolve(name + ext);
    Path tmp = dir.resolve("." + name + ext + ".tmp");
    Files.write(tmp, encoded);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Distinct painted images per class; every file is a varied copy of one of them. */
  static final int DISTINCT = 100;

  private final java.util.concurrent.ConcurrentHashMap<String, byte[]> paintings =
      new java.util.concurrent.ConcurrentHashMap<>();

  private int[] baseSize(SyntheticClass label, int base) {
    SplittableRandom random = new SplittableRandom(31L * base + label.ordinal());
    int width = random.nextInt(minSize, maxSize + 1);
    int height = Math.max(minSize, Math.min(maxSize, (int) (width * random.nextDouble(0.85, 1.2))));
    return new int[] {width, height};
  }

  private byte[] painted(SyntheticClass label, int base) {
    return paintings.computeIfAbsent(label + "/" + base, k -> {
      int[] size = baseSize(label, base);
      return new SyntheticXrays(size[0], size[1], 42).generate(label, base).pixels();
    });
  }

  private static byte[] encode(String ext, Mat mat, int... params) {
    BytePointer buffer = new BytePointer();
    if (!imencode(ext, mat, buffer, new org.bytedeco.javacpp.IntPointer(params))) {
      throw new IllegalStateException("OpenCV could not encode " + ext);
    }
    byte[] bytes = new byte[(int) buffer.limit()];
    buffer.get(bytes);
    return bytes;
  }

  /** A 16-bit MONOCHROME2 Explicit VR Little Endian DICOM file of the grey levels × 257. */
  static byte[] dicom(byte[] gray, int width, int height) {
    ByteBuffer pixels = ByteBuffer.allocate(gray.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (byte g : gray) {
      pixels.putShort((short) ((g & 0xFF) * 257));
    }
    return DicomFiles.explicitVrLittleEndian(pixels.array(), width, height, 16, "MONOCHROME2", "SYNTHETIC");
  }

  // ---- (a) decoding -----------------------------------------------------------------------------

  /** The n largest JPEGs of the set (by the pixels their headers declare), largest first. */
  private List<Path> jpegs(int n) throws IOException {
    List<io.github.covidxray.data.ImageFileInfo> all = new java.util.ArrayList<>();
    for (Path p : ImagePreprocessor.findImages(data)) {
      if (p.getFileName().toString().endsWith(".jpg")) {
        all.add(io.github.covidxray.data.ImageFileInfo.read(p));
      }
    }
    if (all.size() < n) {
      throw new CommandLine.ParameterException(spec.commandLine(), data + " has " + all.size() + " JPEGs, fewer than "
          + n);
    }
    all.sort(java.util.Comparator.comparingLong((io.github.covidxray.data.ImageFileInfo i) -> (long) i.width() * i.height())
        .reversed().thenComparing(io.github.covidxray.data.ImageFileInfo::file));
    List<io.github.covidxray.data.ImageFileInfo> chosen = all.subList(0, n);
    spec.commandLine().getOut().printf(Locale.ROOT, "the %d largest JPEGs: %d x %d px on average, smallest %d x %d%n", n,
        Math.round(chosen.stream().mapToInt(io.github.covidxray.data.ImageFileInfo::width).average().orElse(0)),
        Math.round(chosen.stream().mapToInt(io.github.covidxray.data.ImageFileInfo::height).average().orElse(0)),
        chosen.get(n - 1).width(), chosen.get(n - 1).height());
    return chosen.stream().map(io.github.covidxray.data.ImageFileInfo::file).toList();
  }

  private void decode(PrintWriter out, int poolThreads) throws IOException {
    List<Path> files = jpegs(decode);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.readAllBytes(f).length; // warm the page cache for both runs alike
    }
    ImagePreprocessor preprocessor = ImagePreprocessor.of(imageSize);
    long start = System.nanoTime();
    long check = 0;
    for (Path f : files) {
      check += preprocessor.preprocess(f)[0];
    }
    double single = files.size() / ((System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    try (DecodingPool pool = new DecodingPool(poolThreads)) {
      for (DecodingPool.Decoded d : pool.preprocessInOrder(files, preprocessor, 4 * poolThreads)) {
        check -= d.pixels()[0];
      }
    }
    double pooled = files.size() / ((System.nanoTime() - start) / 1e9);
    out.printf(Locale.ROOT, "(a) decode+preprocess %d JPEGs (%.0f KB each on average) to %d: one thread %.1f images/s,"
            + " pool of %d %.1f images/s, ratio %.2f%s%n", files.size(), bytes / 1024.0 / files.size(), imageSize,
        single, poolThreads, pooled, pooled / single, check == 0 ? "" : " (PIXELS DIFFER)");
    out.flush();
  }

  // ---- (b) one streaming epoch ------------------------------------------------------------------

  private void epoch(PrintWriter out, int poolThreads) {
    long loadStart = System.nanoTime();
    try (ImageDataset all = DatasetLoader.builder().directory(data).imageSize(imageSize).streaming()
        .decodeThreads(poolThreads).build().load()) {
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      ImageDataset train = all;
      if (limit > 0 && limit < all.size()) {
        int[] order = IntStream.range(0, all.size()).toArray();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = order.length - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        train = all.subset(Arrays.copyOf(order, limit));
      }
      out.printf(Locale.ROOT, "(b) streaming set: %s, loaded (headers checked) in %.1f s%n", train, loadSeconds);
      out.flush();
      DataStatistics before = all.statistics();
      long start = System.nanoTime();
      long cap = maxMinutes > 0 ? start + (long) (maxMinutes * 60e9) : Long.MAX_VALUE;
      int[] stepsDone = new int[1];
      double[] secondsAtStep = new double[1];
      double[] lossAtStep = new double[1];
      double[] firstStep = new double[2]; // seconds and data wait at the end of step 1 (graph warm-up)
      TrainingListener progress = new TrainingListener() {
        @Override
        public void onStepEnd(TrainingContext context, StepProgress p) {
          long now = System.nanoTime();
          stepsDone[0] = p.step();
          secondsAtStep[0] = (now - start) / 1e9;
          lossAtStep[0] = p.loss();
          if (p.step() == 1) {
            firstStep[0] = secondsAtStep[0];
            firstStep[1] = all.statistics().since(before).dataWait().toNanos() / 1e9;
          }
          if (p.step() % 50 == 0 || p.step() == p.stepsPerEpoch()) {
            double wait = all.statistics().since(before).dataWait().toNanos() / 1e9;
            System.err.printf(Locale.ROOT, "step %d/%d  %.2f images/s  data wait %.1f s of %.0f s (%.1f%%)  heap %d MiB%n",
                p.step(), p.stepsPerEpoch(), p.step() * batchSize / secondsAtStep[0], wait, secondsAtStep[0],
                100 * wait / secondsAtStep[0],
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
          }
          if (now > cap) {
            throw new java.util.concurrent.CancellationException("time cap");
          }
        }
      };
      Trainer trainer = Trainer.builder().epochs(1).batchSize(batchSize).learningRate(learningRate)
          .listener(progress).build();
      String precisionUsed;
      boolean capped = false;
      try (VggTransferModel model = VggTransferModel.builder().inputSize(imageSize).classes(train.classNames())
          .weights(VggWeights.randomFeatures(42)).fineTuning(FineTuning.headOnly()).precision(precision).build()) {
        precisionUsed = model.precision().toString();
        try {
          trainer.fit(model, train);
        } catch (java.util.concurrent.CancellationException e) {
          capped = true;
        } catch (io.github.covidxray.train.TrainingDivergedException e) {
          // the data-side figures up to the last finite step still stand; say so
          out.printf(Locale.ROOT, "(b) %s; figures up to step %d%n", e.getMessage(), stepsDone[0]);
          capped = true;
        }
      }
      double seconds = secondsAtStep[0];
      DataStatistics epochStats = all.statistics().since(before);
      double wait = epochStats.dataWait().toNanos() / 1e9;
      int images = stepsDone[0] * batchSize;
      out.printf(Locale.ROOT, "(b) %s, %d images at %d, batch %d, %s, %d decoding threads: %.0f s"
              + " (%.2f images/s), %d decoded, data wait %.1f s = %.1f%% of the training time; loss %.4f%n",
          capped ? "epoch stopped after " + stepsDone[0] + " of " + trainer.stepsPerEpoch(train.size())
              + " steps (" + maxMinutes + "-minute cap)" : "one whole epoch",
          images, imageSize, batchSize, precisionUsed, poolThreads, seconds, images / seconds, epochStats.decoded(),
          wait, 100 * wait / seconds, lossAtStep[0]);
      if (stepsDone[0] > 1) {
        double steady = seconds - firstStep[0];
        out.printf(Locale.ROOT, "(b) after the first step (%.0f s of graph warm-up): %.2f images/s, data wait %.1f s"
            + " = %.1f%% of %.0f s%n", firstStep[0], (images - batchSize) / steady, wait - firstStep[1],
            100 * (wait - firstStep[1]) / steady, steady);
      }
      out.printf(Locale.ROOT, "(b) pixels of this set in memory mode would take %d MiB of heap (%d x %d B)%n",
          (long) train.size() * imageSize * imageSize * 3 >> 20, train.size(), imageSize * imageSize * 3);
    }
    out.printf("(b) peak RSS: %d MiB (VmHWM); peak heap: %d MiB (sum of heap pools' peaks); max heap %d MiB%n",
        peakRssKib() >> 10, peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    out.flush();
  }

  // ---- (c) prediction ---------------------------------------------------------------------------

  private void predict(PrintWriter out) throws IOException {
    List<Path> files = jpegs(predict);
    for (Path f : files) {
      Files.readAllBytes(f); // warm the page cache
    }
    double ceiling = MatmulCeiling.gflops(2048, 0, 0, 5);
    out.printf(Locale.ROOT, "(c) ceiling: %.1f GFLOP/s (fp32 2048x2048 matmul, same TensorFlow natives)%n", ceiling);
    out.flush();
    try (VggTransferModel model = VggTransferModel.builder().inputSize(imageSize).classes(List.of("covid", "normal"))
        .weights(VggWeights.randomFeatures(42)).fineTuning(FineTuning.headOnly()).precision(precision).build()) {
      float[] images = new float[batchSize * imageSize * imageSize * 3];
      SplittableRandom random = new SplittableRandom(2);
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) random.nextDouble();
      }
      model.predict(images, batchSize); // warm-up
      int batches = Math.max(3, Math.min(25, predict / batchSize / 4));
      long start = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        model.predict(images, batchSize);
      }
      double forward = batches * batchSize / ((System.nanoTime() - start) / 1e9);
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      start = System.nanoTime();
      model.classifyAll(files, batchSize, p -> ok.incrementAndGet(), (f, e) -> failed.incrementAndGet());
      double predicted = files.size() / ((System.nanoTime() - start) / 1e9);
      double floor = ceiling * 1e9 / model.baseFlopsPerImage();
      out.printf(Locale.ROOT, "(c) %s at %d, batch %d: forward pass alone %.2f images/s (%.2f of the floor %.2f);"
              + " predicting %d JPEG files %.2f images/s = %.2f of the forward rate (%d ok, %d failed)%n",
          model.precision(), imageSize, batchSize, forward, forward / floor, floor, files.size(), predicted,
          predicted / forward, ok.get(), failed.get());
      out.flush();
    }
  }

  private static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
