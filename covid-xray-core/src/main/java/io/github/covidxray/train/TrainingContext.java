package io.github.covidxray.train;

import io.github.covidxray.model.TrainableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TrainingListener} can see and do during one {@link Trainer#fit} call: the model being
 * trained, the plan (epochs, steps), the epochs finished so far, and a way to stop early.
 */
public final class TrainingContext {
  private final TrainableModel model;
  private final TrainingConfig config;
  private final int stepsPerEpoch;
  private final List<EpochRecord> completed = new ArrayList<>();
  private String stopReason;

  TrainingContext(TrainableModel model, TrainingConfig config, int stepsPerEpoch) {
    this.model = Objects.requireNonNull(model, "model");
    this.config = Objects.requireNonNull(config, "config");
    this.stepsPerEpoch = stepsPerEpoch;
  }

  /** The model being trained; listeners may snapshot, restore or save its weights. */
  public TrainableModel model() {
    return model;
  }

  /** The trainer's configuration. */
  public TrainingConfig config() {
    return config;
  }

  /** Number of epochs planned. */
  public int epochs() {
    return config.epochs();
  }

  /** Number of optimizer steps in each epoch. */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** The epochs finished so far, oldest first. */
  public List<EpochRecord> completedEpochs() {
    return List.copyOf(completed);
  }

  /**
   * Asks the trainer to stop after the current epoch. The first reason given is kept and logged.
   *
   * @param reason why training stops, for the log and for {@link #stopReason()}
   */
  public void requestStop(String reason) {
    if (stopReason == null) {
      stopReason = Objects.requireNonNull(reason, "reason");
    }
  }

  /** True once a listener has asked to stop. */
  public boolean stopRequested() {
    return stopReason != null;
  }

  /** The reason given by the first stop request, if any. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  void recordEpoch(EpochRecord record) {
    completed.add(record);
  }
}
