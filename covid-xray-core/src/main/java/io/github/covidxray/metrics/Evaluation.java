package io.github.covidxray.metrics;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.internal.Decimals;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The evaluation of predicted class probabilities against the truth, for one named positive class
 * and one {@link DecisionRule}: predictions, confusion matrix, classification report, accuracy,
 * sensitivity, specificity, PPV and NPV with Wilson intervals, and the ROC curve with its AUC.
 *
 * <p>With more than two classes, the positive-class figures are one-vs-rest: every other class is a
 * negative. Sensitivity = TP / (TP + FN) (recall of the positive class), specificity = TN / (TN + FP)
 * (samples of any other class not predicted positive, over all samples of other classes), PPV =
 * TP / (TP + FP), NPV = TN / (TN + FN); accuracy stays the fraction of exactly right predictions. On
 * the tutorial's 2x2 matrix with covid = 0 they are its {@code cm[0,0]/(cm[0,0]+cm[0,1])} and
 * {@code cm[1,1]/(cm[1,0]+cm[1,1])}. A figure whose denominator is 0 is undefined and prints
 * {@code n/a}.
 *
 * <p>Immutable: arrays are copied in and out. Obtain one from {@link Metrics#evaluate}.
 */
public final class Evaluation {

  private final Metrics metrics;
  private final DecisionRule decisionRule;
  private final int[] trueLabels;
  private final double[][] probabilities;
  private final int[] predictions;
  private final ConfusionMatrix confusionMatrix;
  private final Proportion accuracy;
  private final Proportion sensitivity;
  private final Proportion specificity;
  private final Proportion ppv;
  private final Proportion npv;
  private final RocCurve rocCurve;
  private final AucEstimate auc;

  private Evaluation(Metrics metrics, DecisionRule decisionRule, int[] trueLabels, double[][] probabilities,
      RocCurve rocCurve, AucEstimate auc) {
    this.metrics = metrics;
    this.decisionRule = decisionRule;
    this.trueLabels = trueLabels;
    this.probabilities = probabilities;
    this.rocCurve = rocCurve;
    this.auc = auc;
    int positive = metrics.positiveIndex();
    int n = trueLabels.length;
    this.predictions = new int[n];
    for (int i = 0; i < n; i++) {
      predictions[i] = decisionRule.predict(probabilities[i], metrics.classNames());
    }
    this.confusionMatrix = ConfusionMatrix.of(metrics.classNames(), trueLabels, predictions);
    long tp = 0;
    long fn = 0;
    long fp = 0;
    long tn = 0;
    for (int i = 0; i < n; i++) {
      boolean actual = trueLabels[i] == positive;
      boolean predicted = predictions[i] == positive;
      if (actual && predicted) {
        tp++;
      } else if (actual) {
        fn++;
      } else if (predicted) {
        fp++;
      } else {
        tn++;
      }
    }
    double level = metrics.confidenceLevel();
    this.accuracy = new Proportion(confusionMatrix.correct(), n, level);
    this.sensitivity = new Proportion(tp, tp + fn, level);
    this.specificity = new Proportion(tn, tn + fp, level);
    this.ppv = new Proportion(tp, tp + fp, level);
    this.npv = new Proportion(tn, tn + fn, level);
  }

  /** Evaluates already validated and copied inputs; the ROC curve and AUC are computed here. */
  static Evaluation of(Metrics metrics, DecisionRule rule, int[] trueLabels, double[][] probabilities) {
    checkRule(metrics, rule);
    int positive = metrics.positiveIndex();
    boolean[] actualPositive = new boolean[trueLabels.length];
    double[] scores = new double[trueLabels.length];
    int positives = 0;
    for (int i = 0; i < trueLabels.length; i++) {
      actualPositive[i] = trueLabels[i] == positive;
      scores[i] = probabilities[i][positive];
      positives += actualPositive[i] ? 1 : 0;
    }
    RocCurve roc = null;
    AucEstimate auc = null;
    if (positives > 0 && positives < trueLabels.length) {
      roc = RocCurve.of(metrics.positiveClass(), actualPositive, scores);
      auc = metrics.aucBootstrap().estimate(roc);
    }
    return new Evaluation(metrics, rule, trueLabels, probabilities, roc, auc);
  }

  /**
   * The same data evaluated with another decision rule (e.g. a threshold chosen on validation data);
   * the ROC curve and AUC, which do not depend on the rule, are reused.
   */
  public Evaluation withDecisionRule(DecisionRule rule) {
    checkRule(metrics, rule);
    return new Evaluation(metrics, rule, trueLabels, probabilities, rocCurve, auc);
  }

  /**
   * A threshold rule must be on the positive class these figures are of: sensitivity of "covid"
   * under a threshold on p(normal) would be a different, easily misread question.
   */
  private static void checkRule(Metrics metrics, DecisionRule rule) {
    Objects.requireNonNull(rule, "rule");
    if (rule instanceof DecisionRule.PositiveThreshold t && !t.positiveClass().equals(metrics.positiveClass())) {
      throw new IllegalArgumentException("the decision rule " + t.describe() + " is on class '"
          + t.positiveClass() + "', but the metrics' positive class is '" + metrics.positiveClass()
          + "' (classes " + metrics.classNames() + "); choose the threshold for '"
          + metrics.positiveClass() + "' or build the metrics with that positive class");
    }
  }

  /** Class names in label order. */
  public List<String> classNames() {
    return metrics.classNames();
  }

  /** Name of the positive class of sensitivity, specificity, PPV, NPV and the ROC curve. */
  public String positiveClass() {
    return metrics.positiveClass();
  }

  /** The rule that turned probabilities into predictions. */
  public DecisionRule decisionRule() {
    return decisionRule;
  }

  /** Number of samples. */
  public int size() {
    return trueLabels.length;
  }

  /** A copy of the true labels. */
  public int[] trueLabels() {
    return trueLabels.clone();
  }

  /** A copy of the class probabilities, {@code [sample][class]}. */
  public double[][] probabilities() {
    double[][] copy = new double[probabilities.length][];
    for (int i = 0; i < probabilities.length; i++) {
      copy[i] = probabilities[i].clone();
    }
    return copy;
  }

  /** A copy of the predicted labels. */
  public int[] predictions() {
    return predictions.clone();
  }

  /** Rows = true class, columns = predicted class, in label order. */
  public ConfusionMatrix confusionMatrix() {
    return confusionMatrix;
  }

  /** The scikit-learn-format report with 2 decimals. */
  public ClassificationReport classificationReport() {
    return ClassificationReport.of(confusionMatrix);
  }

  /** Fraction of exactly right predictions, over all samples. */
  public Proportion accuracy() {
    return accuracy;
  }

  /** Recall of the positive class: TP / (TP + FN); undefined without actual positives. */
  public Proportion sensitivity() {
    return sensitivity;
  }

  /** Recall of the negatives (one-vs-rest): TN / (TN + FP); undefined without actual negatives. */
  public Proportion specificity() {
    return specificity;
  }

  /** Positive predictive value TP / (TP + FP); undefined when nothing is predicted positive. */
  public Proportion ppv() {
    return ppv;
  }

  /** Negative predictive value TN / (TN + FN); undefined when everything is predicted positive. */
  public Proportion npv() {
    return npv;
  }

  /** The ROC curve of the positive class's probability; empty unless both classes occur. */
  public Optional<RocCurve> rocCurve() {
    return Optional.ofNullable(rocCurve);
  }

  /** The AUC with its bootstrap interval; empty unless both classes occur. */
  public Optional<AucEstimate> auc() {
    return Optional.ofNullable(auc);
  }

  /**
   * The tutorial's own output: the matrix, then {@code acc}, {@code sensitivity} and
   * {@code specificity} with 4 decimals, for this evaluation's positive class ({@code n/a} where
   * the tutorial's numpy would print {@code nan}).
   */
  public String tutorialSummary() {
    return confusionMatrix + "\n"
        + "acc: " + plain(accuracy) + "\n"
        + "sensitivity: " + plain(sensitivity) + "\n"
        + "specificity: " + plain(specificity) + "\n";
  }

  /**
   * Every figure with its interval, one per line, after a line naming the positive class, the
   * decision rule and how the intervals were computed, e.g.
   * {@code sensitivity: 1.0000 (95% CI 0.5655-1.0000, n=5)}. Without the research-use notice, for
   * reports that print it once at their end; {@link #summary()} adds it.
   */
  public String intervals() {
    StringBuilder text = new StringBuilder();
    text.append("positive class: ").append(positiveClass())
        .append("; decision: ").append(decisionRule.describe())
        .append("; ").append(Decimals.percent(metrics.confidenceLevel()))
        .append(" confidence intervals (Wilson score; AUC: stratified bootstrap)").append('\n');
    text.append("accuracy: ").append(accuracy).append('\n');
    text.append("sensitivity: ").append(sensitivity).append('\n');
    text.append("specificity: ").append(specificity).append('\n');
    text.append("PPV: ").append(ppv).append('\n');
    text.append("NPV: ").append(npv).append('\n');
    text.append("AUC: ").append(auc == null ? "n/a (needs both classes)" : auc.toString()).append('\n');
    return text.toString();
  }

  /** {@link #intervals()} followed by the research-use notice. */
  public String summary() {
    return intervals() + SdkInfo.RESEARCH_USE_NOTICE + '\n';
  }

  private static String plain(Proportion p) {
    return p.isDefined() ? Decimals.fixed(p.value().getAsDouble(), 4) : "n/a";
  }

  /** The same as {@link #summary()}. */
  @Override
  public String toString() {
    return summary();
  }
}
