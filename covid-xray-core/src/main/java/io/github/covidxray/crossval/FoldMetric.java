package io.github.covidxray.crossval;

import io.github.covidxray.metrics.AucEstimate;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.Proportion;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The figures a {@link CrossValidationResult} summarises across folds, each read from a fold's
 * {@link Evaluation} for its named positive class. A figure is undefined in a fold when its
 * denominator is 0 there (e.g. PPV when the fold's model predicted nothing positive) or, for the AUC,
 * when the fold's test part lacks a class; such folds are left out of the mean and sd.
 */
public enum FoldMetric {
  /** Fraction of right predictions. */
  ACCURACY("accuracy", Evaluation::accuracy),
  /** Recall of the positive class. */
  SENSITIVITY("sensitivity", Evaluation::sensitivity),
  /** Recall of the other classes. */
  SPECIFICITY("specificity", Evaluation::specificity),
  /** Positive predictive value. */
  PPV("PPV", Evaluation::ppv),
  /** Negative predictive value. */
  NPV("NPV", Evaluation::npv),
  /** Area under the ROC curve of the positive class's probability. */
  AUC("AUC", null);

  private final String label;
  private final Function<Evaluation, Proportion> proportion;

  FoldMetric(String label, Function<Evaluation, Proportion> proportion) {
    this.label = label;
    this.proportion = proportion;
  }

  /**
   * The name reports print, as {@link Evaluation#summary()} does.
   *
   * @return e.g. {@code "sensitivity"} or {@code "AUC"}
   */
  public String label() {
    return label;
  }

  /**
   * This figure of one evaluation.
   *
   * @param evaluation a fold's (or the pooled) evaluation
   * @return the value, or empty where it is undefined
   */
  public OptionalDouble valueOf(Evaluation evaluation) {
    if (proportion == null) {
      return evaluation.auc().map(AucEstimate::auc).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
    return proportion.apply(evaluation).value();
  }
}
