package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-class precision, recall, F1 and support with their accuracy, macro and weighted averages,
 * printed exactly as scikit-learn's {@code classification_report(y_true, y_pred, labels=range(k),
 * target_names=classNames, digits=digits)} prints them (the tutorial prints it with 2 digits).
 *
 * <p>Computed as current scikit-learn (1.4 and later) computes it: precision = tp / predicted,
 * recall = tp / support, F1 = 2 tp / (support + predicted), averages as numpy's {@code average}
 * (summed left to right; numpy's pairwise summation may differ in the last bit from 8 classes on).
 * Every class is listed, including one that occurs in neither the truth nor the predictions.
 *
 * <p>Zero division, as scikit-learn's default {@code zero_division="warn"}: a precision whose class
 * is never predicted, a recall whose class never occurs, and the F1 of a class that is neither
 * predicted nor present are reported as 0.0 and a warning is logged and kept in {@link #warnings()};
 * these zeros count in the macro
 * average. Known difference: when no prediction at all is correct, scikit-learn prints the supports
 * as floats ({@code 3.0}, an artefact of its float counts); this report always prints integers.
 */
public final class ClassificationReport {

  private static final Logger LOG = LoggerFactory.getLogger(ClassificationReport.class);
  private static final String LONGEST_AVERAGE_HEADING = "weighted avg";
  private static final int COLUMN_WIDTH = 9;

  /**
   * One row of the report.
   *
   * @param label the row heading: a class name, or "macro avg" / "weighted avg"
   * @param precision precision (0.0 when undefined, see the class comment)
   * @param recall recall (0.0 when undefined)
   * @param f1 F1 score (0.0 when undefined)
   * @param support number of samples of that class (all samples for the averages)
   */
  public record Row(String label, double precision, double recall, double f1, long support) {}

  private final List<Row> classRows;
  private final Row macroAverage;
  private final Row weightedAverage;
  private final double accuracy;
  private final long total;
  private final int digits;
  private final List<String> warnings;

  private ClassificationReport(List<Row> classRows, Row macroAverage, Row weightedAverage, double accuracy,
      long total, int digits, List<String> warnings) {
    this.classRows = classRows;
    this.macroAverage = macroAverage;
    this.weightedAverage = weightedAverage;
    this.accuracy = accuracy;
    this.total = total;
    this.digits = digits;
    this.warnings = warnings;
  }

  /** The report of {@code matrix} with 2 decimals, the tutorial's (and scikit-learn's default) setting. */
  public static ClassificationReport of(ConfusionMatrix matrix) {
    return of(matrix, 2);
  }

  /**
   * The report of {@code matrix} printed with {@code digits} decimals (scikit-learn's {@code digits}).
   *
   * @throws IllegalArgumentException if {@code digits} is outside [0, 15]
   */
  public static ClassificationReport of(ConfusionMatrix matrix, int digits) {
    Objects.requireNonNull(matrix, "matrix");
    if (digits < 0 || digits > 15) {
      throw new IllegalArgumentException("digits must be in [0, 15], got " + digits);
    }
    int k = matrix.numClasses();
    List<Row> rows = new ArrayList<>(k);
    List<String> neverPredicted = new ArrayList<>();
    List<String> neverTrue = new ArrayList<>();
    double sumP = 0;
    double sumR = 0;
    double sumF = 0;
    double weightedP = 0;
    double weightedR = 0;
    double weightedF = 0;
    long total = matrix.total();
    for (int c = 0; c < k; c++) {
      String name = matrix.classNames().get(c);
      long tp = matrix.count(c, c);
      long predicted = matrix.predictedCount(c);
      long support = matrix.support(c);
      if (predicted == 0) {
        neverPredicted.add(name);
      }
      if (support == 0) {
        neverTrue.add(name);
      }
      double precision = ratio(tp, predicted);
      double recall = ratio(tp, support);
      double f1 = ratio(2 * tp, support + predicted);
      rows.add(new Row(name, precision, recall, f1, support));
      sumP += precision;
      sumR += recall;
      sumF += f1;
      weightedP += precision * support;
      weightedR += recall * support;
      weightedF += f1 * support;
    }
    List<String> warnings = new ArrayList<>();
    if (!neverPredicted.isEmpty()) {
      warnings.add("Precision and F-score are ill-defined and set to 0.0 for classes with no predicted "
          + "samples: " + neverPredicted);
    }
    if (!neverTrue.isEmpty()) {
      warnings.add("Recall and F-score are ill-defined and set to 0.0 for classes with no true samples: "
          + neverTrue);
    }
    warnings.forEach(LOG::warn);
    Row macro = new Row("macro avg", sumP / k, sumR / k, sumF / k, total);
    double t = total;
    Row weighted = new Row("weighted avg", weightedP / t, weightedR / t, weightedF / t, total);
    double accuracy = (double) matrix.correct() / total;
    return new ClassificationReport(
        List.copyOf(rows), macro, weighted, accuracy, total, digits, List.copyOf(warnings));
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }

  /** One row per class, in label order. */
  public List<Row> classRows() {
    return classRows;
  }

  /** The unweighted mean over classes ("macro avg"). */
  public Row macroAverage() {
    return macroAverage;
  }

  /** The mean over classes weighted by support ("weighted avg"). */
  public Row weightedAverage() {
    return weightedAverage;
  }

  /** Fraction of correctly classified samples. */
  public double accuracy() {
    return accuracy;
  }

  /**
   * The zero-division warnings (also logged when the report is made), in scikit-learn's wording;
   * empty when every figure is defined.
   */
  public List<String> warnings() {
    return warnings;
  }

  /** Number of decimals printed. */
  public int digits() {
    return digits;
  }

  /** The report text, character for character as scikit-learn prints it (ends with a newline). */
  @Override
  public String toString() {
    int nameWidth = LONGEST_AVERAGE_HEADING.length();
    for (Row row : classRows) {
      nameWidth = Math.max(nameWidth, row.label().codePointCount(0, row.label().length()));
    }
    int width = Math.max(nameWidth, digits);
    StringBuilder text = new StringBuilder();
    text.append(" ".repeat(width)).append(' ');
    for (String header : List.of("precision", "recall", "f1-score", "support")) {
      text.append(' ').append(Decimals.padLeft(header, COLUMN_WIDTH));
    }
    text.append("\n\n");
    for (Row row : classRows) {
      appendRow(text, row, width);
    }
    text.append('\n');
    text.append(Decimals.padLeft("accuracy", width)).append(' ')
        .append(' ').append(" ".repeat(COLUMN_WIDTH))
        .append(' ').append(" ".repeat(COLUMN_WIDTH))
        .append(' ').append(Decimals.padLeft(Decimals.fixed(accuracy, digits), COLUMN_WIDTH))
        .append(' ').append(Decimals.padLeft(Long.toString(total), COLUMN_WIDTH)).append('\n');
    appendRow(text, macroAverage, width);
    appendRow(text, weightedAverage, width);
    return text.toString();
  }

  private void appendRow(StringBuilder text, Row row, int width) {
    text.append(Decimals.padLeft(row.label(), width)).append(' ');
    for (double value : new double[] {row.precision(), row.recall(), row.f1()}) {
      text.append(' ').append(Decimals.padLeft(Decimals.fixed(value, digits), COLUMN_WIDTH));
    }
    text.append(' ').append(Decimals.padLeft(Long.toString(row.support()), COLUMN_WIDTH)).append('\n');
  }
}
