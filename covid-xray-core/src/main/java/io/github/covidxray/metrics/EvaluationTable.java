package io.github.covidxray.metrics;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.internal.Decimals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Evaluations of the same data under different decision rules side by side (argmax next to a
 * threshold chosen on validation data), one column per rule.
 *
 * <pre>
 * positive class: covid, n=8
 * metric       argmax                              p(covid) &gt;= 0.6000 (Youden's J)
 * accuracy     0.7500 (95% CI 0.4093-0.9285, n=8)  0.7500 (95% CI 0.4093-0.9285, n=8)
 * sensitivity  0.5000 (95% CI 0.1500-0.8500, n=4)  ...
 * ...
 * AUC          0.8125 (95% CI 0.4375-1.0000)       0.8125 (95% CI 0.4375-1.0000)
 * Intervals: Wilson score; AUC: stratified bootstrap, 2000 resamples, seed 42
 * </pre>
 */
public final class EvaluationTable {

  private static final String GAP = "  ";

  private final List<Evaluation> columns;

  private EvaluationTable(List<Evaluation> columns) {
    this.columns = columns;
  }

  /**
   * A table of {@code evaluations}, which must share class names, positive class and truth.
   *
   * @throws IllegalArgumentException if there are none or they are not of the same data
   */
  public static EvaluationTable of(Evaluation... evaluations) {
    Objects.requireNonNull(evaluations, "evaluations");
    if (evaluations.length == 0) {
      throw new IllegalArgumentException("need at least one evaluation");
    }
    Evaluation first = Objects.requireNonNull(evaluations[0], "evaluations[0]");
    for (int i = 1; i < evaluations.length; i++) {
      Evaluation other = Objects.requireNonNull(evaluations[i], "evaluations[" + i + "]");
      if (!other.classNames().equals(first.classNames())
          || !other.positiveClass().equals(first.positiveClass())
          || !Arrays.equals(other.trueLabels(), first.trueLabels())) {
        throw new IllegalArgumentException("evaluation " + i
            + " is not of the same data, classes and positive class as evaluation 0");
      }
    }
    return new EvaluationTable(List.of(evaluations));
  }

  /** The table, ending with the research-use notice. */
  @Override
  public String toString() {
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[columns.size() + 1];
    header[0] = "metric";
    for (int c = 0; c < columns.size(); c++) {
      header[c + 1] = columns.get(c).decisionRule().describe();
    }
    rows.add(header);
    rows.add(row("accuracy", e -> e.accuracy().toString()));
    rows.add(row("sensitivity", e -> e.sensitivity().toString()));
    rows.add(row("specificity", e -> e.specificity().toString()));
    rows.add(row("PPV", e -> e.ppv().toString()));
    rows.add(row("NPV", e -> e.npv().toString()));
    rows.add(row("AUC", e -> e.auc()
        .map(auc -> Decimals.fixed(auc.auc(), 4) + " (" + auc.interval() + ")")
        .orElse("n/a (needs both classes)")));
    int[] widths = new int[header.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
      }
    }
    StringBuilder text = new StringBuilder();
    text.append("positive class: ").append(columns.get(0).positiveClass())
        .append(", n=").append(columns.get(0).size()).append('\n');
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(c == 0 ? "" : GAP).append(Decimals.padRight(row[c], widths[c]));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    Evaluation first = columns.get(0);
    text.append("Intervals: Wilson score");
    first.auc().ifPresent(auc -> text.append("; AUC: stratified bootstrap, ").append(auc.resamples())
        .append(" resamples, seed ").append(auc.seed()));
    text.append('\n');
    return text.append(SdkInfo.RESEARCH_USE_NOTICE).append('\n').toString();
  }

  private String[] row(String name, Function<Evaluation, String> cell) {
    String[] row = new String[columns.size() + 1];
    row[0] = name;
    for (int c = 0; c < columns.size(); c++) {
      row[c + 1] = cell.apply(columns.get(c));
    }
    return row;
  }
}
