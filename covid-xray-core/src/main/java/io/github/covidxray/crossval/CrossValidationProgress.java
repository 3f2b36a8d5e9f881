package io.github.covidxray.crossval;

import io.github.covidxray.data.Fold;
import io.github.covidxray.internal.TextOutput;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Prints one line when a fold starts and one when it ends, in the style of {@link io.github.covidxray.train.ConsoleProgress}'s
 * {@code Epoch 3/25}:
 *
 * <pre>
 * Fold 2/5: training on 40 images, validating on 10, testing on 10
 * Fold 2/5: n=10 accuracy 0.9000 sensitivity 1.0000 specificity 0.8000 AUC 0.9600 (12.3 s)
 * </pre>
 *
 * Figures are for the evaluation's positive class; {@code n/a} where a figure is undefined in the fold.
 */
public final class CrossValidationProgress implements CrossValidationListener {

  private final TextOutput out;

  /**
   * Progress on any text output.
   *
   * @param out where to print, e.g. {@code System.out} or a {@code PrintWriter}
   */
  public CrossValidationProgress(Appendable out) {
    this.out = new TextOutput(Objects.requireNonNull(out, "out"));
  }

  @Override
  public void onFoldStart(Fold fold, int foldCount, int trainSize, int validationSize) {
    out.printf("Fold %d/%d: training on %d images, %s, testing on %d%n", fold.index() + 1,
        foldCount, trainSize, validationSize == 0 ? "no validation" : "validating on " + validationSize,
        fold.testIndices().length);
  }

  @Override
  public void onFoldEnd(FoldResult result, int foldCount) {
    out.printf("Fold %d/%d: %s (%.1f s)%n", result.index() + 1, foldCount, figures(result),
        result.wallTime().toMillis() / 1000.0);
  }

  /** {@code n=10 accuracy 0.9000 sensitivity 1.0000 specificity 0.8000 AUC 0.9600}. */
  static String figures(FoldResult result) {
    StringBuilder s = new StringBuilder("n=").append(result.testSize());
    for (FoldMetric metric : new FoldMetric[] {
        FoldMetric.ACCURACY, FoldMetric.SENSITIVITY, FoldMetric.SPECIFICITY, FoldMetric.AUC}) {
      OptionalDouble value = metric.valueOf(result.evaluation());
      s.append(' ').append(metric.label()).append(' ')
          .append(value.isPresent() ? FoldStatistic.fixed4(value.getAsDouble()) : "n/a");
    }
    return s.toString();
  }
}
