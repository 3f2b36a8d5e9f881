package io.github.covidxray.model;

import io.github.covidxray.data.Batch;
import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.metrics.DecisionRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The tutorial's classifier as a TensorFlow Java graph: Keras's {@code VGG16(include_top=False)}
 * (13 3×3 SAME convolutions with bias and ReLU, five 2×2 max-pools) and the head
 * {@code AveragePooling2D → Flatten → Dense(relu) → Dropout → Dense(softmax)}, computing what Keras
 * computes for the same weights. Layers carry Keras's names: {@code block1_conv1} …
 * {@code block5_conv3} as {@code keras.applications.VGG16} names them, and {@code dense},
 * {@code dense_1}, the names tf.keras gives the tutorial's two unnamed {@code Dense} layers (class
 * name in snake case, numbered from zero), so the tutorial's saved {@code covid19.model} maps by
 * name. See {@link ModelConfig} for the head's pool rule and {@link VggWeights} for where the
 * weights come from.
 *
 * <p>Graph names (stable, for persistence): input {@code images}, outputs {@code probabilities},
 * {@code logits} and {@code base_output}, variables {@code <layer>/kernel} and {@code <layer>/bias}.
 *
 * <p>Input to every method is RGB, NHWC, float values in [0, 1]; the configured
 * {@link InputScaling} is applied inside the graph. Output probabilities follow
 * {@link ModelConfig#classes()}.
 *
 * <p>Training: {@link #compile(AdamSettings)} once, then {@link #trainStep(Batch, float)} per batch.
 * Only the layers {@link ModelConfig#fineTuning()} names are trained (by default the head
 * alone); the others are not differentiated and have no update op, so they stay bit-identical.
 *
 * <p>Persistence: {@link #save(Path)} writes a directory holding a standard TensorFlow SavedModel and
 * its {@link ModelMetadata}; {@link #load(Path)} rebuilds the model from it, ready to predict or to
 * train further. A threshold {@link DecisionRule} chosen on validation data can be stored with the
 * model ({@link #setDecisionRule}); {@link #classify(Path)} and the saved model's
 * {@code predicted_class} output then apply it instead of the argmax.
 *
 * <p>The model owns a native graph and session: close it (try-with-resources). Instances are not
 * thread-safe for training; {@link #predict} may be called from several threads between training
 * steps. For research use only: nothing here diagnoses anyone.
 */
public final class VggTransferModel implements TrainableModel {

  private static final Logger LOG = LoggerFactory.getLogger(VggTransferModel.class);

  /**
   * Share of the JVM's maximum heap the frozen-base feature cache may take by default (a 7×7×512
   * float output is 100 KB per image at 224, so a 4 GB heap caches about 10,000 images).
   */
  public static final double DEFAULT_FEATURE_CACHE_HEAP_SHARE = 0.25;

  private final ModelConfig config;
  private final Precision precision;
  private final List<LayerSpec> specs;
  private final Graph graph;
  private final Session session;
  private final VggGraph vgg;
  private final FeatureCache featureCache;
  private TrainingGraph training;
  private final Map<String, GradCamGraph> gradCams = new HashMap<>();
  private AdamSettings adamSettings;
  private long dropoutStep;
  private volatile boolean closed;
  private volatile DecisionRule decisionRule = DecisionRule.argmax();
  private volatile TrainingSummary trainingSummary;

  private VggTransferModel(
      ModelConfig config, Precision precision, List<LayerSpec> specs, Graph graph, Session session,
      VggGraph vgg, long featureCacheBytes) {
    this.config = config;
    this.precision = precision;
    this.specs = specs;
    this.graph = graph;
    this.session = session;
    this.vgg = vgg;
    boolean baseFrozen = specs.stream().noneMatch(s -> !s.isHead() && s.trainsWith(config.fineTuning()));
    int s = config.baseOutputSize();
    this.featureCache = new FeatureCache(baseFrozen ? featureCacheBytes : 0,
        s * s * VggArchitecture.BASE_CHANNELS);
  }

  /** A builder with the tutorial's defaults (see {@link Builder}). */
  public static Builder builder() {
    return new Builder();
  }

  private static VggTransferModel create(ModelConfig config, Execution execution, List<LayerSpec> specs,
      Map<String, LayerWeights> initial, long featureCacheBytes) {
    Graph graph = new Graph();
    Session session = null;
    try {
      VggGraph vgg = VggGraph.build(graph, config, specs, execution.precision(), execution.layout());
      session = new Session(graph, execution.sessionConfig());
      VggTransferModel model = new VggTransferModel(config, execution.precision(), specs, graph, session, vgg,
          featureCacheBytes);
      model.assign(initial);
      return model;
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      graph.close();
      throw e;
    }
  }

  /**
   * Loads a model written by {@link #save(Path)}: reads and checks its metadata, loads its SavedModel
   * with TensorFlow's standard loader, reads every layer's weights from it by name, and builds a fresh
   * model from the metadata's configuration with those weights (nothing is downloaded, nothing is
   * randomly initialised). The training summary and decision threshold come back with it. The loaded
   * model is an ordinary model: it predicts the same probabilities, bit for bit on the same machine,
   * and can be compiled and trained further (Adam's state starts afresh, as after Keras's
   * {@code load_weights}).
   *
   * <p>First removes what interrupted saves of the directory left beside it (see {@link #save}); if
   * the directory is missing or incomplete, the error names the newest complete backup, checked.
   *
   * @param directory a directory written by {@link #save(Path)}
   * @return the model; close it
   * @throws ModelFormatException if the directory is missing, is not a saved model, its metadata is
   *     missing, invalid or of a newer format version, its classes do not match their fingerprint, or
   *     its SavedModel is missing, unloadable or does not match the metadata (the message names the
   *     path and what was expected)
   * @throws IOException if a file exists but cannot be read
   */
  public static VggTransferModel load(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    ModelMetadata metadata = ModelDirectory.readMetadata(directory);
    ModelDirectory.checkSavedModelFiles(directory);
    ModelConfig config = metadata.config();
    List<LayerSpec> specs = VggArchitecture.layers(config);
    Map<String, LayerWeights> weights = SavedModelFormat.readWeights(directory, config, specs);
    Precision precision = metadata.precision();
    if (precision == Precision.BF16 && Precision.AUTO.resolve(CpuFeatures.current()) != Precision.BF16) {
      LOG.warn("{} was saved running in bfloat16, which this CPU lacks; it runs in float32 here", directory);
      precision = Precision.FP32;
    }
    VggTransferModel model = create(config, new Execution(precision, 0, 0), specs, weights,
        defaultFeatureCacheBytes());
    model.trainingSummary = metadata.training().orElse(null);
    model.decisionRule = metadata.decisionRule();
    LOG.info("Loaded model from {} (saved by covid-xray {}): input {}x{}, classes {}, decision {}",
        directory, metadata.sdkVersion(), config.inputSize(), config.inputSize(), config.classes(),
        model.decisionRule.describe());
    return model;
  }

  /**
   * Checks, without writing anything, that {@link #save} would accept {@code directory}: a new path,
   * an empty directory, or an earlier saved model (whose other files a save keeps). Call it before slow
   * work so that a finished training run is not lost to an unusable path.
   *
   * @param directory where a model is to be saved
   * @throws IOException naming the path and what is in the way (a file, or a directory of other files)
   */
  public static void checkSaveTarget(Path directory) throws IOException {
    AtomicDirectory.checkTarget(directory, ModelDirectory.LAYOUT);
  }

  /**
   * Saves the model as a directory that is itself a standard TensorFlow SavedModel, with this SDK's
   * metadata beside it:
   *
   * <pre>
   * directory/
   *   covid-xray-model.json                     {@link ModelMetadata}
   *   saved_model.pb                            graph and signature
   *   variables/variables.index                 the weights' checkpoint
   *   variables/variables.data-00000-of-00001
   * </pre>
   *
   * <p>The SavedModel has tag {@code serve} and signature {@code serving_default}: input
   * {@code images}, float32 {@code [n, size, size, 3]} RGB in [0, 1] (the input scaling is inside the
   * graph); outputs {@code probabilities}, float32 {@code [n, classes]} with dropout off, and
   * {@code predicted_class}, int64 {@code [n]}, by the stored decision threshold or else the argmax.
   * Optimizer state is not saved.
   *
   * <p>Saving over an existing model replaces only the files a model consists of (the entries above,
   * {@code assets/} and any other file the save writes); every other file in the directory, such as
   * a user's notes or evaluation results, stays untouched. A non-empty directory that is not a model
   * is refused, so a wrong path writes nothing.
   *
   * <p>Crash-safe: the new model is written into a hidden sibling {@code .<name>.<id>.tmp} and
   * flushed first; the old model's files are backed up into {@code .<name>.<id>.old} (hard links,
   * with a completeness marker written last) before they are swapped, the metadata file last. A
   * failed save puts the old files back; an interrupted one (killed) leaves either a complete model
   * or, if killed mid-swap, a directory without metadata beside a complete backup. The next save or
   * {@link #load} of the path removes leftover temporary folders, and backups once the directory
   * holds a complete model, logging what it removed; a backup that is the only complete copy is kept
   * and named by {@link #load}'s error (see {@link io.github.covidxray.model.AtomicDirectory}).
   *
   * @param directory the model directory to write
   * @throws IOException if the path is taken by a file or by a non-empty directory that is not a
   *     saved model, or if writing fails; an existing model is then unchanged
   */
  @Override
  public void save(Path directory) throws IOException {
    save(directory, SaveHook.NONE);
  }

  /** Called inside {@link #save(Path, SaveHook)} so that tests can make a save fail midway. */
  @FunctionalInterface
  interface SaveHook {
    SaveHook NONE = temporaryDirectory -> { };

    /** Runs after the SavedModel is written into the temporary directory, before the metadata. */
    void savedModelWritten(Path temporaryDirectory) throws IOException;

    /** Runs at each step of replacing the directory, so that tests can stop or kill a save there. */
    default void reached(AtomicDirectory.Step step) throws IOException {
    }
  }

  void save(Path directory, SaveHook hook) throws IOException {
    Objects.requireNonNull(directory, "directory");
    WeightSnapshot weights;
    ModelMetadata metadata;
    synchronized (this) { // consistent with trainStep
      weights = snapshot();
      metadata = metadata();
    }
    AtomicDirectory.write(directory, ModelDirectory.LAYOUT, temporary -> {
      SavedModelFormat.export(temporary, config, specs, weights, metadata.decisionRule());
      hook.savedModelWritten(temporary);
      Files.writeString(ModelDirectory.metadataFile(temporary), metadata.toJson(), StandardCharsets.UTF_8);
    }, hook::reached);
    LOG.info("Saved model to {}", directory);
  }

  /**
   * What {@link #save(Path)} would write as metadata now: the configuration, this SDK's version, the
   * training summary, if set, and the decision rule.
   */
  public ModelMetadata metadata() {
    return new ModelMetadata(ModelMetadata.FORMAT_VERSION, config, io.github.covidxray.SdkInfo.version(),
        Optional.ofNullable(trainingSummary), decisionRule, precision);
  }

  /**
   * Sets the rule the model's predictions apply ({@link #classify(Path)}, a saved model's
   * {@code predicted_class}) and that is stored with the model when saved: typically a threshold
   * chosen on validation data, {@code DecisionRule.at("covid", point)};
   * {@link DecisionRule#argmax()} goes back to the tutorial's rule.
   *
   * @param rule the rule; a threshold must be on one of the model's classes
   * @throws IllegalArgumentException if a threshold's positive class is not one of the model's
   *     classes (the message lists them)
   */
  public void setDecisionRule(DecisionRule rule) {
    ModelMetadata.checkDecisionRule(config, rule);
    decisionRule = rule;
  }

  /**
   * The rule the model's predictions apply: the stored threshold, else the argmax. Hand it to
   * {@link io.github.covidxray.metrics.Metrics#evaluate(int[], float[][], DecisionRule)}, with the
   * metrics built for the threshold's positive class, to evaluate the model as it predicts.
   *
   * @return the rule set (or loaded), {@link DecisionRule#argmax()} by default
   */
  public DecisionRule decisionRule() {
    return decisionRule;
  }

  /**
   * Records how the model's weights were trained, to be saved in its metadata.
   *
   * @param summary the summary (e.g. from the training history)
   */
  @Override
  public void setTrainingSummary(TrainingSummary summary) {
    trainingSummary = Objects.requireNonNull(summary, "summary");
  }

  /** The training summary, if one was set (or loaded). */
  public Optional<TrainingSummary> trainingSummary() {
    return Optional.ofNullable(trainingSummary);
  }

  /**
   * Classifies one image file, preprocessed exactly as the data set loader preprocesses training
   * images ({@link ImagePreprocessor} at the model's input size: decode, 8-bit RGB, bilinear resize,
   * {@code / 255}). The predicted class follows {@link #decisionRule()}. For research use only.
   *
   * @param imageFile a JPEG, PNG, BMP, TIFF or WebP file
   * @return the class probabilities and the predicted class
   * @throws io.github.covidxray.data.InvalidImageException naming the file if it cannot be read or
   *     decoded
   */
  public Prediction classify(Path imageFile) {
    Objects.requireNonNull(imageFile, "imageFile");
    checkOpen();
    float[] pixels = ImagePreprocessor.of(config.inputSize()).preprocessToUnitFloats(imageFile);
    return prediction(imageFile, predict(pixels, 1)[0]);
  }

  /**
   * Classifies many image files in batches, as {@link #classify(Path)} does one: each file is
   * preprocessed, every {@code batchSize} images go through the model together, and each result or
   * failure is handed on in file order. An unreadable file never stops the run.
   *
   * @param files the image files
   * @param batchSize images per forward pass, at least 1
   * @param onPrediction called with each prediction
   * @param onFailure called with each file that could not be read and why
   */
  public void classifyAll(List<Path> files, int batchSize, Consumer<Prediction> onPrediction,
      BiConsumer<Path, RuntimeException> onFailure) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    checkOpen();
    ImagePreprocessor preprocessor = ImagePreprocessor.of(config.inputSize());
    int pixels = config.inputSize() * config.inputSize() * 3;
    List<Path> pending = new ArrayList<>();
    float[] batch = new float[batchSize * pixels];
    // decoding runs in a pool of worker threads (one per core), the next batch and a file per thread
    // ahead, so that the files of batch k+1 are decoded while the model runs batch k; results come
    // back in file order, so the callbacks' order is the same as one thread's
    int threads = io.github.covidxray.data.DecodingPool.defaultThreads();
    try (io.github.covidxray.data.DecodingPool pool = new io.github.covidxray.data.DecodingPool(threads)) {
      for (io.github.covidxray.data.DecodingPool.Decoded decoded
          : pool.preprocessInOrder(files, preprocessor, 2 * batchSize + threads)) {
        if (!decoded.ok()) {
          onFailure.accept(decoded.file(), decoded.failure());
          continue;
        }
        System.arraycopy(ImagePreprocessor.toUnitFloats(decoded.pixels()), 0, batch, pending.size() * pixels, pixels);
        pending.add(decoded.file());
        if (pending.size() == batchSize) {
          emit(pending, predict(batch, pending.size()), onPrediction);
          pending.clear();
        }
      }
    }
    if (!pending.isEmpty()) {
      emit(pending, predict(java.util.Arrays.copyOf(batch, pending.size() * pixels), pending.size()), onPrediction);
    }
  }

  private void emit(List<Path> files, float[][] rows, Consumer<Prediction> onPrediction) {
    for (int i = 0; i < files.size(); i++) {
      onPrediction.accept(prediction(files.get(i), rows[i]));
    }
  }

  private Prediction prediction(Path file, float[] row) {
    DecisionRule rule = decisionRule;
    double[] probabilities = new double[row.length];
    Map<String, Double> byClass = new LinkedHashMap<>();
    for (int i = 0; i < row.length; i++) {
      probabilities[i] = row[i];
      byClass.put(config.classes().get(i), probabilities[i]);
    }
    String predicted = config.classes().get(rule.predict(probabilities, config.classes()));
    return new Prediction(file, byClass, predicted, rule.describe());
  }

  /** The native graph, for persistence code in this package (SavedModel export). */
  Graph graph() {
    return graph;
  }

  /** The native session holding the variables' values, for persistence code in this package. */
  Session session() {
    return session;
  }

  /** The configuration the model was built with. */
  public ModelConfig config() {
    return config;
  }

  /**
   * Floating-point operations of one image's pass through the VGG16 base at this model's input size
   * (2 × multiply-adds of the thirteen 3×3 convolutions; 30.7 GFLOP at 224), the figure against which
   * a benchmark compares images per second with the machine's matrix-multiply ceiling.
   */
  public double baseFlopsPerImage() {
    double flops = 0;
    for (LayerSpec spec : specs) {
      if (spec.isConvolution()) {
        int[] k = spec.kernelShape();   // HWIO
        int side = config.inputSize() >> (spec.block() - 1);
        flops += 2.0 * side * side * k[0] * k[1] * k[2] * k[3];
      }
    }
    return flops;
  }

  /**
   * Runs one forward pass with TensorFlow's step statistics on and returns the time per layer, in
   * graph order: the per-layer figures a benchmark shows next to the machine's matrix-multiply
   * ceiling. The feature cache is not used. Tracing adds a little time of its own; compare layers
   * with each other, and whole runs without tracing.
   *
   * @param imagesNhwc {@code count} RGB images, NHWC, values in [0, 1], of the model's input size
   * @param count number of images
   * @return one entry per layer that ran, plus {@code other} for the rest
   */
  public List<LayerProfile> profile(float[] imagesNhwc, int count) {
    checkOpen();
    checkImages(imagesNhwc, count);
    org.tensorflow.proto.RunOptions options = org.tensorflow.proto.RunOptions.newBuilder()
        .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build();
    Map<String, Double> micros = new LinkedHashMap<>();
    micros.put("input_scaling", 0.0);
    for (LayerSpec spec : specs) {
      if (spec.isConvolution() && spec.name().endsWith("_conv1") && spec.block() > 1) {
        micros.put(VggArchitecture.poolName(spec.block() - 1), 0.0);
      }
      micros.put(spec.name(), 0.0);
      if (spec.name().equals("block5_conv3")) {
        micros.put(VggArchitecture.poolName(5), 0.0);
        micros.put("average_pooling2d", 0.0);
      }
    }
    micros.put("other", 0.0);
    try (TFloat32 images = imagesTensor(imagesNhwc, count);
        Result result = session.runner().setOptions(options).feed(vgg.images, images)
            .fetch(vgg.probabilities).runAndFetchMetadata()) {
      org.tensorflow.proto.RunMetadata metadata = result.getMetadata().orElseThrow(
          () -> new IllegalStateException("TensorFlow returned no step statistics"));
      for (org.tensorflow.proto.DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
        for (org.tensorflow.proto.NodeExecStats node : device.getNodeStatsList()) {
          String name = node.getNodeName();
          int slash = name.indexOf('/');
          String scope = slash > 0 ? name.substring(0, slash) : name;
          String key = micros.containsKey(scope) ? scope : "other";
          micros.merge(key, (double) node.getOpEndRelMicros(), Double::sum);
        }
      }
    }
    Map<String, Double> flops = new HashMap<>();
    for (LayerSpec spec : specs) {
      int[] k = spec.kernelShape();
      double perImage;
      if (spec.isConvolution()) {
        int side = config.inputSize() >> (spec.block() - 1);
        perImage = 2.0 * side * side * k[0] * k[1] * k[2] * k[3];
      } else {
        perImage = 2.0 * k[0] * k[1];
      }
      flops.put(spec.name(), perImage * count);
    }
    List<LayerProfile> profile = new ArrayList<>();
    micros.forEach((layer, us) -> {
      if (us > 0 || flops.containsKey(layer)) {
        profile.add(new LayerProfile(layer, us / 1000.0, flops.getOrDefault(layer, 0.0)));
      }
    });
    return profile;
  }

  /** The precision this model runs in: {@link Precision#FP32} or {@link Precision#BF16} (never AUTO). */
  public Precision precision() {
    return precision;
  }

  /** {@link ModelConfig#classes()}. */
  @Override
  public List<String> classes() {
    return config.classes();
  }

  /** {@link ModelConfig#inputSize()}. */
  @Override
  public int inputSize() {
    return config.inputSize();
  }

  /** Names of the layers with weights, in graph order: {@code block1_conv1} … {@code dense_1}. */
  public List<String> layerNames() {
    return specs.stream().map(LayerSpec::name).toList();
  }

  /** Names of the layers {@link #trainStep} updates: the head's and those of fine-tuned blocks. */
  public List<String> trainableLayerNames() {
    return specs.stream().filter(s -> s.trainsWith(config.fineTuning()))
        .map(LayerSpec::name).toList();
  }

  /** Shape of one image's base output (block 5 pool): {@code [s, s, 512]}, {@code s = inputSize / 32}. */
  public int[] baseOutputShape() {
    return new int[] {config.baseOutputSize(), config.baseOutputSize(), VggArchitecture.BASE_CHANNELS};
  }

  /**
   * Class probabilities, dropout off.
   *
   * @param imagesNhwc {@code count} RGB images, NHWC, values in [0, 1], of the model's input size
   * @param count number of images (all go through in one run)
   * @return {@code count} rows of {@code numClasses} probabilities in class order, each summing to 1
   */
  @Override
  public float[][] predict(float[] imagesNhwc, int count) {
    checkOpen();
    checkImages(imagesNhwc, count);
    float[] features = cachedFeatures(imagesNhwc, count);
    float[] flat;
    if (features == null) {
      flat = run(imagesNhwc, count, vgg.probabilities);
    } else {
      try (Fed fed = features(features, count);
          Result result = fed.into(session.runner()).fetch(vgg.probabilities).run()) {
        flat = read((TFloat32) result.get(0));
      }
    }
    int classes = config.numClasses();
    float[][] rows = new float[count][];
    for (int i = 0; i < count; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
    }
    return rows;
  }

  /**
   * The (frozen, by default) base's output for a batch: what the head sees before its pool.
   *
   * @param imagesNhwc {@code count} RGB images, NHWC, values in [0, 1], of the model's input size
   * @param count number of images
   * @return {@code count × s × s × 512} values, NHWC (see {@link #baseOutputShape()})
   */
  public float[] baseFeatures(float[] imagesNhwc, int count) {
    checkOpen();
    checkImages(imagesNhwc, count);
    float[] features = cachedFeatures(imagesNhwc, count);
    return features != null ? features : run(imagesNhwc, count, vgg.baseOutput);
  }

  /**
   * What the frozen-base feature cache did so far: base evaluations (counted with or without the
   * cache), hits, and what it holds. See {@link Builder#featureCacheBytes(long)}.
   *
   * @return the figures at this moment
   */
  public FeatureCacheStatistics featureCacheStatistics() {
    synchronized (featureCache) {
      return featureCache.statistics();
    }
  }

  /** One run of the whole graph on images (the base included), counted as base evaluations. */
  private float[] run(float[] imagesNhwc, int count, org.tensorflow.Operand<TFloat32> output) {
    try (TFloat32 images = imagesTensor(imagesNhwc, count);
        Result result = session.runner().feed(vgg.images, images).fetch(output).run()) {
      countBaseEvaluations(count);
      return read((TFloat32) result.get(0));
    }
  }

  private void countBaseEvaluations(int images) {
    synchronized (featureCache) {
      featureCache.countBaseEvaluations(images);
    }
  }

  /**
   * The base's output for each image, from the cache where held and from one base run over the
   * others (which are then kept while the budget allows); {@code null} when the cache is off.
   */
  private float[] cachedFeatures(float[] imagesNhwc, int count) {
    if (!featureCache.enabled()) {
      return null;
    }
    int imageValues = config.inputSize() * config.inputSize() * 3;
    int featureValues = featureValues();
    float[] out = new float[count * featureValues];
    FeatureCache.Key[] keys = new FeatureCache.Key[count];
    List<Integer> missing = new ArrayList<>();
    synchronized (featureCache) {
      for (int i = 0; i < count; i++) {
        keys[i] = FeatureCache.keyOf(imagesNhwc, i, imageValues);
        float[] held = featureCache.get(keys[i]);
        if (held == null) {
          missing.add(i);
        } else {
          System.arraycopy(held, 0, out, i * featureValues, featureValues);
        }
      }
    }
    if (missing.isEmpty()) {
      return out;
    }
    float[] images = imagesNhwc;
    if (missing.size() < count) {
      images = new float[missing.size() * imageValues];
      for (int m = 0; m < missing.size(); m++) {
        System.arraycopy(imagesNhwc, missing.get(m) * imageValues, images, m * imageValues, imageValues);
      }
    }
    float[] computed = run(images, missing.size(), vgg.baseOutput);
    synchronized (featureCache) {
      for (int m = 0; m < missing.size(); m++) {
        int i = missing.get(m);
        System.arraycopy(computed, m * featureValues, out, i * featureValues, featureValues);
        featureCache.put(keys[i], Arrays.copyOfRange(computed, m * featureValues, (m + 1) * featureValues));
      }
    }
    return out;
  }

  private int featureValues() {
    int s = config.baseOutputSize();
    return s * s * VggArchitecture.BASE_CHANNELS;
  }

  private static long defaultFeatureCacheBytes() {
    return (long) (Runtime.getRuntime().maxMemory() * DEFAULT_FEATURE_CACHE_HEAP_SHARE);
  }

  /** Keras names of the 13 convolution layers, {@code block1_conv1} … {@code block5_conv3}: Grad-CAM's targets. */
  public List<String> convolutionLayerNames() {
    return GradCamGraph.layers(vgg);
  }

  /**
   * Grad-CAM on a convolution layer's grid (Selvaraju et al. 2017), unnormalised, computed in this
   * model's graph with its current weights, dropout off: per image, with {@code A} the layer's output
   * (after ReLU) and {@code S} the chosen class's score, {@code α_k = mean_{y,x} ∂S/∂A[y, x, k]} and
   * {@code map = ReLU(Σ_k α_k A[:, :, k])}. The ops for a layer and score are added to the graph on
   * first use and reused. {@code io.github.covidxray.explain.GradCam} normalises, resizes and draws
   * these maps.
   *
   * @param imagesNhwc {@code count} RGB images, NHWC, values in [0, 1], of the model's input size
   * @param count number of images (one forward and backward pass for all)
   * @param layer a name from {@link #convolutionLayerNames()}, e.g. {@code block5_conv3}
   * @param classIndices per image, the index of the class whose score is explained
   * @param score the logit (the paper's choice) or the probability
   * @return {@code [count][h][w]} maps on the layer's grid ({@code h = w = inputSize / 2^(block−1)})
   * @throws IllegalArgumentException for an unknown layer (the message lists the convolution layers),
   *     a class index out of range or images of the wrong size
   */
  public float[][][] gradCam(float[] imagesNhwc, int count, String layer, int[] classIndices,
      ClassScore score) {
    GradCamGraph cam = gradCamGraph(layer, score);
    float[] flat = runGradCam(imagesNhwc, count, classIndices, cam, cam.maps);
    int side = layerSide(layer);
    float[][][] maps = new float[count][side][side];
    for (int i = 0, k = 0; i < count; i++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          maps[i][y][x] = flat[k++];
        }
      }
    }
    return maps;
  }

  /**
   * {@code ∂S/∂A} for each image, NHWC on the layer's grid: what Grad-CAM averages into its weights;
   * for tests of the head's coverage of the grid.
   */
  float[] scoreGradients(float[] imagesNhwc, int count, String layer, int[] classIndices,
      ClassScore score) {
    GradCamGraph cam = gradCamGraph(layer, score);
    return runGradCam(imagesNhwc, count, classIndices, cam, cam.gradients);
  }

  /** Side of a convolution layer's square output: the input halved once per earlier block. */
  int layerSide(String layer) {
    int block = specs.stream().filter(s -> s.name().equals(layer)).findFirst().orElseThrow().block();
    return config.inputSize() >> (block - 1);
  }

  private synchronized GradCamGraph gradCamGraph(String layer, ClassScore score) {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(score, "score");
    checkOpen();
    if (!vgg.convolutionOutputs.containsKey(layer)) {
      throw new IllegalArgumentException("Grad-CAM needs a convolution layer; '" + layer
          + "' is not one of this model's: " + convolutionLayerNames());
    }
    return gradCams.computeIfAbsent(GradCamGraph.key(layer, score),
        key -> GradCamGraph.build(graph, vgg, config.numClasses(), layer, score));
  }

  private float[] runGradCam(float[] imagesNhwc, int count, int[] classIndices, GradCamGraph cam,
      org.tensorflow.Operand<TFloat32> output) {
    checkOpen();
    checkImages(imagesNhwc, count);
    Objects.requireNonNull(classIndices, "classIndices");
    if (classIndices.length != count) {
      throw new IllegalArgumentException("classIndices has " + classIndices.length
          + " entries, expected one per image (" + count + ")");
    }
    int classes = config.numClasses();
    float[] mask = new float[count * classes];
    for (int i = 0; i < count; i++) {
      if (classIndices[i] < 0 || classIndices[i] >= classes) {
        throw new IllegalArgumentException("classIndices[" + i + "] = " + classIndices[i]
            + " is not a class index of " + config.classes());
      }
      mask[i * classes + classIndices[i]] = 1f;
    }
    try (TFloat32 images = imagesTensor(imagesNhwc, count);
        TFloat32 classMask = TFloat32.tensorOf(Shape.of(count, classes), DataBuffers.of(mask, true, false));
        Result result = session.runner().feed(vgg.images, images).feed(cam.classMask, classMask)
            .fetch(output).run()) {
      return read((TFloat32) result.get(0));
    }
  }

  /**
   * A Keras-style table of the layers ({@code model.summary()}): name and type, output shape, number
   * of parameters and whether training updates them, with the totals; then which part of the block-5
   * grid the head reads (see {@link ModelConfig#headCoveredSize()}), since a VALID pool that does not tile
   * the grid leaves the rest of the image without influence on the output.
   *
   * @return the table, lines separated by {@code \n}
   */
  public String summary() {
    return ModelSummary.of(config, specs);
  }

  /**
   * Adds the loss, accuracy and Adam update ops to the graph, once. Calling it again with the same
   * settings does nothing.
   *
   * <p>The loss is Keras's {@code binary_crossentropy} on the softmax output, as tf.keras 2.0–2.4 (the
   * TensorFlow 2 releases of the tutorial's time) computes it: probabilities clipped to
   * [ε, 1 − ε] with ε = 1e-7, per element {@code −(y·log(p + ε) + (1 − y)·log(1 − p + ε))}, averaged
   * over the class axis per image, multiplied by the image's sample weight and summed, then divided by
   * the batch size (Keras's {@code sum_over_batch_size}). Later tf.keras versions (2.6 at least)
   * instead apply a sigmoid cross-entropy to the softmax's logits when the output carries them, a
   * different number; this model reproduces the former.
   *
   * <p>Accuracy is the fraction of images whose most probable class is the labelled one, unweighted.
   * That is Keras's {@code categorical_accuracy}, which tf.keras ≥ 2.2 uses for
   * {@code metrics=["accuracy"]} with a 2-unit output; tf.keras 2.0/2.1 used {@code binary_accuracy}
   * (per element {@code p > 0.5} against the one-hot label, averaged), which for two softmax outputs
   * gives the same 1 or 0 per image, except at an exact tie (0.5, 0.5) where it counts 0.5 and argmax
   * picks the first class.
   *
   * @param settings Adam's constants ({@link AdamSettings#keras()} for the tutorial)
   * @throws IllegalStateException if already compiled with other settings
   */
  @Override
  public synchronized void compile(AdamSettings settings) {
    Objects.requireNonNull(settings, "settings");
    checkOpen();
    if (training != null) {
      if (!settings.equals(adamSettings)) {
        throw new IllegalStateException("model already compiled with " + adamSettings
            + "; build a new model to train with " + settings);
      }
      return;
    }
    TrainingGraph built = TrainingGraph.build(graph, vgg, config, settings);
    session.run(built.optimizerInitializer);
    training = built;
    adamSettings = settings;
    LOG.info("Compiled for training with {}; trainable layers: {}", settings, built.trainableLayers);
  }

  /** Whether {@link #compile} has been called. */
  @Override
  public synchronized boolean isCompiled() {
    return training != null;
  }

  /**
   * One training step: forward pass with dropout active, loss and accuracy of that forward pass, and
   * an Adam update of the trainable layers.
   *
   * @param batch images and one-hot labels of the model's input size and classes; sample weights
   *     scale each image's loss ({@code null} = 1)
   * @param learningRate this step's learning rate (≥ 0), e.g. after Keras's time-based decay
   * @return the batch's loss and accuracy before the update, as Keras reports them for the step
   * @throws IllegalStateException if the model is not compiled
   */
  @Override
  public synchronized StepResult trainStep(Batch batch, float learningRate) {
    checkCompiled();
    checkBatch(batch);
    if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite and >= 0, got " + learningRate);
    }
    dropoutStep++;
    try (Fed input = inputTensor(batch);
        TFloat32 labels = labelsTensor(batch);
        TFloat32 weights = sampleWeightsTensor(batch);
        TFloat32 lr = TFloat32.scalarOf(learningRate);
        TBool on = TBool.scalarOf(true);
        TInt64 seed = TInt64.vectorOf(config.seed(), dropoutStep);
        Result result = input.into(session.runner())
            .feed(training.labels, labels)
            .feed(training.sampleWeights, weights)
            .feed(training.learningRate, lr)
            .feed(vgg.training, on)
            .feed(vgg.dropoutSeed, seed)
            .fetch(training.loss)
            .fetch(training.accuracy)
            .addTarget(training.trainOp)
            .run()) {
      return stepResult(result);
    }
  }

  /**
   * Loss and accuracy of a batch without updating anything, dropout off (Keras's
   * {@code evaluate}/validation).
   *
   * @param batch images and one-hot labels; sample weights as in {@link #trainStep}
   * @return the batch's loss and accuracy
   * @throws IllegalStateException if the model is not compiled
   */
  @Override
  public synchronized StepResult evaluate(Batch batch) {
    checkCompiled();
    checkBatch(batch);
    try (Fed input = inputTensor(batch);
        TFloat32 labels = labelsTensor(batch);
        TFloat32 weights = sampleWeightsTensor(batch);
        Result result = input.into(session.runner())
            .feed(training.labels, labels)
            .feed(training.sampleWeights, weights)
            .fetch(training.loss)
            .fetch(training.accuracy)
            .run()) {
      return stepResult(result);
    }
  }

  /**
   * Number of Adam updates applied so far (Keras's {@code optimizer.iterations}); 0 before
   * {@link #compile}.
   */
  public synchronized long iterations() {
    checkOpen();
    if (training == null) {
      return 0;
    }
    try (Result result = session.runner().fetch(training.iterations).run()) {
      return ((TInt64) result.get(0)).getLong();
    }
  }

  /**
   * The current weights of one layer.
   *
   * @param layerName a Keras layer name from {@link #layerNames()}
   * @return its kernel (Keras layout) and bias
   */
  public LayerWeights layerWeights(String layerName) {
    checkOpen();
    VggGraph.LayerVariables v = vgg.layers.get(layerName);
    if (v == null) {
      throw new IllegalArgumentException("no layer '" + layerName + "'; layers: " + layerNames());
    }
    try (Result result = session.runner().fetch(v.kernel()).fetch(v.bias()).run()) {
      return new LayerWeights(layerName, v.spec().kernelShape(), read((TFloat32) result.get(0)),
          read((TFloat32) result.get(1)));
    }
  }

  /** Every layer's current weights, in graph order (same as {@code snapshot().layers()}). */
  public Map<String, LayerWeights> weights() {
    return snapshot().layers();
  }

  /** A copy of every layer's current weights, e.g. to restore the best epoch's weights later. */
  @Override
  public WeightSnapshot snapshot() {
    checkOpen();
    Session.Runner runner = session.runner();
    for (VggGraph.LayerVariables v : vgg.layers.values()) {
      runner.fetch(v.kernel()).fetch(v.bias());
    }
    Map<String, LayerWeights> layers = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      int i = 0;
      for (VggGraph.LayerVariables v : vgg.layers.values()) {
        float[] kernel = read((TFloat32) result.get(i++));
        float[] bias = read((TFloat32) result.get(i++));
        layers.put(v.spec().name(), new LayerWeights(v.spec().name(), v.spec().kernelShape(), kernel, bias));
      }
    }
    return new WeightSnapshot(layers);
  }

  /**
   * Sets every layer's weights from a snapshot of this architecture. The snapshot is checked first
   * (every layer present, no other, shapes equal), so on error nothing changes. Adam's state is kept,
   * as with Keras's {@code set_weights}.
   *
   * @param snapshot the weights to set, e.g. from {@link #snapshot()}
   * @throws WeightsFileException naming the layer and the shapes on a mismatch
   */
  @Override
  public synchronized void restore(WeightSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    checkOpen();
    List<String> extra = snapshot.layers().keySet().stream()
        .filter(name -> !vgg.layers.containsKey(name)).toList();
    if (!extra.isEmpty()) {
      throw new WeightsFileException(null, extra.get(0), null, null,
          "snapshot has layers this model does not have: " + extra + "; model layers: " + layerNames(),
          null);
    }
    assign(snapshot.layers());
  }

  /**
   * Writes the current weights as a Keras HDF5 file in the {@code save_weights} layout (weight names
   * {@code <layer>/kernel:0}, {@code <layer>/bias:0}), loadable with {@link VggWeights#file(Path)} and
   * by Keras's {@code model.load_weights} into the same architecture. Written to a temporary sibling
   * and moved into place.
   *
   * @param file the {@code .h5} file to write
   * @throws IOException if it cannot be written
   */
  public void saveWeights(Path file) throws IOException {
    List<KerasLayer> layers = new ArrayList<>();
    for (LayerWeights w : snapshot().layers().values()) {
      layers.add(new KerasLayer(w.layer(), List.of(
          new KerasWeight(w.layer() + "/kernel:0", w.kernelShape(), w.kernel()),
          new KerasWeight(w.layer() + "/bias:0", w.biasShape(), w.bias()))));
    }
    KerasWeightsFile.write(file, layers);
  }

  /** Releases the native session and graph; further calls fail. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (featureCache) {
      featureCache.clear();
    }
    try {
      session.close();
    } finally {
      graph.close();
    }
  }

  /** Checks everything first, then sets all given layers in one session run. */
  private void assign(Map<String, LayerWeights> values) {
    List<String> missing = specs.stream().map(LayerSpec::name)
        .filter(name -> !values.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      LayerSpec first = specs.stream().filter(s -> s.name().equals(missing.get(0))).findFirst()
          .orElseThrow();
      throw new WeightsFileException(null, first.name(), first.kernelShape(),
          null, "no weights for layers " + missing, null);
    }
    for (LayerSpec spec : specs) {
      LayerWeights w = values.get(spec.name());
      if (!Arrays.equals(spec.kernelShape(), w.kernelShape())) {
        throw new WeightsFileException(null, spec.name(), spec.kernelShape(),
            w.kernelShape(), "layer '" + spec.name() + "': kernel has shape "
                + Arrays.toString(w.kernelShape()) + ", expected " + Arrays.toString(spec.kernelShape()),
            null);
      }
    }
    vgg.assign(session, values);
  }

  /**
   * What a training or evaluation run is fed: the base's output when the batch is not augmented and
   * the cache is on (so the run starts at the head), else the images (counted as base evaluations).
   */
  private Fed inputTensor(Batch batch) {
    float[] features = batch.augmented() ? null : cachedFeatures(batch.images(), batch.size());
    if (features != null) {
      return features(features, batch.size());
    }
    countBaseEvaluations(batch.size());
    return new Fed(vgg, imagesTensor(batch.images(), batch.size()), null);
  }

  private Fed features(float[] features, int count) {
    int s = config.baseOutputSize();
    return new Fed(vgg, TFloat32.tensorOf(Shape.of(count, s, s, VggArchitecture.BASE_CHANNELS),
        DataBuffers.of(features, true, false)), TInt32.vectorOf(count));
  }

  /**
   * A run's input: images, or the base's output for them plus the batch size the dropout mask needs
   * (then the base does not run).
   */
  private record Fed(VggGraph vgg, TFloat32 tensor, TInt32 batchSize) implements AutoCloseable {
    Session.Runner into(Session.Runner runner) {
      if (batchSize == null) {
        return runner.feed(vgg.images, tensor);
      }
      return runner.feed(vgg.baseOutput, tensor).feed(vgg.dropoutBatch, batchSize);
    }

    @Override
    public void close() {
      tensor.close();
      if (batchSize != null) {
        batchSize.close();
      }
    }
  }

  private TFloat32 imagesTensor(float[] images, int count) {
    int s = config.inputSize();
    return TFloat32.tensorOf(Shape.of(count, s, s, 3), DataBuffers.of(images, true, false));
  }

  private TFloat32 labelsTensor(Batch batch) {
    return TFloat32.tensorOf(Shape.of(batch.size(), batch.numClasses()),
        DataBuffers.of(batch.labels(), true, false));
  }

  private static TFloat32 sampleWeightsTensor(Batch batch) {
    float[] weights = batch.sampleWeights();
    if (weights == null) {
      weights = new float[batch.size()];
      Arrays.fill(weights, 1f);
    }
    return TFloat32.tensorOf(Shape.of(batch.size()), DataBuffers.of(weights, true, false));
  }

  private static float[] read(TFloat32 tensor) {
    float[] values = new float[Math.toIntExact(tensor.size())];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  private static StepResult stepResult(Result result) {
    return new StepResult(((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat());
  }

  private void checkImages(float[] images, int count) {
    Objects.requireNonNull(images, "imagesNhwc");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive, got " + count);
    }
    int s = config.inputSize();
    long expected = (long) count * s * s * 3;
    if (images.length != expected) {
      throw new IllegalArgumentException(String.format(
          "imagesNhwc has %d values, expected %d (%d images x %d x %d x 3, the model's input size)",
          images.length, expected, count, s, s));
    }
  }

  private void checkBatch(Batch batch) {
    Objects.requireNonNull(batch, "batch");
    if (batch.height() != config.inputSize() || batch.width() != config.inputSize()) {
      throw new IllegalArgumentException(String.format(
          "batch images are %dx%d, the model's input size is %dx%d",
          batch.height(), batch.width(), config.inputSize(), config.inputSize()));
    }
    if (batch.numClasses() != config.numClasses()) {
      throw new IllegalArgumentException(String.format(
          "batch labels have %d classes, the model has %d %s",
          batch.numClasses(), config.numClasses(), config.classes()));
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
  }

  private void checkCompiled() {
    checkOpen();
    if (training == null) {
      throw new IllegalStateException("call compile(AdamSettings) before training or evaluating");
    }
  }

  /**
   * Builds a {@link VggTransferModel}. Defaults are the tutorial's: input 224, ImageNet weights,
   * head of 64 units with a 4×4 pool and dropout 0.5, {@link InputScaling#UNIT}, base frozen; seed 42.
   * Class names have no default and must be given.
   */
  public static final class Builder {

    private int inputSize = 224;
    private VggWeights weights = null;
    private int headUnits = 64;
    private int headPoolSize = 4;
    private double dropout = 0.5;
    private List<String> classes;
    private InputScaling inputScaling = InputScaling.UNIT;
    private FineTuning fineTuning = FineTuning.headOnly();
    private long seed = 42;
    private Precision precision = Precision.FP32;
    private BaseLayout layout;
    private int intraOpThreads;
    private int interOpThreads;
    private Supplier<Set<String>> cpuFeatures = CpuFeatures::current;
    private long featureCacheBytes = -1;

    private Builder() {}

    /**
     * Copies every setting of a configuration (not the weights), e.g. to rebuild a saved model.
     *
     * @param config the configuration to copy
     * @return this builder
     */
    public Builder config(ModelConfig config) {
      inputSize = config.inputSize();
      headUnits = config.headUnits();
      headPoolSize = config.headPoolSize();
      dropout = config.dropout();
      classes = config.classes();
      inputScaling = config.inputScaling();
      fineTuning = config.fineTuning();
      seed = config.seed();
      return this;
    }

    /**
     * Side of the square input in pixels (default 224); at least 32 and a multiple of 32.
     *
     * @param inputSize the side
     * @return this builder
     */
    public Builder inputSize(int inputSize) {
      this.inputSize = inputSize;
      return this;
    }

    /**
     * Where the initial weights come from (default {@link VggWeights#imagenet()}, as the tutorial).
     *
     * @param weights the source
     * @return this builder
     */
    public Builder weights(VggWeights weights) {
      this.weights = Objects.requireNonNull(weights, "weights");
      return this;
    }

    /**
     * Units of the head's hidden dense layer (default 64).
     *
     * @param headUnits positive
     * @return this builder
     */
    public Builder headUnits(int headUnits) {
      this.headUnits = headUnits;
      return this;
    }

    /**
     * Requested side of the head's average pool (default 4); the pool used is
     * {@code min(headPoolSize, inputSize / 32)} (see {@link ModelConfig}).
     *
     * @param headPoolSize positive
     * @return this builder
     */
    public Builder headPoolSize(int headPoolSize) {
      this.headPoolSize = headPoolSize;
      return this;
    }

    /**
     * Dropout rate between the head's dense layers (default 0.5); 0 removes the dropout.
     *
     * @param dropout in [0, 1)
     * @return this builder
     */
    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /**
     * Class names in output order (required), e.g. {@code List.of("covid", "normal")}, the sorted
     * order the data loader's one-hot labels use.
     *
     * @param classes at least two distinct names
     * @return this builder
     */
    public Builder classes(List<String> classes) {
      this.classes = List.copyOf(classes);
      return this;
    }

    /**
     * How inputs in [0, 1] are scaled inside the graph (default {@link InputScaling#UNIT}).
     *
     * @param inputScaling the scaling
     * @return this builder
     */
    public Builder inputScaling(InputScaling inputScaling) {
      this.inputScaling = Objects.requireNonNull(inputScaling, "inputScaling");
      return this;
    }

    /**
     * Which layers train (default {@link FineTuning#headOnly()}, the whole base frozen, as the
     * tutorial); {@code FineTuning.fromBlock(5)} also fine-tunes block 5.
     *
     * @param fineTuning the trained layers
     * @return this builder
     */
    public Builder fineTuning(FineTuning fineTuning) {
      this.fineTuning = Objects.requireNonNull(fineTuning, "fineTuning");
      return this;
    }

    /**
     * Seed of the random initialisation and of the dropout masks (default 42).
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The arithmetic to run in (default {@link Precision#FP32}, the tutorial). {@link Precision#AUTO}
     * picks bfloat16 where the CPU has AVX512_BF16 or AMX and logs which it chose.
     *
     * @param precision the precision
     * @return this builder
     */
    public Builder precision(Precision precision) {
      this.precision = Objects.requireNonNull(precision, "precision");
      return this;
    }

    /**
     * Threads TensorFlow uses inside one operation (e.g. a convolution) and across independent
     * operations; 0 (the default) lets TensorFlow choose (all cores).
     *
     * @param intraOp threads per operation, at least 0
     * @param interOp operations run in parallel, at least 0
     * @return this builder
     */
    public Builder threads(int intraOp, int interOp) {
      this.intraOpThreads = intraOp;
      this.interOpThreads = interOp;
      return this;
    }

    /**
     * Heap the frozen-base feature cache may take (default {@link #DEFAULT_FEATURE_CACHE_HEAP_SHARE}
     * of the maximum heap); 0 turns it off. While the whole base is frozen, the base's output for an
     * image that is not augmented (validation and test images, training images without augmentation)
     * is kept, so that image goes through the 30-GFLOP base once instead of once per epoch; results
     * are the same as without the cache. Past the budget, further images are computed every time.
     * With fine-tuning the cache is off, as the base changes.
     *
     * @param bytes at least 0
     * @return this builder
     */
    public Builder featureCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("featureCacheBytes must be at least 0, got " + bytes);
      }
      this.featureCacheBytes = bytes;
      return this;
    }

    /** The base's layout instead of the precision's preferred one (tests compare layouts). */
    Builder baseLayout(BaseLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /** Where the CPU's feature flags come from (tests inject a CPU without bfloat16). */
    Builder cpuFeatures(Supplier<Set<String>> source) {
      this.cpuFeatures = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * The configuration these settings give, validated, without building anything or reading any
     * weights: how to check settings before slow work starts.
     *
     * @return the configuration {@link #build()} would use
     * @throws IllegalArgumentException for an invalid setting (the message names it)
     */
    public ModelConfig toConfig() {
      if (classes == null) {
        throw new IllegalArgumentException(
            "classes must be set, e.g. classes(List.of(\"covid\", \"normal\")) in label order");
      }
      return new ModelConfig(inputSize, classes, headUnits, headPoolSize, dropout, inputScaling, fineTuning,
          seed, weightsSource().description());
    }

    /**
     * Reads a weights file given by path ({@link VggWeights#file}) and checks it against these
     * settings' layers, without building the model: how to find a wrong file before slow work starts.
     * Other weights sources are not touched (ImageNet weights may need a download).
     *
     * @throws IllegalArgumentException for an invalid setting
     * @throws WeightsFileException naming the file, layer and shapes when the file does not fit
     */
    public void checkWeights() {
      if (weightsSource() instanceof VggWeights.File file) {
        KerasWeightsMapping.load(file.path(), VggArchitecture.layers(toConfig()));
      }
    }

    private VggWeights weightsSource() {
      return weights != null ? weights : VggWeights.imagenet();
    }

    /**
     * Validates the settings, resolves and checks the weights, then builds the graph and sets every
     * layer. Nothing native is left open when this throws.
     *
     * @return the model; close it
     * @throws IllegalArgumentException for an invalid setting (the message names it)
     * @throws io.github.covidxray.model.WeightsFileException for a weights file that does not fit
     * @throws io.github.covidxray.model.WeightsDownloadException if the ImageNet file is neither cached
     *     nor downloadable
     */
    public VggTransferModel build() {
      VggWeights source = weightsSource();
      ModelConfig config = toConfig();
      List<LayerSpec> specs = VggArchitecture.layers(config);
      Map<String, LayerWeights> loaded;
      if (source instanceof VggWeights.ImageNet imageNet) {
        loaded = KerasWeightsMapping.load(imageNet.repository().resolve(imageNet.file()), specs);
      } else if (source instanceof VggWeights.File file) {
        loaded = KerasWeightsMapping.load(file.path(), specs);
      } else {
        loaded = Map.of();
      }
      Map<String, LayerWeights> initial = new LinkedHashMap<>();
      for (int i = 0; i < specs.size(); i++) {
        LayerSpec spec = specs.get(i);
        LayerWeights w = loaded.get(spec.name());
        if (w == null && source instanceof VggWeights.RandomFeatures random && !spec.isHead()) {
          w = HeNormal.initialize(spec, i, random.seed());
        }
        initial.put(spec.name(), w != null ? w : GlorotUniform.initialize(spec, i, seed));
      }
      Precision resolved = precision.resolve(cpuFeatures.get());
      Execution execution = layout != null
          ? new Execution(resolved, layout, intraOpThreads, interOpThreads)
          : new Execution(resolved, intraOpThreads, interOpThreads);
      VggTransferModel model = create(config, execution, specs, initial,
          featureCacheBytes >= 0 ? featureCacheBytes : defaultFeatureCacheBytes());
      LOG.info("Built VGG16 transfer model: input {}x{} ({} scaling), classes {}, head {} units, pool {},"
              + " dropout {}, weights {}, trainable {}",
          inputSize, inputSize, inputScaling, config.classes(), headUnits,
          config.effectiveHeadPoolSize(), dropout, source.description(), model.trainableLayerNames());
      LOG.info("Running in {} (asked for {}), base layout {}, {}", execution.precision(), precision,
          execution.layout(), execution.threadsDescription());
      return model;
    }
  }
}
