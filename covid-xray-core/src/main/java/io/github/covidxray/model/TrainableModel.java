package io.github.covidxray.model;

import io.github.covidxray.data.Batch;
import io.github.covidxray.metrics.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What training, its listeners and cross-validation need of a model, and nothing more, so that they
 * do not depend on one network: {@code Trainer.fit} compiles it and runs steps, {@code EarlyStopping}
 * snapshots and restores its weights, {@code BestModelCheckpoint} records a summary and saves it, and
 * cross-validation predicts with it and closes it. {@link VggTransferModel} is the implementation.
 *
 * <p>Images are RGB, NHWC, values in [0, 1], of side {@link #inputSize()}; probabilities and one-hot
 * labels follow {@link #classes()}.
 */
public interface TrainableModel extends Predictor, AutoCloseable {

  /**
   * Class names in output order, which a data set's labels must follow.
   *
   * @return the classes, unmodifiable
   */
  List<String> classes();

  /**
   * Side in pixels of the square images the model takes.
   *
   * @return the input size
   */
  int inputSize();

  /**
   * Prepares the model for training with Adam's constants, once; the same settings again do nothing.
   *
   * @param settings Adam's constants
   * @throws IllegalStateException if already compiled with other settings
   */
  void compile(AdamSettings settings);

  /**
   * Whether {@link #compile} has been called.
   *
   * @return true once compiled
   */
  boolean isCompiled();

  /**
   * One optimizer step on a batch.
   *
   * @param batch images and one-hot labels, with optional sample weights
   * @param learningRate this step's learning rate, finite and at least 0
   * @return the batch's loss and accuracy before the update
   * @throws IllegalStateException if the model is not compiled
   */
  StepResult trainStep(Batch batch, float learningRate);

  /**
   * Loss and accuracy of a batch without updating anything (validation).
   *
   * @param batch images and one-hot labels
   * @return the batch's loss and accuracy
   * @throws IllegalStateException if the model is not compiled
   */
  StepResult evaluate(Batch batch);

  /**
   * A copy of every layer's current weights.
   *
   * @return the weights, e.g. to {@link #restore} the best epoch's later
   */
  WeightSnapshot snapshot();

  /**
   * Sets every layer's weights from a {@link #snapshot()} of this model.
   *
   * @param snapshot the weights
   */
  void restore(WeightSnapshot snapshot);

  /**
   * Records how the weights were trained, to be saved with the model.
   *
   * @param summary the summary
   */
  void setTrainingSummary(TrainingSummary summary);

  /**
   * Saves the model (atomically, replacing an earlier save at the same place).
   *
   * @param directory where to save it
   * @throws IOException if it cannot be written
   */
  void save(Path directory) throws IOException;

  /** Releases what the model holds; idempotent. */
  @Override
  void close();
}
