package io.github.covidxray.crossval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One figure across the folds of a cross-validation: its value in every fold, their mean and their
 * sample standard deviation (denominator {@code n - 1}, as {@code numpy.std(ddof=1)} and
 * {@code statistics.stdev}), over the folds where the figure is defined.
 *
 * <p>The sd describes how much the figure moves from one split to another; it is not a confidence
 * interval for the figure (the folds share training images, so their values are not independent).
 * The pooled out-of-fold evaluation carries the intervals.
 *
 * @param metric which figure
 * @param perFold its value in each fold, in fold order; empty where undefined in that fold
 */
public record FoldStatistic(FoldMetric metric, List<OptionalDouble> perFold) {

  /** Copies the list and rejects nulls. */
  public FoldStatistic {
    Objects.requireNonNull(metric, "metric");
    perFold = List.copyOf(perFold);
  }

  /**
   * Number of folds.
   *
   * @return the length of {@link #perFold()}
   */
  public int folds() {
    return perFold.size();
  }

  /**
   * Number of folds where the figure is defined, the {@code n} of {@link #mean()} and {@link #sd()}.
   *
   * @return at most {@link #folds()}
   */
  public int contributing() {
    return (int) perFold.stream().filter(OptionalDouble::isPresent).count();
  }

  /**
   * Mean over the folds where the figure is defined.
   *
   * @return the mean, or empty when no fold defines it
   */
  public OptionalDouble mean() {
    double[] values = values();
    if (values.length == 0) {
      return OptionalDouble.empty();
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return OptionalDouble.of(sum / values.length);
  }

  /**
   * Sample standard deviation over the folds where the figure is defined.
   *
   * @return the sd, or empty when fewer than two folds define the figure
   */
  public OptionalDouble sd() {
    double[] values = values();
    if (values.length < 2) {
      return OptionalDouble.empty();
    }
    double mean = mean().getAsDouble();
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return OptionalDouble.of(Math.sqrt(squares / (values.length - 1)));
  }

  private double[] values() {
    return perFold.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).toArray();
  }

  /**
   * E.g. {@code sensitivity: 0.9000 ± 0.1000 (mean ± sd over 5 folds)}, or with {@code over 4 of 5
   * folds; undefined in 1} when some fold lacks it; {@code n/a} parts where undefined.
   */
  @Override
  public String toString() {
    int n = contributing();
    String mean = mean().isPresent() ? fixed4(mean().getAsDouble()) : "n/a";
    String sd = sd().isPresent() ? fixed4(sd().getAsDouble()) : "n/a";
    String over = n == folds()
        ? "over " + n + " folds"
        : "over " + n + " of " + folds() + " folds; undefined in " + (folds() - n);
    return metric.label() + ": " + mean + " ± " + sd + " (mean ± sd " + over + ")";
  }

  /** Four decimals rounded half to even from the exact binary value, as the metrics package prints. */
  static String fixed4(double value) {
    return new BigDecimal(value).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
  }
}
