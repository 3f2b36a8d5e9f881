package io.github.covidxray.train;

import io.github.covidxray.data.Batch;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.LayerWeights;
import io.github.covidxray.model.StepResult;
import io.github.covidxray.model.TrainableModel;
import io.github.covidxray.model.TrainingSummary;
import io.github.covidxray.model.WeightSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A pure-Java {@link TrainableModel}, no TensorFlow, that records every call, to show that training,
 * its listeners and cross-validation need nothing but the interface.
 *
 * <p>Its one "weight" is the number of training steps taken so far. A training step's loss is that
 * step's number (1, 2, 3, …) unless {@code trainLoss} says otherwise; validation returns
 * {@code validationLoss(weight)} and an accuracy of {@code 1 / batch size}, so a weighted mean over
 * batches can be told from a plain one. It predicts p(class 0) = the mean pixel of the image.
 */
public final class FakeTrainableModel implements TrainableModel {

  /** The name of the fake's one layer. */
  public static final String LAYER = "steps";

  private final List<String> classes;
  private final int inputSize;
  private final IntToDoubleFunction trainLoss;
  private final IntToDoubleFunction validationLoss;

  private AdamSettings compiledWith;
  private int compileCalls;
  private int steps;
  private boolean closed;
  private final List<Float> learningRates = new ArrayList<>();
  private final List<Integer> trainBatchSizes = new ArrayList<>();
  private final List<Integer> evaluateBatchSizes = new ArrayList<>();
  private final List<Integer> restoredSteps = new ArrayList<>();
  private final List<TrainingSummary> savedSummaries = new ArrayList<>();
  private final List<Path> savedTo = new ArrayList<>();
  private TrainingSummary summary;

  /**
   * @param classes class names in output order
   * @param inputSize image side in pixels
   * @param trainLoss loss of the training step with this 1-based number
   * @param validationLoss validation loss after this many training steps
   */
  public FakeTrainableModel(List<String> classes, int inputSize, IntToDoubleFunction trainLoss,
      IntToDoubleFunction validationLoss) {
    this.classes = List.copyOf(classes);
    this.inputSize = inputSize;
    this.trainLoss = trainLoss;
    this.validationLoss = validationLoss;
  }

  /** Step losses 1, 2, 3, …; validation loss 1 / (1 + steps). */
  public FakeTrainableModel(List<String> classes, int inputSize) {
    this(classes, inputSize, step -> step, steps -> 1.0 / (1 + steps));
  }

  @Override
  public List<String> classes() {
    return classes;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public void compile(AdamSettings settings) {
    checkOpen();
    compileCalls++;
    if (compiledWith != null && !compiledWith.equals(settings)) {
      throw new IllegalStateException("already compiled with " + compiledWith);
    }
    compiledWith = settings;
  }

  @Override
  public boolean isCompiled() {
    return compiledWith != null;
  }

  @Override
  public StepResult trainStep(Batch batch, float learningRate) {
    checkCompiled();
    learningRates.add(learningRate);
    trainBatchSizes.add(batch.size());
    steps++;
    return new StepResult((float) trainLoss.applyAsDouble(steps), 0.5f);
  }

  @Override
  public StepResult evaluate(Batch batch) {
    checkCompiled();
    evaluateBatchSizes.add(batch.size());
    return new StepResult((float) validationLoss.applyAsDouble(steps), 1f / batch.size());
  }

  @Override
  public float[][] predict(float[] imagesNhwc, int count) {
    checkOpen();
    int perImage = inputSize * inputSize * Batch.CHANNELS;
    float[][] rows = new float[count][];
    for (int i = 0; i < count; i++) {
      double sum = 0;
      for (int j = 0; j < perImage; j++) {
        sum += imagesNhwc[i * perImage + j];
      }
      float first = (float) (sum / perImage);
      rows[i] = new float[classes.size()];
      rows[i][0] = first;
      rows[i][1] = 1f - first;
    }
    return rows;
  }

  @Override
  public WeightSnapshot snapshot() {
    checkOpen();
    return WeightSnapshot.of(List.of(new LayerWeights(LAYER, new int[] {1, 1}, new float[] {steps}, new float[1])));
  }

  @Override
  public void restore(WeightSnapshot snapshot) {
    checkOpen();
    steps = (int) snapshot.layer(LAYER).kernel()[0];
    restoredSteps.add(steps);
  }

  @Override
  public void setTrainingSummary(TrainingSummary summary) {
    this.summary = summary;
  }

  @Override
  public void save(Path directory) {
    checkOpen();
    savedTo.add(directory);
    savedSummaries.add(summary);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** The settings of the first {@link #compile} call, or null. */
  public AdamSettings compiledWith() {
    return compiledWith;
  }

  /** How often {@link #compile} was called. */
  public int compileCalls() {
    return compileCalls;
  }

  /** Training steps taken (the weight). */
  public int steps() {
    return steps;
  }

  /** The learning rate of every training step, in order. */
  public List<Float> learningRates() {
    return learningRates;
  }

  /** The batch size of every training step, in order. */
  public List<Integer> trainBatchSizes() {
    return trainBatchSizes;
  }

  /** The batch size of every {@link #evaluate} call, in order. */
  public List<Integer> evaluateBatchSizes() {
    return evaluateBatchSizes;
  }

  /** The step counts restored by {@link #restore}, in order. */
  public List<Integer> restoredSteps() {
    return restoredSteps;
  }

  /** Where {@link #save} saved, in order. */
  public List<Path> savedTo() {
    return savedTo;
  }

  /** The training summary set at each {@link #save}, in order. */
  public List<TrainingSummary> savedSummaries() {
    return savedSummaries;
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
  }

  private void checkCompiled() {
    checkOpen();
    if (compiledWith == null) {
      throw new IllegalStateException("not compiled");
    }
  }
}
