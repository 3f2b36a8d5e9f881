package io.github.covidxray.study;

import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.crossval.FoldResult;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.Fold;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.PatientIds;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import java.nio.file.Path;

/**
 * What a {@link TransferStudy} tells the outside while it runs, step by step, so that a console, a log
 * or a GUI can show progress and results as they come (training runs take minutes to hours). Every
 * method has an empty default; {@link StudyConsole} prints them the way the tutorial does. Epoch-level
 * progress comes from the trainer's own listeners.
 */
public interface StudyListener {

  /** The data set is about to be loaded. */
  default void onLoading(Path dataset) {}

  /**
   * The data set is loaded, with patient ids attached when its manifests give any.
   *
   * @param data the images (unreadable files are in {@link ImageDataset#skipped()})
   * @param patientIds where the ids came from ({@link PatientIds#isEmpty()} when no manifest was used)
   */
  default void onLoaded(ImageDataset data, PatientIds patientIds) {}

  /**
   * The hold-out split is made.
   *
   * @param split training and test parts
   * @param byPatient whether every patient is wholly on one side
   * @param seed the split's seed
   */
  default void onSplit(DatasetSplit split, boolean byPatient, long seed) {}

  /** Training and test parts were checked for shared files, near-duplicates and patients. */
  default void onLeakageChecked(LeakageReport report) {}

  /** Cross-validation is about to start. */
  default void onCrossValidationStart(int folds, long seed) {}

  /** The hold-out model is about to be built (the tutorial's "compiling model" step). */
  default void onCompilingModel() {}

  /** A model is about to be built with these weights (they may be downloaded now). */
  default void onBuildingModel(VggWeights weights) {}

  /** A model was built. */
  default void onModelBuilt(VggTransferModel model) {}

  /** The hold-out model starts training. */
  default void onTrainingStart(VggTransferModel model) {}

  /** A cross-validation fold starts (sizes of its parts). */
  default void onFoldStart(Fold fold, int foldCount, int trainSize, int validationSize) {}

  /** A cross-validation fold is done. */
  default void onFoldEnd(FoldResult result, int foldCount) {}

  /** The trained model is about to be evaluated on the test part. */
  default void onEvaluating() {}

  /** The hold-out evaluation is done. */
  default void onEvaluated(Evaluation evaluation) {}

  /** Cross-validation is done. */
  default void onCrossValidated(CrossValidationResult result) {}

  /** The model is about to be saved. */
  default void onSaving(Path model) {}

  /** The study is done and its outputs are written. */
  default void onFinished(StudyResult result) {}
}
