package io.github.covidxray.crossval;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.metrics.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a {@link CrossValidation} found: every fold's result, each figure's mean ± sd across folds,
 * and the evaluation of the pooled out-of-fold predictions (every image predicted once, by the model
 * of the fold that held it out) with Wilson intervals and the AUC's bootstrap interval.
 *
 * <p>The two summaries answer different questions. Mean ± sd says how much a figure moves from one
 * split to another (the sd is no confidence interval: the folds share training images). The pooled
 * evaluation uses all {@code n} images at once, so its intervals are the narrowest honest ones here,
 * but it mixes k models, whose probabilities need not be on one scale (the pooled AUC can then differ
 * from the folds' mean AUC).
 *
 * <p>Immutable.
 */
public final class CrossValidationResult {

  private final int folds;
  private final long seed;
  private final int size;
  private final int[] classCounts;
  private final FoldValidation validation;
  private final List<FoldResult> foldResults;
  private final Evaluation pooled;
  private final List<LeakageReport> leakageReports;

  /**
   * Assembles a result; only {@link CrossValidation#run} makes them.
   *
   * @param folds number of folds
   * @param seed seed of the fold assignment
   * @param size number of images cross-validated
   * @param classCounts images per class, in label order
   * @param validation what the folds validated on during training
   * @param foldResults one per fold, in fold order
   * @param pooled the evaluation of the out-of-fold predictions, in image order
   * @param leakageReports one per fold, in fold order, or empty when the check was skipped
   * @throws IllegalArgumentException when the parts disagree in number or size
   */
  CrossValidationResult(int folds, long seed, int size, int[] classCounts, FoldValidation validation,
      List<FoldResult> foldResults, Evaluation pooled, List<LeakageReport> leakageReports) {
    this.folds = folds;
    this.seed = seed;
    this.size = size;
    this.classCounts = Objects.requireNonNull(classCounts, "classCounts").clone();
    this.validation = Objects.requireNonNull(validation, "validation");
    this.foldResults = List.copyOf(foldResults);
    this.pooled = Objects.requireNonNull(pooled, "pooled");
    this.leakageReports = List.copyOf(leakageReports);
    if (this.foldResults.size() != folds) {
      throw new IllegalArgumentException(
          "expected " + folds + " fold results, got " + this.foldResults.size());
    }
    for (int f = 0; f < folds; f++) {
      if (this.foldResults.get(f).index() != f) {
        throw new IllegalArgumentException("fold result " + f + " is for fold " + this.foldResults.get(f).index());
      }
    }
    if (!this.leakageReports.isEmpty() && this.leakageReports.size() != folds) {
      throw new IllegalArgumentException(
          "expected " + folds + " leakage reports or none, got " + this.leakageReports.size());
    }
    int held = this.foldResults.stream().mapToInt(FoldResult::testSize).sum();
    if (pooled.size() != size || held != size) {
      throw new IllegalArgumentException(String.format(
          "%d images, but the pooled evaluation covers %d and the folds hold out %d", size, pooled.size(), held));
    }
  }

  /**
   * Number of folds.
   *
   * @return k
   */
  public int folds() {
    return folds;
  }

  /**
   * Seed of the fold assignment.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Number of images cross-validated.
   *
   * @return n
   */
  public int size() {
    return size;
  }

  /**
   * What the folds validated on during training.
   *
   * @return the validation choice
   */
  public FoldValidation validation() {
    return validation;
  }

  /**
   * Every fold's result.
   *
   * @return an unmodifiable list, in fold order
   */
  public List<FoldResult> foldResults() {
    return foldResults;
  }

  /**
   * One figure across the folds.
   *
   * @param metric the figure
   * @return its per-fold values with their mean and sample sd
   */
  public FoldStatistic statistic(FoldMetric metric) {
    Objects.requireNonNull(metric, "metric");
    List<OptionalDouble> values = new ArrayList<>(folds);
    for (FoldResult result : foldResults) {
      values.add(metric.valueOf(result.evaluation()));
    }
    return new FoldStatistic(metric, values);
  }

  /**
   * Every figure of {@link FoldMetric} across the folds.
   *
   * @return an unmodifiable list in {@link FoldMetric} order
   */
  public List<FoldStatistic> statistics() {
    List<FoldStatistic> out = new ArrayList<>();
    for (FoldMetric metric : FoldMetric.values()) {
      out.add(statistic(metric));
    }
    return List.copyOf(out);
  }

  /**
   * The evaluation of all out-of-fold predictions together: image {@code i} of the data set is sample
   * {@code i}, predicted by the model of the fold that held it out.
   *
   * @return the pooled evaluation, with intervals
   */
  public Evaluation pooled() {
    return pooled;
  }

  /**
   * The fold that held out each image.
   *
   * @return a new array, image index to fold number
   */
  public int[] foldOfImage() {
    int[] out = new int[size];
    for (FoldResult result : foldResults) {
      for (int i : result.fold().testIndices()) {
        out[i] = result.index();
      }
    }
    return out;
  }

  /**
   * The leakage check's findings per fold.
   *
   * @return an unmodifiable list in fold order, empty when the check was skipped
   */
  public List<LeakageReport> leakageReports() {
    return leakageReports;
  }

  /**
   * A readable report: the setup, one line per fold, mean ± sd lines, leakage findings, the pooled
   * confusion matrix and figures with intervals, and the research-use notice.
   *
   * @return multi-line text ending with a line break
   */
  public String toText() {
    StringBuilder t = new StringBuilder();
    String positive = pooled.positiveClass();
    t.append(String.format(Locale.ROOT, "Stratified %d-fold cross-validation (seed %d) of %d images (%s)%n",
        folds, seed, size, classes()));
    t.append("Validation during training: ").append(validation.describe()).append('\n');
    t.append("Positive class: ").append(positive).append("; decision: ")
        .append(pooled.decisionRule().describe()).append('\n');
    t.append('\n').append("Per fold (held-out images):\n");
    t.append(String.format(Locale.ROOT, "%4s %6s %5s %9s %12s %12s %7s%n",
        "fold", "train", "n", "accuracy", "sensitivity", "specificity", "AUC"));
    for (FoldResult r : foldResults) {
      Evaluation e = r.evaluation();
      t.append(String.format(Locale.ROOT, "%4d %6d %5d %9s %12s %12s %7s%n", r.index() + 1, r.trainSize(),
          r.testSize(), value(FoldMetric.ACCURACY, e), value(FoldMetric.SENSITIVITY, e),
          value(FoldMetric.SPECIFICITY, e), value(FoldMetric.AUC, e)));
    }
    t.append('\n').append("Across folds (mean ± sample sd of the per-fold figures):\n");
    for (FoldStatistic statistic : statistics()) {
      t.append(statistic).append('\n');
    }
    if (!leakageReports.isEmpty()) {
      t.append('\n').append("Leakage check (training against held-out images):");
      if (leakageReports.stream().allMatch(LeakageReport::isClean)) {
        t.append(" every fold: ").append(leakageReports.get(0)).append('\n');
      } else {
        t.append('\n');
        for (int f = 0; f < leakageReports.size(); f++) {
          LeakageReport report = leakageReports.get(f);
          String found = report.isClean() ? report.toString() : report.describe().replace("\n", "\n  ");
          t.append("fold ").append(f + 1).append(": ").append(found).append('\n');
        }
      }
    }
    t.append('\n')
        .append("Pooled out-of-fold predictions (each image predicted once, by the model that did not "
            + "train on it; n=").append(size).append("):\n");
    String names = String.join(", ", pooled.classNames());
    t.append("confusion matrix (rows: true ").append(names).append("; columns: predicted):\n");
    t.append(pooled.confusionMatrix()).append('\n');
    String summary = pooled.summary();
    t.append(summary);
    if (!summary.contains(SdkInfo.RESEARCH_USE_NOTICE)) {
      t.append(SdkInfo.RESEARCH_USE_NOTICE).append('\n');
    }
    return t.toString();
  }

  private String classes() {
    StringBuilder s = new StringBuilder();
    List<String> names = pooled.classNames();
    for (int c = 0; c < names.size(); c++) {
      s.append(c == 0 ? "" : ", ").append(names.get(c)).append('=').append(classCounts[c]);
    }
    return s.toString();
  }

  private static String value(FoldMetric metric, Evaluation e) {
    OptionalDouble v = metric.valueOf(e);
    return v.isPresent() ? FoldStatistic.fixed4(v.getAsDouble()) : "n/a";
  }

  /** The same as {@link #toText()}. */
  @Override
  public String toString() {
    return toText();
  }
}
