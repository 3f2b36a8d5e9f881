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
import java.util.List;

/** Several listeners as one, called in order. */
final class Listeners implements StudyListener {

  private final List<StudyListener> listeners;

  Listeners(List<StudyListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onLoading(Path dataset) {
    listeners.forEach(l -> l.onLoading(dataset));
  }

  @Override
  public void onLoaded(ImageDataset data, PatientIds patientIds) {
    listeners.forEach(l -> l.onLoaded(data, patientIds));
  }

  @Override
  public void onSplit(DatasetSplit split, boolean byPatient, long seed) {
    listeners.forEach(l -> l.onSplit(split, byPatient, seed));
  }

  @Override
  public void onLeakageChecked(LeakageReport report) {
    listeners.forEach(l -> l.onLeakageChecked(report));
  }

  @Override
  public void onCrossValidationStart(int folds, long seed) {
    listeners.forEach(l -> l.onCrossValidationStart(folds, seed));
  }

  @Override
  public void onCompilingModel() {
    listeners.forEach(l -> l.onCompilingModel());
  }

  @Override
  public void onBuildingModel(VggWeights weights) {
    listeners.forEach(l -> l.onBuildingModel(weights));
  }

  @Override
  public void onModelBuilt(VggTransferModel model) {
    listeners.forEach(l -> l.onModelBuilt(model));
  }

  @Override
  public void onTrainingStart(VggTransferModel model) {
    listeners.forEach(l -> l.onTrainingStart(model));
  }

  @Override
  public void onFoldStart(Fold fold, int foldCount, int trainSize, int validationSize) {
    listeners.forEach(l -> l.onFoldStart(fold, foldCount, trainSize, validationSize));
  }

  @Override
  public void onFoldEnd(FoldResult result, int foldCount) {
    listeners.forEach(l -> l.onFoldEnd(result, foldCount));
  }

  @Override
  public void onEvaluating() {
    listeners.forEach(l -> l.onEvaluating());
  }

  @Override
  public void onEvaluated(Evaluation evaluation) {
    listeners.forEach(l -> l.onEvaluated(evaluation));
  }

  @Override
  public void onCrossValidated(CrossValidationResult result) {
    listeners.forEach(l -> l.onCrossValidated(result));
  }

  @Override
  public void onSaving(Path model) {
    listeners.forEach(l -> l.onSaving(model));
  }

  @Override
  public void onFinished(StudyResult result) {
    listeners.forEach(l -> l.onFinished(result));
  }
}
