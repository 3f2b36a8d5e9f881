package io.github.covidxray.train;

import io.github.covidxray.internal.TextOutput;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Keras-style progress: {@code Epoch 3/25}, then a line with steps, time, loss, accuracy, val_loss and
 * val_accuracy. On a terminal the line is a live progress bar redrawn after every step; when output goes
 * to a file or pipe only the finished line is written, so logs stay readable.
 */
public final class ConsoleProgress implements TrainingListener {
  private static final int BAR_WIDTH = 30;

  private final TextOutput out;
  private final boolean live;

  /**
   * Progress on {@code out} ({@code System.out}, a {@code PrintWriter}, a {@code StringBuilder}), live
   * only when the JVM runs on an interactive terminal.
   */
  public ConsoleProgress(Appendable out) {
    this(out, System.console() != null);
  }

  /**
   * @param out where to write
   * @param live redraw a progress bar after every step (use on terminals only)
   */
  public ConsoleProgress(Appendable out, boolean live) {
    this.out = new TextOutput(Objects.requireNonNull(out, "out"));
    this.live = live;
  }

  @Override
  public void onEpochStart(TrainingContext context, int epoch) {
    out.printf("Epoch %d/%d%n", epoch, context.epochs());
  }

  @Override
  public void onStepEnd(TrainingContext context, StepProgress progress) {
    if (!live) {
      return;
    }
    out.print('\r' + bar(progress.step(), progress.stepsPerEpoch()) + " - "
        + duration(progress.elapsed()) + String.format(Locale.ROOT, " - loss: %.4f - accuracy: %.4f",
            progress.loss(), progress.accuracy()));
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    int steps = context.stepsPerEpoch();
    Duration perStep = record.wallTime().dividedBy(Math.max(1, steps));
    out.print((live ? "\r" : "") + bar(steps, steps) + " - " + duration(record.wallTime()) + " "
        + duration(perStep) + "/step"
        + String.format(Locale.ROOT, " - loss: %.4f - accuracy: %.4f", record.loss(), record.accuracy())
        + (record.hasValidation()
            ? String.format(Locale.ROOT, " - val_loss: %.4f - val_accuracy: %.4f",
                record.valLoss(), record.valAccuracy())
            : "")
        + System.lineSeparator());
  }

  static String bar(int step, int steps) {
    int filled = steps == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * step / steps);
    StringBuilder sb = new StringBuilder();
    String width = Integer.toString(steps);
    sb.append(String.format(Locale.ROOT, "%" + width.length() + "d/%s [", step, width));
    for (int i = 0; i < BAR_WIDTH; i++) {
      if (i < filled - 1 || (i == filled - 1 && step == steps)) {
        sb.append('=');
      } else if (i == filled - 1 || (filled == 0 && i == 0)) {
        sb.append('>');
      } else {
        sb.append('.');
      }
    }
    return sb.append(']').toString();
  }

  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis >= 1000) {
      return Math.round(millis / 1000.0) + "s";
    }
    return millis + "ms";
  }
}
