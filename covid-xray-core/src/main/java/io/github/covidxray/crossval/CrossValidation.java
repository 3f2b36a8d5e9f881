package io.github.covidxray.crossval;

import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.Fold;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.StratifiedGroupKFold;
import io.github.covidxray.data.quality.LeakageCheck;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.Metrics;
import io.github.covidxray.model.TrainableModel;
import io.github.covidxray.train.Trainer;
import io.github.covidxray.train.TrainingHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stratified (group) k-fold cross-validation of the tutorial's classifier: every fold trains a fresh
 * model through the normal {@link Trainer} on the other folds' images and evaluates it on its own, so
 * that every image is predicted exactly once, by a model that never trained on it.
 *
 * <pre>{@code
 * CrossValidation cv = CrossValidation.builder()
 *     .folds(5).seed(42)
 *     .model(() -> VggTransferModel.builder().classes(data.classNames()).build()) // any TrainableModel
 *     .trainer(Trainer.builder().epochs(25).batchSize(8).build())
 *     .metrics(Metrics.builder().classNames(data.classNames()).positiveClass("covid").build())
 *     .listener(new CrossValidationProgress(System.out))
 *     .build();
 * CrossValidationResult result = cv.run(data);
 * System.out.print(result.toText());
 * }</pre>
 *
 * <p><b>Folds.</b> {@link StratifiedGroupKFold} with this configuration's {@code k} and seed: class
 * proportions kept per fold, and every group (patient, see {@link ImageDataset#withGroups}) wholly in
 * one fold. Before any training, every fold is checked: enough groups per class for {@code k}, a
 * training part of at least one batch, and (unless switched off) a {@link LeakageCheck} of every fold's
 * training against its held-out images, which warns by default and throws when strict.
 *
 * <p><b>Per fold.</b> A new model from the factory, trained by {@link Trainer#fit}, validated after
 * every epoch as {@link FoldValidation} says (by default on the fold's held-out part, as the tutorial
 * validates on its test set), evaluated on the held-out part by {@link Metrics} with the argmax rule,
 * and closed. Every fold starts from whatever the factory builds; a factory with a fixed seed gives
 * every fold the same initial weights (as scikit-learn's {@code cross_validate} clones one estimator),
 * so the spread across folds comes from the data.
 *
 * <p><b>Reproducible.</b> The same seed, data, factory and trainer give the same folds everywhere and
 * the same figures on the same machine (the trainer and the AUC bootstrap are seeded too).
 *
 * <p>Instances are immutable (given a stateless factory) and may run several data sets; a run is
 * sequential and blocks until every fold is done. Research use only: nothing here diagnoses anyone.
 */
public final class CrossValidation {

  private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

  private final int folds;
  private final long seed;
  private final Supplier<? extends TrainableModel> modelFactory;
  private final Trainer trainer;
  private final Metrics metrics;
  private final LeakageCheck leakageCheck;
  private final FoldValidation validation;
  private final List<CrossValidationListener> listeners;

  private CrossValidation(Builder b) {
    this.folds = b.folds;
    this.seed = b.seed;
    this.modelFactory = b.modelFactory;
    this.trainer = b.trainer != null ? b.trainer : Trainer.builder().build();
    this.metrics = b.metrics;
    this.leakageCheck = b.leakageCheck;
    this.validation = b.validation;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * Starts a configuration: 5 folds, seed 42, the tutorial's {@link Trainer}, the default (warning)
   * leakage check, validation on each fold's held-out part; the model factory and the metrics are
   * required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Number of folds.
   *
   * @return k, at least 2
   */
  public int folds() {
    return folds;
  }

  /**
   * Seed of the fold assignment (and of an inner validation split).
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The trainer every fold's model is fitted with.
   *
   * @return the trainer
   */
  public Trainer trainer() {
    return trainer;
  }

  /**
   * The metrics every fold and the pooled predictions are evaluated with.
   *
   * @return the metrics, with their named positive class
   */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * What each fold validates on during training.
   *
   * @return the validation choice
   */
  public FoldValidation validation() {
    return validation;
  }

  /**
   * Runs every fold in order, then pools their held-out predictions.
   *
   * @param data the labelled images; their class names must be the metrics' and the models'
   * @return per-fold and pooled results
   * @throws IllegalArgumentException before any training, when the data's classes differ from the
   *     metrics', when there are too few images or groups of a class for {@code k} folds, or when a
   *     fold's training part is smaller than one batch (the message names the fold and what to change)
   * @throws io.github.covidxray.data.quality.LeakageException before any training, when a strict
   *     leakage check finds training and held-out images that are the same picture or patient
   * @throws IllegalStateException when the model factory returns {@code null}, a model it returned
   *     before, or a model that was already compiled (a fresh model is needed for every fold; the
   *     refused model is closed like every other model the factory hands over)
   * @throws io.github.covidxray.train.TrainingDivergedException when a fold's training diverges (the fold is named in the log)
   */
  public CrossValidationResult run(ImageDataset data) {
    Objects.requireNonNull(data, "data");
    if (!data.classNames().equals(metrics.classNames())) {
      throw new IllegalArgumentException(String.format(
          "the data set's classes %s differ from the metrics' classes %s", data.classNames(),
          metrics.classNames()));
    }
    List<Fold> foldList = new StratifiedGroupKFold(folds, seed).folds(data);
    List<Plan> plans = new ArrayList<>(folds);
    for (Fold fold : foldList) {
      plans.add(plan(data, fold));
    }
    List<LeakageReport> leakage = leakageCheck == null ? List.of() : leakageCheck.check(data, foldList);

    LOG.info("Stratified {}-fold cross-validation (seed {}) of {}; validation: {}", folds, seed, data,
        validation.describe());
    Set<TrainableModel> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<FoldResult> results = new ArrayList<>(folds);
    for (Plan plan : plans) {
      results.add(runFold(plan, seen));
    }
    Evaluation pooled = pool(data, results);
    LOG.info("Cross-validation done: pooled out-of-fold accuracy {}", pooled.accuracy());
    return new CrossValidationResult(folds, seed, data.size(), data.classCounts(), validation, results,
        pooled, leakage);
  }

  private FoldResult runFold(Plan plan, Set<TrainableModel> seen) {
    Fold fold = plan.fold;
    int number = fold.index() + 1;
    int validationSize = plan.validation == null ? 0 : plan.validation.size();
    LOG.info("Fold {}/{}: training on {} images, validating on {}, testing on {}", number, folds,
        plan.train.size(), validationSize, plan.test.size());
    listeners.forEach(l -> l.onFoldStart(fold, folds, plan.train.size(), validationSize));
    long start = System.nanoTime();
    TrainingHistory history;
    Evaluation evaluation;
    try (TrainableModel model = freshModel(seen, number)) {
      history = plan.validation == null
          ? trainer.fit(model, plan.train)
          : trainer.fit(model, plan.train, plan.validation);
      evaluation = metrics.evaluate(model::predict, plan.test);
    } catch (RuntimeException e) {
      LOG.error("Fold {}/{} failed: {}", number, folds, e.toString());
      throw e;
    }
    FoldResult result = new FoldResult(fold, plan.train.size(), validationSize, history, evaluation,
        Duration.ofNanos(System.nanoTime() - start));
    LOG.info("Fold {}/{}: {}", number, folds, CrossValidationProgress.figures(result));
    listeners.forEach(l -> l.onFoldEnd(result, folds));
    return result;
  }

  private TrainableModel freshModel(Set<TrainableModel> seen, int number) {
    TrainableModel model = modelFactory.get();
    if (model == null) {
      throw new IllegalStateException("the model factory returned null for fold " + number + "/" + folds);
    }
    if (!seen.add(model) || model.isCompiled()) {
      model.close(); // every model handed over is closed, refused ones too (closing twice is harmless)
      throw new IllegalStateException("the model factory returned a model that was already used or compiled "
          + "for fold " + number + "/" + folds + "; it must build a new model for every fold, e.g. "
          + "() -> VggTransferModel.builder()...build()");
    }
    return model;
  }

  /** Splits a fold into what the trainer fits on, validates on and what is evaluated; checks sizes. */
  private Plan plan(ImageDataset data, Fold fold) {
    DatasetSplit split = fold.split(data);
    ImageDataset train = split.train();
    ImageDataset validationSet;
    if (validation instanceof FoldValidation.TestPart) {
      validationSet = split.test();
    } else if (validation instanceof FoldValidation.InnerSplit inner) {
      DatasetSplit innerSplit = train.split(inner.fraction(), seed);
      train = innerSplit.train();
      validationSet = innerSplit.test();
    } else {
      validationSet = null;
    }
    try {
      trainer.stepsPerEpoch(train.size());   // the trainer's own check, before any fold trains
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(String.format(
          "fold %d/%d would train on %d images, fewer than one batch of %d; lower the batch size, use "
              + "fewer folds%s or more data", fold.index() + 1, folds, train.size(), trainer.config().batchSize(),
          validation instanceof FoldValidation.InnerSplit ? ", a smaller inner validation fraction" : ""), e);
    }
    return new Plan(fold, train, validationSet, split.test());
  }

  /** Places each fold's held-out probabilities at their images' places and evaluates them together. */
  private Evaluation pool(ImageDataset data, List<FoldResult> results) {
    double[][] probabilities = new double[data.size()][];
    for (FoldResult result : results) {
      int[] test = result.fold().testIndices();
      double[][] rows = result.evaluation().probabilities();
      for (int i = 0; i < test.length; i++) {
        if (probabilities[test[i]] != null) {
          throw new IllegalStateException("image " + test[i] + " is held out by two folds");
        }
        probabilities[test[i]] = rows[i];
      }
    }
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i] == null) {
        throw new IllegalStateException("image " + i + " is held out by no fold");
      }
    }
    return metrics.evaluate(data.labels(), probabilities);
  }

  private record Plan(Fold fold, ImageDataset train, ImageDataset validation, ImageDataset test) {
  }

  /** Fluent configuration of a {@link CrossValidation}; {@link #build()} validates it. */
  public static final class Builder {

    private int folds = StratifiedGroupKFold.DEFAULT_FOLDS;
    private long seed = 42;
    private Supplier<? extends TrainableModel> modelFactory;
    private Trainer trainer;
    private Metrics metrics;
    private LeakageCheck leakageCheck = LeakageCheck.defaults();
    private FoldValidation validation = FoldValidation.testPart();
    private final List<CrossValidationListener> listeners = new ArrayList<>();

    private Builder() {
    }

    /**
     * Number of folds (default {@value StratifiedGroupKFold#DEFAULT_FOLDS}).
     *
     * @param k at least 2, and at most the number of groups (patients, or ungrouped images) holding
     *     each class, which {@link CrossValidation#run} checks
     * @return this builder
     */
    public Builder folds(int k) {
      this.folds = k;
      return this;
    }

    /**
     * Seed of the fold assignment and of an inner validation split (default 42). The trainer and the
     * model factory have their own seeds.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the model of each fold (required), any {@link TrainableModel}; called once per fold, it
     * must return a new, uncompiled model each time, e.g.
     * {@code () -> VggTransferModel.builder().config(config).weights(weights).build()}. The
     * cross-validation closes every model it gets.
     *
     * @param factory the model factory
     * @return this builder
     */
    public Builder model(Supplier<? extends TrainableModel> factory) {
      this.modelFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * The trainer of every fold (default: the tutorial's, {@code Trainer.builder().build()}). Its
     * listeners run in every fold; stateful ones must reset in {@link io.github.covidxray.train.TrainingListener#onTrainingStart}
     * (the library's {@link io.github.covidxray.train.EarlyStopping} and {@link io.github.covidxray.train.BestModelCheckpoint} do, but a checkpoint writes
     * every fold to the same file).
     *
     * @param trainer the trainer
     * @return this builder
     */
    public Builder trainer(Trainer trainer) {
      this.trainer = Objects.requireNonNull(trainer, "trainer");
      return this;
    }

    /**
     * How folds and pooled predictions are evaluated (required): the class names, the named positive
     * class, the confidence level and the AUC bootstrap.
     *
     * @param metrics the metrics
     * @return this builder
     */
    public Builder metrics(Metrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * The leakage check run over every fold before training (default {@link LeakageCheck#defaults()},
     * which logs warnings); pass a strict one ({@code LeakageCheck.builder().strict().build()}) to
     * refuse leaking folds.
     *
     * @param check the check
     * @return this builder
     */
    public Builder leakageCheck(LeakageCheck check) {
      this.leakageCheck = Objects.requireNonNull(check, "check (use withoutLeakageCheck() to skip it)");
      return this;
    }

    /**
     * Skips the leakage check (it reads every source file and hashes every image once).
     *
     * @return this builder
     */
    public Builder withoutLeakageCheck() {
      this.leakageCheck = null;
      return this;
    }

    /**
     * What each fold validates on during training (default {@link FoldValidation#testPart()}).
     *
     * @param validation the choice
     * @return this builder
     */
    public Builder validation(FoldValidation validation) {
      this.validation = Objects.requireNonNull(validation, "validation");
      return this;
    }

    /**
     * Adds a listener, called before and after every fold in the order added.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(CrossValidationListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the cross-validation
     * @throws IllegalArgumentException when k is below 2, or the model factory or metrics are missing
     */
    public CrossValidation build() {
      new StratifiedGroupKFold(folds, seed);   // the one check of the number of folds
      if (modelFactory == null) {
        throw new IllegalArgumentException("a model factory is required, e.g. "
            + "model(() -> VggTransferModel.builder().classes(List.of(\"covid\", \"normal\")).build())");
      }
      if (metrics == null) {
        throw new IllegalArgumentException("metrics are required, e.g. metrics(Metrics.builder()"
            + ".classNames(\"covid\", \"normal\").positiveClass(\"covid\").build())");
      }
      return new CrossValidation(this);
    }
  }
}
