package io.github.covidxray.train;

import io.github.covidxray.data.Augmentation;
import io.github.covidxray.data.Batch;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.RandomRotation;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.StepResult;
import io.github.covidxray.model.TrainableModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link TrainableModel} (such as {@link io.github.covidxray.model.VggTransferModel}) the
 * way the tutorial's {@code model.fit_generator} does: a fresh shuffle each epoch,
 * {@code training size / batch size} steps (rounded down) of augmented batches, Adam with Keras's
 * time-based decay, and a full pass over the validation set after every epoch.
 *
 * <p>A trainer is immutable and can fit several models; each {@link #fit} call is seeded from the
 * configuration, so the same seed and data on the same machine give the same history.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().epochs(25).batchSize(8).learningRate(1e-3)
 *     .listener(new ConsoleProgress(System.out)).build();
 * TrainingHistory history = trainer.fit(model, split.train(), split.test());
 * }</pre>
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /** The tutorial's number of epochs. */
  public static final int DEFAULT_EPOCHS = 25;
  /** The tutorial's batch size. */
  public static final int DEFAULT_BATCH_SIZE = 8;
  /** The tutorial's initial learning rate (Adam). */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  /** The tutorial's seed of the shuffles and augmentation. */
  public static final long DEFAULT_SEED = 42;
  /** The tutorial's augmentation: random rotations of up to this many degrees. */
  public static final double DEFAULT_ROTATION_DEGREES = 15;

  private final TrainingConfig config;
  private final List<TrainingListener> listeners;

  private Trainer(TrainingConfig config, List<TrainingListener> listeners) {
    this.config = config;
    this.listeners = List.copyOf(listeners);
  }

  /** A builder with the tutorial's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** This trainer's configuration. */
  public TrainingConfig config() {
    return config;
  }

  /** The listeners called during {@link #fit}, in the order they were added. */
  public List<TrainingListener> listeners() {
    return listeners;
  }

  /**
   * Trains the model's trainable layers on {@code train}, validating on {@code validation} after every
   * epoch.
   *
   * @return one record per epoch that ran (fewer than planned if a listener stopped training)
   * @throws IllegalArgumentException if the data sets do not match the model (classes, image size) or the
   *     training set is smaller than one batch
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public TrainingHistory fit(TrainableModel model, ImageDataset train, ImageDataset validation) {
    Objects.requireNonNull(validation, "validation (use fit(model, train) to train without one)");
    return run(model, train, validation);
  }

  /**
   * Trains without validation; the history's validation figures are NaN, so early stopping and
   * checkpoints must then monitor training figures.
   */
  public TrainingHistory fit(TrainableModel model, ImageDataset train) {
    return run(model, train, null);
  }

  private TrainingHistory run(TrainableModel model, ImageDataset train, ImageDataset validation) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(train, "train");
    checkCompatible(model, train, "training");
    if (validation != null) {
      checkCompatible(model, validation, "validation");
    }
    int stepsPerEpoch = stepsPerEpoch(train.size());
    if (validation != null && validation.size() == 0) {
      throw new IllegalArgumentException("the validation set is empty");
    }
    float[] classWeight = toFloats(config.classWeights().isUniform()
        ? null : config.classWeights().resolve(train.classNames(), train.classCounts()));

    model.compile(config.adam());
    TrainingContext context = new TrainingContext(model, config, stepsPerEpoch);
    SplittableRandom random = new SplittableRandom(config.seed());
    LOG.info("training {} epochs of {} steps (batch size {}, {} training / {} validation images)",
        config.epochs(), stepsPerEpoch, config.batchSize(), train.size(),
        validation == null ? 0 : validation.size());
    listeners.forEach(l -> l.onTrainingStart(context));

    List<EpochRecord> records = new ArrayList<>();
    long iterations = 0;
    int[] order = identity(train.size());
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      final int currentEpoch = epoch;
      listeners.forEach(l -> l.onEpochStart(context, currentEpoch));
      long start = System.nanoTime();
      shuffle(order, random);
      train.prefetch(Arrays.copyOf(order, stepsPerEpoch * config.batchSize())); // streaming: decode ahead
      double lossSum = 0;
      double accuracySum = 0;
      for (int step = 1; step <= stepsPerEpoch; step++) {
        int[] indices = Arrays.copyOfRange(
            order, (step - 1) * config.batchSize(), step * config.batchSize());
        Batch batch = withClassWeights(train.batch(indices, config.augmentation(), random), classWeight);
        double learningRate = config.schedule().rateAt(iterations);
        StepResult result = model.trainStep(batch, (float) learningRate);
        iterations++;
        if (!Double.isFinite(result.loss())) {
          throw new TrainingDivergedException(epoch, step, result.loss());
        }
        lossSum += result.loss();
        accuracySum += result.accuracy();
        StepProgress progress = new StepProgress(epoch, step, stepsPerEpoch, lossSum / step,
            accuracySum / step, learningRate, Duration.ofNanos(System.nanoTime() - start));
        listeners.forEach(l -> l.onStepEnd(context, progress));
      }
      double valLoss = Double.NaN;
      double valAccuracy = Double.NaN;
      if (validation != null) {
        StepResult validated = evaluate(model, validation, config.batchSize());
        valLoss = validated.loss();
        valAccuracy = validated.accuracy();
      }
      EpochRecord record = new EpochRecord(epoch, lossSum / stepsPerEpoch, accuracySum / stepsPerEpoch,
          valLoss, valAccuracy, config.schedule().rateAt(iterations),
          Duration.ofNanos(System.nanoTime() - start));
      records.add(record);
      context.recordEpoch(record);
      listeners.forEach(l -> l.onEpochEnd(context, record));
      if (context.stopRequested()) {
        LOG.info("training stopped after epoch {}: {}", epoch, context.stopReason().orElseThrow());
        break;
      }
    }
    TrainingHistory history = TrainingHistory.of(records);
    listeners.forEach(l -> l.onTrainingEnd(context, history));
    return history;
  }

  /**
   * Steps per epoch for a training set of this size: {@code trainingImages / batchSize}, rounded down,
   * as Keras's {@code fit_generator(steps_per_epoch=len(trainX) // BS)}. Call it to check a training set
   * before anything slow runs; {@link #fit} checks the same way.
   *
   * @param trainingImages images in the training set
   * @return at least 1
   * @throws IllegalArgumentException if the set is smaller than one batch (the message names
   *     {@code batchSize})
   */
  public int stepsPerEpoch(int trainingImages) {
    if (trainingImages < config.batchSize()) {
      throw new IllegalArgumentException(String.format(
          "the training part has %d images, fewer than one batch of %d: lower the batchSize or add images",
          trainingImages, config.batchSize()));
    }
    return trainingImages / config.batchSize();
  }

  /**
   * Loss and accuracy of the model on a whole data set, without augmentation, dropout or weights:
   * the figures Keras reports as {@code val_loss} and {@code val_accuracy}. The data set is walked in
   * {@link ImageDataset#batches(int)} and each batch's figures weighted by its size.
   *
   * @throws IllegalArgumentException if {@code batchSize} is below 1
   */
  public static StepResult evaluate(TrainableModel model, ImageDataset data, int batchSize) {
    double lossSum = 0;
    double correct = 0;
    for (Batch batch : data.batches(batchSize)) {
      StepResult result = model.evaluate(batch);
      lossSum += result.loss() * batch.size();
      correct += result.accuracy() * batch.size();
    }
    return new StepResult((float) (lossSum / data.size()), (float) (correct / data.size()));
  }

  private static void checkCompatible(TrainableModel model, ImageDataset data, String role) {
    List<String> modelClasses = model.classes();
    if (!modelClasses.equals(data.classNames())) {
      throw new IllegalArgumentException(String.format(
          "the %s set's classes %s differ from the model's classes %s", role, data.classNames(), modelClasses));
    }
    if (data.imageSize() != model.inputSize()) {
      throw new IllegalArgumentException(String.format(
          "the %s set's images are %dx%d but the model expects %dx%d; load the data with imageSize(%d)",
          role, data.imageSize(), data.imageSize(), model.inputSize(), model.inputSize(), model.inputSize()));
    }
  }

  private static Batch withClassWeights(Batch batch, float[] classWeight) {
    if (classWeight == null) {
      return batch;
    }
    float[] weights = new float[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      for (int c = 0; c < batch.numClasses(); c++) {
        if (batch.labels()[i * batch.numClasses() + c] == 1f) {
          weights[i] = classWeight[c];
        }
      }
    }
    return new Batch(batch.images(), batch.labels(), weights, batch.size(), batch.height(), batch.width(),
        batch.numClasses(), batch.augmented());
  }

  private static float[] toFloats(double[] values) {
    if (values == null) {
      return null;
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** Builds a {@link Trainer}; every default is the tutorial's. */
  public static final class Builder {
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private Double decay;
    private AdamSettings adam = AdamSettings.keras();
    private Augmentation augmentation = RandomRotation.ofDegrees(DEFAULT_ROTATION_DEGREES);
    private ClassWeights classWeights = ClassWeights.none();
    private long seed = DEFAULT_SEED;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Number of epochs (default 25). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Images per step (default 8). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Initial learning rate (default 1e-3). */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Keras's time-based decay per update (default learning rate / epochs, as the tutorial). */
    public Builder decay(double decay) {
      this.decay = decay;
      return this;
    }

    /** Adam's constants (default Keras's: 0.9, 0.999, 1e-7). */
    public Builder adam(AdamSettings adam) {
      this.adam = adam;
      return this;
    }

    /** Augmentation of training batches (default a random rotation of up to 15 degrees). */
    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = augmentation;
      return this;
    }

    /** Per-class loss weights (default none). */
    public Builder classWeights(ClassWeights classWeights) {
      this.classWeights = classWeights;
      return this;
    }

    /** Seed of the shuffles and augmentation (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Adds a listener; listeners are called in the order added. */
    public Builder listener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public Trainer build() {
      TimeBasedDecay schedule = decay == null
          ? TimeBasedDecay.tutorial(learningRate, epochs)
          : new TimeBasedDecay(learningRate, decay);
      return new Trainer(
          new TrainingConfig(epochs, batchSize, schedule, adam, augmentation, classWeights, seed), listeners);
    }
  }
}
