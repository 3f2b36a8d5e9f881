package io.github.covidxray.study;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.crossval.CrossValidationProgress;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.crossval.FoldResult;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.Fold;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.PatientIds;
import io.github.covidxray.data.SkippedFile;
import io.github.covidxray.data.quality.LeakagePair;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.internal.TextOutput;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints a study the way the tutorial's {@code train_covid19.py} does ({@code [INFO] loading
 * images...}, {@code [INFO] compiling model...}, {@code [INFO] training head...}, {@code [INFO]
 * evaluating network...}, the classification report, the confusion matrix and {@code acc} /
 * {@code sensitivity} / {@code specificity}), with this SDK's additions as {@code [INFO]} /
 * {@code [WARN]} lines between them: patient ids, the split, the leakage check, every figure with its
 * interval, and the research-use notice at the end. Pair it with a trainer that has a
 * {@link io.github.covidxray.train.ConsoleProgress} for the epoch lines.
 */
public final class StudyConsole implements StudyListener {

  /** Leakage pairs listed one per line; the rest are counted. */
  public static final int MAX_LISTED_PAIRS = 10;

  private final TextOutput out;
  private final CrossValidationProgress folds;

  /**
   * A console on {@code out}.
   *
   * @param out e.g. {@code System.out} or a {@code PrintWriter}
   */
  public StudyConsole(Appendable out) {
    this.out = new TextOutput(out);
    this.folds = new CrossValidationProgress(out);
  }

  @Override
  public void onLoading(Path dataset) {
    out.println("[INFO] loading images...");
  }

  @Override
  public void onLoaded(ImageDataset data, PatientIds patientIds) {
    for (SkippedFile skipped : data.skipped()) {
      out.printf("[WARN] skipped %s: %s%n", skipped.file(), skipped.reason());
    }
    if (!patientIds.isEmpty()) {
      out.printf("[INFO] patient ids for %d of %d images from %s%n", data.groupedImages(), data.size(),
          patientIds.manifests());
    }
    out.printf("[INFO] %d images (%s) at %dx%d%n", data.size(), StudyResult.counts(data), data.imageSize(), data.imageSize());
  }

  @Override
  public void onSplit(DatasetSplit split, boolean byPatient, long seed) {
    out.printf("[INFO] %s split (seed %d): %d training images (%s), %d test images (%s)%n",
        byPatient ? "stratified patient-level" : "stratified", seed, split.train().size(), StudyResult.counts(split.train()),
        split.test().size(), StudyResult.counts(split.test()));
  }

  @Override
  public void onLeakageChecked(LeakageReport report) {
    if (report.isClean()) {
      out.println("[INFO] leakage check (training vs test): " + report);
      return;
    }
    out.println("[WARN] leakage check (training vs test) found " + report + "; test figures may be optimistic");
    List<LeakagePair> pairs = report.pairs();
    for (LeakagePair pair : pairs.subList(0, Math.min(pairs.size(), MAX_LISTED_PAIRS))) {
      out.println("[WARN]   " + pair);
    }
    if (pairs.size() > MAX_LISTED_PAIRS) {
      out.printf("[WARN]   ... and %d more pair(s)%n", pairs.size() - MAX_LISTED_PAIRS);
    }
    for (Path file : report.unreadableFiles()) {
      out.println("[WARN]   could not read " + file + " for the identical-file check");
    }
  }

  @Override
  public void onCrossValidationStart(int folds, long seed) {
    out.printf("[INFO] cross-validating: %d stratified folds (seed %d), a fresh model per fold%n", folds, seed);
  }

  @Override
  public void onCompilingModel() {
    out.println("[INFO] compiling model...");
  }

  @Override
  public void onBuildingModel(VggWeights weights) {
    if (weights instanceof VggWeights.ImageNet imageNet) {
      out.printf("[INFO] ImageNet weights: %s in %s%s%n", imageNet.file().fileName(),
          imageNet.repository().cacheDir(), imageNet.repository().offline() ? " (offline: no download)"
              : " (downloaded there once, about 58 MB, if missing)");
    }
  }

  @Override
  public void onModelBuilt(VggTransferModel model) {
    out.printf("[INFO] VGG16 base weights: %s; input %dx%d, %s scaling%n", model.config().weightsSource(),
        model.config().inputSize(), model.config().inputSize(), model.config().inputScaling());
  }

  @Override
  public void onTrainingStart(VggTransferModel model) {
    out.println("[INFO] training head...");
    if (model.config().fineTuning() instanceof FineTuning.FromBlock fromBlock) {
      int from = fromBlock.block();
      out.println("[INFO] also fine-tuning VGG16 " + (from == 5 ? "block 5" : "blocks " + from + "-5")
          + " (the tutorial trains the head only)");
    }
  }

  @Override
  public void onFoldStart(Fold fold, int foldCount, int trainSize, int validationSize) {
    folds.onFoldStart(fold, foldCount, trainSize, validationSize);
  }

  @Override
  public void onFoldEnd(FoldResult result, int foldCount) {
    folds.onFoldEnd(result, foldCount);
  }

  @Override
  public void onEvaluating() {
    out.println("[INFO] evaluating network...");
  }

  @Override
  public void onEvaluated(Evaluation evaluation) {
    out.println(evaluation.classificationReport().toString());
    out.print(evaluation.tutorialSummary());
    out.print(evaluation.intervals());
  }

  @Override
  public void onCrossValidated(CrossValidationResult result) {
    out.println("[INFO] evaluating network (out-of-fold predictions)...");
    out.print(result.toText());
  }

  @Override
  public void onSaving(Path model) {
    out.println("[INFO] saving COVID-19 detector model...");
  }

  @Override
  public void onFinished(StudyResult result) {
    Path plot = result.plot().orElse(null);
    Path model = result.model().orElse(null);
    if (plot != null && model != null) {
      out.printf("[INFO] wrote the plot to %s and the model to %s%n", plot, model);
    } else if (plot != null || model != null) {
      out.printf("[INFO] wrote the %s to %s%n", plot != null ? "plot" : "model", plot != null ? plot : model);
    }
    if (result.evaluation().isPresent()) {
      out.println(SdkInfo.RESEARCH_USE_NOTICE);
    }
  }
}
