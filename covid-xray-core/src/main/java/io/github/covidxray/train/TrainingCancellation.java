package io.github.covidxray.train;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Stops a running {@link Trainer#fit} from another thread (a Ctrl-C handler, a GUI's stop button):
 * after {@link #cancel}, the fit ends after the step in progress by throwing a
 * {@link CancellationException}, so that nothing after training (evaluation, saving) runs on a
 * half-trained model and nothing partial is saved. Add it to the trainer as a listener.
 *
 * <pre>{@code
 * TrainingCancellation cancellation = new TrainingCancellation();
 * Trainer trainer = Trainer.builder().listener(cancellation).build();
 * // elsewhere: cancellation.cancel("interrupted by SIGTERM");
 * }</pre>
 */
public final class TrainingCancellation implements TrainingListener {

  private volatile String reason;

  /**
   * Asks the training to stop after its current step; later calls keep the first reason.
   *
   * @param why e.g. {@code "interrupted by SIGINT"}
   */
  public void cancel(String why) {
    Objects.requireNonNull(why, "why");
    synchronized (this) {
      if (reason == null) {
        reason = why;
      }
    }
  }

  /** Whether {@link #cancel} was called. */
  public boolean isCancelled() {
    return reason != null;
  }

  @Override
  public void onEpochStart(TrainingContext context, int epoch) {
    String why = reason;
    if (why != null) {
      throw new CancellationException(why + ": training stopped before epoch " + epoch);
    }
  }

  @Override
  public void onStepEnd(TrainingContext context, StepProgress progress) {
    String why = reason;
    if (why != null) {
      throw new CancellationException(String.format(java.util.Locale.ROOT,
          "%s: training stopped after epoch %d, step %d/%d", why, progress.epoch(), progress.step(),
          progress.stepsPerEpoch()));
    }
  }
}
