package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.covidxray.data.Augmentation;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.model.LayerWeights;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.model.WeightSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final int SIZE = 32;
  private static ImageDataset train;
  private static ImageDataset validation;

  @BeforeAll
  static void data() {
    train = SyntheticSets.discVersusBackground(16, SIZE, 1);
    validation = SyntheticSets.discVersusBackground(5, SIZE, 2);
  }

  /** Head-only model: fast, enough for bookkeeping tests. */
  private static VggTransferModel model(long seed) {
    return VggTransferModel.builder().inputSize(SIZE).weights(VggWeights.none())
        .classes(SyntheticSets.CLASSES).headUnits(16).inputScaling(InputScaling.CAFFE).seed(seed).build();
  }

  /**
   * A random-init frozen VGG gives tiny features at this size, so the learning test also trains
   * block 5 (measured: validation accuracy 1.0 from epoch 3 on this set).
   */
  private static VggTransferModel learner(long seed) {
    return VggTransferModel.builder().inputSize(SIZE).weights(VggWeights.none())
        .classes(SyntheticSets.CLASSES).fineTuning(FineTuning.fromBlock(5)).seed(seed).build();
  }

  @Test
  void learnsASeparableSetAndKeepsTheBooks() {
    List<StepProgress> steps = new ArrayList<>();
    Trainer trainer = Trainer.builder().epochs(8).batchSize(8).learningRate(1e-3)
        .augmentation(Augmentation.none()).seed(7)
        .listener(new TrainingListener() {
          @Override
          public void onStepEnd(TrainingContext context, StepProgress progress) {
            steps.add(progress);
          }
        }).build();
    try (VggTransferModel model = learner(3)) {
      TrainingHistory history = trainer.fit(model, train, validation);

      assertThat(history.size()).isEqualTo(8);
      assertThat(history.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
      // 32 images / batch 8 = 4 steps per epoch, 32 updates in all
      assertThat(steps).hasSize(32);
      assertThat(model.iterations()).isEqualTo(32);
      TimeBasedDecay schedule = trainer.config().schedule();
      assertThat(schedule.decay()).isCloseTo(1e-3 / 8, within(1e-15));
      for (int k = 0; k < steps.size(); k++) {
        assertThat(steps.get(k).learningRate()).isCloseTo(1e-3 / (1 + (1e-3 / 8) * k), within(1e-12));
        assertThat(steps.get(k).step()).isEqualTo(k % 4 + 1);
      }
      for (int e = 0; e < 8; e++) {
        EpochRecord record = history.epochs().get(e);
        assertThat(record.learningRate()).isCloseTo(schedule.rateAt(4L * (e + 1)), within(1e-15));
        // the epoch's loss is the mean of its steps' losses (the running mean after its last step)
        double mean = steps.get(4 * e + 3).loss();
        assertThat(record.loss()).isCloseTo(mean, within(1e-9));
      }
      assertThat(history.last().orElseThrow().valAccuracy()).isGreaterThanOrEqualTo(0.9);
      assertThat(history.last().orElseThrow().valLoss()).isLessThan(history.epochs().get(0).valLoss());
      // validation figures are what evaluate() reports on the whole set
      var evaluated = Trainer.evaluate(model, validation, 8);
      assertThat(history.last().orElseThrow().valLoss()).isCloseTo(evaluated.loss(), within(1e-6));
    }
  }

  @Test
  void sameSeedSameHistory() {
    Trainer trainer = Trainer.builder().epochs(2).batchSize(8).seed(11).build();
    TrainingHistory first;
    TrainingHistory second;
    try (VggTransferModel model = model(5)) {
      first = trainer.fit(model, train, validation);
    }
    try (VggTransferModel model = model(5)) {
      second = trainer.fit(model, train, validation);
    }
    for (int e = 0; e < 2; e++) {
      EpochRecord a = first.epochs().get(e);
      EpochRecord b = second.epochs().get(e);
      assertThat(b.loss()).isEqualTo(a.loss());
      assertThat(b.accuracy()).isEqualTo(a.accuracy());
      assertThat(b.valLoss()).isEqualTo(a.valLoss());
      assertThat(b.valAccuracy()).isEqualTo(a.valAccuracy());
    }
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    List<WeightSnapshot> afterEpoch = new ArrayList<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onEpochEnd(TrainingContext context, EpochRecord record) {
        afterEpoch.add(context.model().snapshot());
      }
    };
    // an improvement must beat the best by 1e9, so only epoch 1 counts as best; patience 1 -> stop after 3
    EarlyStopping stopping = new EarlyStopping(Monitor.LOSS, 1, 1e9, true);
    Trainer trainer = Trainer.builder().epochs(10).batchSize(8).augmentation(Augmentation.none())
        .listener(recorder).listener(stopping).build();
    try (VggTransferModel model = model(9)) {
      TrainingHistory history = trainer.fit(model, train, validation);
      assertThat(history.size()).isEqualTo(3);
      assertThat(stopping.bestEpoch()).isEqualTo(1);
      LayerWeights restored = model.layerWeights("dense");
      assertThat(restored.kernel()).containsExactly(afterEpoch.get(0).layers().get("dense").kernel());
      assertThat(restored.kernel()).isNotEqualTo(afterEpoch.get(2).layers().get("dense").kernel());
    }
  }

  @Test
  void checkpointHoldsTheBestEpochsModel(@TempDir Path dir) throws Exception {
    List<WeightSnapshot> afterEpoch = new ArrayList<>();
    Path checkpointDir = dir.resolve("best-model");
    BestModelCheckpoint checkpoint = new BestModelCheckpoint(checkpointDir, Monitor.VAL_LOSS);
    Trainer trainer = Trainer.builder().epochs(3).batchSize(8).augmentation(Augmentation.none())
        .listener(new TrainingListener() {
          @Override
          public void onEpochEnd(TrainingContext context, EpochRecord record) {
            afterEpoch.add(context.model().snapshot());
          }
        })
        .listener(checkpoint).build();
    try (VggTransferModel model = model(4)) {
      TrainingHistory history = trainer.fit(model, train, validation);
      int best = 1;
      for (EpochRecord r : history.epochs()) {
        if (r.valLoss() < history.epochs().get(best - 1).valLoss()) {
          best = r.epoch();
        }
      }
      assertThat(checkpoint.bestEpoch()).isEqualTo(best);
      try (VggTransferModel saved = VggTransferModel.load(checkpointDir)) {
        assertThat(saved.trainingSummary().orElseThrow().epoch()).isEqualTo(best);
        assertThat(saved.layerWeights("dense_1").kernel())
            .containsExactly(afterEpoch.get(best - 1).layers().get("dense_1").kernel());
      }
    }
  }

  @Test
  void aListenerCanStopTraining() {
    Trainer trainer = Trainer.builder().epochs(10).batchSize(8)
        .listener(new TrainingListener() {
          @Override
          public void onEpochEnd(TrainingContext context, EpochRecord record) {
            if (record.epoch() == 2) {
              context.requestStop("enough");
            }
          }
        }).build();
    try (VggTransferModel model = model(1)) {
      assertThat(trainer.fit(model, train, validation).size()).isEqualTo(2);
    }
  }

  @Test
  void nonFiniteLossStopsWithEpochAndStep() {
    Trainer trainer = Trainer.builder().epochs(3).batchSize(8).learningRate(1e30).decay(0).build();
    try (VggTransferModel model = model(2)) {
      assertThatThrownBy(() -> trainer.fit(model, train, validation))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageMatching("training loss became (NaN|Infinity|-Infinity) at epoch \\d+, step \\d+;.*")
          .satisfies(e -> assertThat(((TrainingDivergedException) e).epoch()).isEqualTo(1));
    }
  }

  @Test
  void mismatchedDataIsRejectedWithTheReason() {
    Trainer trainer = Trainer.builder().batchSize(64).build();
    try (VggTransferModel model = model(1)) {
      assertThatThrownBy(() -> trainer.fit(model, train, validation))
          .hasMessageContaining("32 images, fewer than one batch of 64");
    }
    try (VggTransferModel other = VggTransferModel.builder().inputSize(64).weights(VggWeights.none())
        .classes(SyntheticSets.CLASSES).build()) {
      assertThatThrownBy(() -> Trainer.builder().build().fit(other, train, validation))
          .hasMessageContaining("32x32").hasMessageContaining("64x64");
    }
    try (VggTransferModel other = VggTransferModel.builder().inputSize(SIZE).weights(VggWeights.none())
        .classes(List.of("covid", "normal")).build()) {
      assertThatThrownBy(() -> Trainer.builder().build().fit(other, train, validation))
          .hasMessageContaining("[a, b]").hasMessageContaining("[covid, normal]");
    }
  }

  @Test
  void builderValidates() {
    assertThatThrownBy(() -> Trainer.builder().epochs(0).build()).hasMessageContaining("epochs");
    assertThatThrownBy(() -> Trainer.builder().batchSize(0).build()).hasMessageContaining("batch size");
    assertThatThrownBy(() -> Trainer.builder().learningRate(-1).build()).hasMessageContaining("learning rate");
  }
}
