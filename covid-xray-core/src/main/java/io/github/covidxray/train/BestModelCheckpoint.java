package io.github.covidxray.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the model whenever a monitored figure improves, as Keras's
 * {@code ModelCheckpoint(save_best_only=True)}: the directory always holds the best model so far,
 * complete, since each save replaces the previous one atomically.
 */
public final class BestModelCheckpoint implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(BestModelCheckpoint.class);

  private final Path directory;
  private final Monitor monitor;
  private double best;
  private int bestEpoch;

  /**
   * @param directory the model directory to (re)write; see {@link io.github.covidxray.model.TrainableModel#save}
   * @param monitor the figure that must improve for a save
   */
  public BestModelCheckpoint(Path directory, Monitor monitor) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
  }

  /** The epoch last saved, or 0 if none was. */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onTrainingStart(TrainingContext context) {
    best = monitor.worst();
    bestEpoch = 0;
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    double value = monitor.valueOf(record);
    if (!monitor.improves(value, best, 0.0)) {
      return;
    }
    best = value;
    bestEpoch = record.epoch();
    TrainingHistory sofar = TrainingHistory.of(context.completedEpochs());
    context.model().setTrainingSummary(sofar.summaryAt(record.epoch()));
    try {
      context.model().save(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the checkpoint to " + directory, e);
    }
    LOG.info("epoch {}: {} improved to {}, model saved to {}", record.epoch(), monitor.key(),
        String.format(java.util.Locale.ROOT, "%.4f", value), directory);
  }
}
