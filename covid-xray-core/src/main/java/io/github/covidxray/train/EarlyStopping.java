package io.github.covidxray.train;

import io.github.covidxray.model.WeightSnapshot;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored figure has not improved for {@code patience} epochs, as Keras's
 * {@code EarlyStopping}. With {@code restoreBestWeights}, the model ends training with the weights of
 * its best epoch (whenever that was not the last one), not those of the last.
 */
public final class EarlyStopping implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

  private final Monitor monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBestWeights;

  private double best;
  private int bestEpoch;
  private int wait;
  private WeightSnapshot bestWeights;

  /**
   * @param monitor the figure watched, with its direction
   * @param patience epochs without improvement before stopping (0 stops at the first one)
   * @param minDelta smallest change that counts as an improvement
   * @param restoreBestWeights put the best epoch's weights back when training ends
   */
  public EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBestWeights) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
    }
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBestWeights = restoreBestWeights;
  }

  /** Watches {@code monitor} with no minimum delta and restores the best weights. */
  public static EarlyStopping of(Monitor monitor, int patience) {
    return new EarlyStopping(monitor, patience, 0.0, true);
  }

  /** The epoch (1-based) with the best monitored value so far, or 0 before the first epoch. */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onTrainingStart(TrainingContext context) {
    best = monitor.worst();
    bestEpoch = 0;
    wait = 0;
    bestWeights = null;
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    double value = monitor.valueOf(record);
    if (monitor.improves(value, best, minDelta)) {
      best = value;
      bestEpoch = record.epoch();
      wait = 0;
      if (restoreBestWeights) {
        bestWeights = context.model().snapshot();
      }
      return;
    }
    wait++;
    if (wait > patience) {
      context.requestStop(String.format("%s did not improve for %d epochs (best %.4f at epoch %d)",
          monitor.key(), wait, best, bestEpoch));
    }
  }

  @Override
  public void onTrainingEnd(TrainingContext context, TrainingHistory history) {
    if (restoreBestWeights && bestWeights != null && bestEpoch != history.size()) {
      LOG.info("restoring the weights of epoch {} ({} = {})", bestEpoch, monitor.key(), best);
      context.model().restore(bestWeights);
    }
  }
}
