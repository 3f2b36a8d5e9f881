package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.covidxray.crossval.CrossValidation;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.crossval.FoldResult;
import io.github.covidxray.data.Augmentation;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.RandomRotation;
import io.github.covidxray.metrics.Metrics;
import io.github.covidxray.model.FeatureCacheStatistics;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The frozen-base feature cache: the same history with and without it, and the base run once per
 * image that is not augmented, counted by the model (not timed).
 */
class FeatureCacheTest {

  private static final int SIZE = 32;
  private static final int EPOCHS = 3;
  private static final int BATCH = 4;
  /** 12 training images (3 full batches, so every image is used every epoch) and 6 validation images. */
  private static final ImageDataset DATA = SyntheticSets.discVersusBackground(9, SIZE, 5);
  private static final ImageDataset TRAIN = DATA.subset(IntStream.range(0, 12).toArray());
  private static final ImageDataset VALIDATION = DATA.subset(IntStream.range(12, 18).toArray());

  private static VggTransferModel.Builder model() {
    return VggTransferModel.builder().inputSize(SIZE).weights(VggWeights.randomFeatures(3))
        .classes(SyntheticSets.CLASSES).headUnits(8).seed(9);
  }

  private static Trainer trainer(Augmentation augmentation) {
    return Trainer.builder().epochs(EPOCHS).batchSize(BATCH).learningRate(1e-2).seed(4)
        .augmentation(augmentation).build();
  }

  private record Run(TrainingHistory history, float[][] predictions, FeatureCacheStatistics statistics) {}

  private static Run fit(VggTransferModel.Builder builder, Augmentation augmentation) {
    try (VggTransferModel model = builder.build()) {
      TrainingHistory history = trainer(augmentation).fit(model, TRAIN, VALIDATION);
      float[][] predictions = Metrics.builder().classNames(SyntheticSets.CLASSES).positiveClass("a").build()
          .predict(model, VALIDATION);
      return new Run(history, predictions, model.featureCacheStatistics());
    }
  }

  private static void assertSameRun(Run cached, Run uncached) {
    assertThat(cached.history().size()).isEqualTo(EPOCHS);
    for (int e = 0; e < EPOCHS; e++) {
      EpochRecord a = cached.history().epochs().get(e);
      EpochRecord b = uncached.history().epochs().get(e);
      assertThat(a.loss()).isCloseTo(b.loss(), within(1e-6));
      assertThat(a.accuracy()).isCloseTo(b.accuracy(), within(1e-6));
      assertThat(a.valLoss()).isCloseTo(b.valLoss(), within(1e-6));
      assertThat(a.valAccuracy()).isCloseTo(b.valAccuracy(), within(1e-6));
    }
    for (int i = 0; i < VALIDATION.size(); i++) {
      for (int c = 0; c < 2; c++) {
        assertThat(cached.predictions()[i][c]).isCloseTo(uncached.predictions()[i][c], within(1e-6f));
      }
    }
    // the run learned something, so equal histories are not two flat lines
    assertThat(uncached.history().epochs().get(EPOCHS - 1).loss())
        .isNotCloseTo(uncached.history().epochs().get(0).loss(), within(1e-4));
  }

  @Test
  void withoutAugmentationEveryImageGoesThroughTheBaseOnceAndTheHistoryIsUnchanged() {
    Run cached = fit(model(), Augmentation.none());
    Run uncached = fit(model().featureCacheBytes(0), Augmentation.none());

    assertSameRun(cached, uncached);
    int images = TRAIN.size() + VALIDATION.size();
    assertThat(cached.statistics().baseEvaluations()).isEqualTo(images);
    assertThat(cached.statistics().cachedImages()).isEqualTo(images);
    // each epoch's training and validation images, then the validation set's final prediction
    assertThat(uncached.statistics().baseEvaluations())
        .isEqualTo((long) EPOCHS * images + VALIDATION.size());
    assertThat(uncached.statistics().hits()).isZero();
    assertThat(cached.statistics().hits()).isEqualTo((long) (EPOCHS - 1) * images + VALIDATION.size());
  }

  @Test
  void withAugmentationOnlyTheTrainingBatchesGoThroughTheBaseEachStep() {
    Augmentation rotation = RandomRotation.ofDegrees(15);
    Run cached = fit(model(), rotation);
    Run uncached = fit(model().featureCacheBytes(0), rotation);

    assertSameRun(cached, uncached);
    assertThat(cached.statistics().baseEvaluations())
        .isEqualTo((long) EPOCHS * TRAIN.size() + VALIDATION.size());
    assertThat(cached.statistics().cachedImages()).isEqualTo(VALIDATION.size());
  }

  @Test
  void pastItsBudgetTheCacheKeepsWhatItHoldsAndTheRestIsComputedEveryTime() {
    long perImage = 4L * 512 + 96;   // a 1x1x512 base output at 32x32, plus the per-entry estimate
    Run small = fit(model().featureCacheBytes(5 * perImage), Augmentation.none());
    Run uncached = fit(model().featureCacheBytes(0), Augmentation.none());

    assertSameRun(small, uncached);
    assertThat(small.statistics().cachedImages()).isEqualTo(5);
    assertThat(small.statistics().bytes()).isLessThanOrEqualTo(small.statistics().budgetBytes());
    int images = TRAIN.size() + VALIDATION.size();
    assertThat(small.statistics().baseEvaluations())
        .isEqualTo(5 + (long) EPOCHS * (images - 5) + VALIDATION.size());
  }

  @Test
  void fineTuningTurnsTheCacheOffBecauseTheBaseChanges() {
    Run tuned = fit(model().fineTuning(FineTuning.fromBlock(5)), Augmentation.none());
    assertThat(tuned.statistics().budgetBytes()).isZero();
    assertThat(tuned.statistics().cachedImages()).isZero();
    int images = TRAIN.size() + VALIDATION.size();
    assertThat(tuned.statistics().baseEvaluations()).isEqualTo((long) EPOCHS * images + VALIDATION.size());
  }

  @Test
  void crossValidationRunsTheFrozenBaseOncePerImagePerFold() {
    List<VggTransferModel> models = new ArrayList<>();
    CrossValidationResult result = CrossValidation.builder().folds(3).seed(11)
        .model(() -> {
          VggTransferModel m = model().build();
          models.add(m);
          return m;
        })
        .trainer(Trainer.builder().epochs(EPOCHS).batchSize(BATCH).seed(4)
            .augmentation(Augmentation.none()).build())
        .metrics(Metrics.builder().classNames(SyntheticSets.CLASSES).positiveClass("a")
            .bootstrapResamples(50).build())
        .build().run(DATA);

    assertThat(models).hasSize(3);
    for (int f = 0; f < 3; f++) {
      FoldResult fold = result.foldResults().get(f);
      int trainUsed = fold.trainSize() / BATCH * BATCH;
      assertThat(fold.trainSize() % BATCH).as("fold %d trains on whole batches", f).isZero();
      // training, every epoch's validation and the held-out evaluation: each image once
      assertThat(models.get(f).featureCacheStatistics().baseEvaluations())
          .as("fold %d", f).isEqualTo(trainUsed + fold.testSize());
      // cross-validation closed the fold's model, which let go of its cached outputs
      assertThat(models.get(f).featureCacheStatistics().cachedImages()).isZero();
    }
  }
}
