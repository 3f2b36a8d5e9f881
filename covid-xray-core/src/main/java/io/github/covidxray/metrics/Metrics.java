package io.github.covidxray.metrics;

import io.github.covidxray.data.Batch;
import io.github.covidxray.data.ImageDataset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Entry point of the evaluation: fixes the class names, the named positive class, the confidence
 * level and the AUC bootstrap, then evaluates predicted probabilities against true labels.
 *
 * <pre>{@code
 * Metrics metrics = Metrics.builder().classNames("covid", "normal").positiveClass("covid").build();
 * Evaluation evaluation = metrics.evaluate(trueLabels, probabilities);
 * System.out.println(evaluation.classificationReport());
 * System.out.println(evaluation.summary());
 * }</pre>
 *
 * <p>The positive class is always given by name, never by index, so "sensitivity" can never silently
 * mean the recall of the wrong class. Immutable and thread-safe.
 */
public final class Metrics {
  /** Images per prediction call when evaluating a whole data set. */
  public static final int PREDICTION_BATCH = 16;

  private final List<String> classNames;
  private final String positiveClass;
  private final int positiveIndex;
  private final double confidenceLevel;
  private final AucBootstrap aucBootstrap;

  private Metrics(List<String> classNames, String positiveClass, double confidenceLevel, AucBootstrap bootstrap) {
    this.classNames = classNames;
    this.positiveClass = positiveClass;
    this.positiveIndex = ClassNames.indexOf(classNames, positiveClass);
    this.confidenceLevel = confidenceLevel;
    this.aucBootstrap = bootstrap;
  }

  /** A builder; class names and the positive class are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Class names in label order. */
  public List<String> classNames() {
    return classNames;
  }

  /** Name of the positive class. */
  public String positiveClass() {
    return positiveClass;
  }

  int positiveIndex() {
    return positiveIndex;
  }

  /** Confidence level of the Wilson intervals. */
  public double confidenceLevel() {
    return confidenceLevel;
  }

  /** The AUC bootstrap settings (its level is {@link #confidenceLevel()}). */
  public AucBootstrap aucBootstrap() {
    return aucBootstrap;
  }

  /** Evaluates with the tutorial's argmax rule. */
  public Evaluation evaluate(int[] trueLabels, double[][] probabilities) {
    return evaluate(trueLabels, probabilities, DecisionRule.argmax());
  }

  /** Evaluates float probabilities (a model's softmax output) with the argmax rule. */
  public Evaluation evaluate(int[] trueLabels, float[][] probabilities) {
    return evaluate(trueLabels, toDouble(probabilities), DecisionRule.argmax());
  }

  /** Evaluates float probabilities with {@code rule}; each float converts to double exactly. */
  public Evaluation evaluate(int[] trueLabels, float[][] probabilities, DecisionRule rule) {
    return evaluate(trueLabels, toDouble(probabilities), rule);
  }

  /**
   * Evaluates row-major probabilities, {@code probabilities[i * numClasses + c]}, as a model's
   * output tensor holds them, with {@code rule}.
   */
  public Evaluation evaluate(int[] trueLabels, float[] probabilities, DecisionRule rule) {
    Objects.requireNonNull(probabilities, "probabilities");
    int k = classNames.size();
    if (probabilities.length % k != 0) {
      throw new IllegalArgumentException(String.format(
          "probabilities has %d values, not a multiple of the %d classes", probabilities.length, k));
    }
    float[][] rows = new float[probabilities.length / k][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(probabilities, i * k, (i + 1) * k);
    }
    return evaluate(trueLabels, rows, rule);
  }

  /**
   * Evaluates {@code probabilities} against {@code trueLabels} with {@code rule}.
   *
   * @param trueLabels true class index per sample, in [0, numClasses)
   * @param probabilities {@code [sample][class]} probabilities in [0, 1], one row per label
   * @param rule how probabilities become predictions
   * @throws IllegalArgumentException on empty or mismatched inputs, labels out of range, rows of the
   *     wrong length or values that are not probabilities
   */
  public Evaluation evaluate(int[] trueLabels, double[][] probabilities, DecisionRule rule) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(probabilities, "probabilities");
    int k = classNames.size();
    ClassNames.checkLabels("trueLabels", trueLabels, k);
    if (trueLabels.length == 0) {
      throw new IllegalArgumentException("nothing to evaluate: trueLabels is empty");
    }
    if (probabilities.length != trueLabels.length) {
      throw new IllegalArgumentException(String.format(
          "trueLabels has %d samples but probabilities has %d rows", trueLabels.length, probabilities.length));
    }
    double[][] copy = new double[probabilities.length][];
    for (int i = 0; i < probabilities.length; i++) {
      double[] row = probabilities[i];
      if (row == null || row.length != k) {
        throw new IllegalArgumentException(String.format(
            "probabilities[%d] has %s values, expected one per class %s",
            i, row == null ? "no" : Integer.toString(row.length), classNames));
      }
      for (int c = 0; c < k; c++) {
        if (!(row[c] >= 0.0 && row[c] <= 1.0)) {
          throw new IllegalArgumentException(String.format(
              "probabilities[%d][%d] = %s is not a probability in [0, 1]", i, c, row[c]));
        }
      }
      copy[i] = row.clone();
    }
    return Evaluation.of(this, rule, trueLabels.clone(), copy);
  }

  /**
   * Predicts every image of {@code data} (in batches, without augmentation) and evaluates the
   * predictions against its labels with the argmax rule.
   *
   * <pre>{@code Evaluation test = metrics.evaluate(model::predict, split.test());}</pre>
   *
   * @throws IllegalArgumentException if the data set's classes differ from these metrics' classes
   */
  public Evaluation evaluate(Predictor predictor, ImageDataset data) {
    return evaluate(predictor, data, DecisionRule.argmax());
  }

  /** As {@link #evaluate(Predictor, ImageDataset)}, with another decision rule. */
  public Evaluation evaluate(Predictor predictor, ImageDataset data, DecisionRule rule) {
    return evaluate(data.labels(), predict(predictor, data), rule);
  }

  /**
   * The probabilities {@code predictor} gives for every image of {@code data}, in data set order,
   * computed in batches of {@value #PREDICTION_BATCH} images.
   *
   * @throws IllegalArgumentException if the data set's classes differ from these metrics' classes
   */
  public float[][] predict(Predictor predictor, ImageDataset data) {
    Objects.requireNonNull(predictor, "predictor");
    Objects.requireNonNull(data, "data");
    if (!data.classNames().equals(classNames)) {
      throw new IllegalArgumentException(String.format(
          "the data set's classes %s differ from the metrics' classes %s", data.classNames(), classNames));
    }
    float[][] probabilities = new float[data.size()][];
    int from = 0;
    for (Batch batch : data.batches(PREDICTION_BATCH)) {
      float[][] rows = predictor.predict(batch.images(), batch.size());
      if (rows.length != batch.size()) {
        throw new IllegalStateException(
            "the predictor returned " + rows.length + " rows for " + batch.size() + " images");
      }
      System.arraycopy(rows, 0, probabilities, from, batch.size());
      from += batch.size();
    }
    return probabilities;
  }

  private static double[][] toDouble(float[][] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    double[][] out = new double[probabilities.length][];
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i] == null) {
        throw new IllegalArgumentException("probabilities[" + i + "] is null");
      }
      out[i] = new double[probabilities[i].length];
      for (int c = 0; c < out[i].length; c++) {
        out[i][c] = probabilities[i][c];
      }
    }
    return out;
  }

  /** Builder; {@link #build()} checks that the positive class is one of the class names. */
  public static final class Builder {
    private List<String> classNames;
    private String positiveClass;
    private double confidenceLevel = Proportion.DEFAULT_CONFIDENCE_LEVEL;
    private int bootstrapResamples = AucBootstrap.DEFAULT_RESAMPLES;
    private long bootstrapSeed = AucBootstrap.DEFAULT_SEED;

    private Builder() {}

    /** Class names in label order (alphabetical for the DatasetLoader: covid, normal). Required. */
    public Builder classNames(List<String> classNames) {
      this.classNames = classNames;
      return this;
    }

    /** Class names in label order. Required. */
    public Builder classNames(String... classNames) {
      return classNames(Arrays.asList(classNames));
    }

    /** Name of the positive class, e.g. "covid". Required. */
    public Builder positiveClass(String positiveClass) {
      this.positiveClass = positiveClass;
      return this;
    }

    /** Confidence level of every interval (Wilson and AUC bootstrap), in (0, 1); default 0.95. */
    public Builder confidenceLevel(double confidenceLevel) {
      this.confidenceLevel = confidenceLevel;
      return this;
    }

    /** Number of AUC bootstrap resamples, at least 1; default 2000. */
    public Builder bootstrapResamples(int resamples) {
      this.bootstrapResamples = resamples;
      return this;
    }

    /** Seed of the AUC bootstrap; default 42. */
    public Builder bootstrapSeed(long seed) {
      this.bootstrapSeed = seed;
      return this;
    }

    /**
     * The metrics.
     *
     * @throws IllegalArgumentException if class names are missing, fewer than two, blank or
     *     repeated, if the positive class is missing or not among them (the message lists the known
     *     classes), if the confidence level is outside (0, 1) or the resample count below 1
     */
    public Metrics build() {
      if (classNames == null) {
        throw new IllegalArgumentException("classNames are required, e.g. classNames(\"covid\", \"normal\")");
      }
      List<String> names = ClassNames.check(classNames, 2);
      if (positiveClass == null) {
        throw new IllegalArgumentException(
            "positiveClass is required (by name, one of " + names + ")");
      }
      AucBootstrap bootstrap = AucBootstrap.builder()
          .resamples(bootstrapResamples)
          .seed(bootstrapSeed)
          .confidenceLevel(confidenceLevel)
          .build();
      return new Metrics(names, positiveClass, confidenceLevel, bootstrap);
    }
  }
}
