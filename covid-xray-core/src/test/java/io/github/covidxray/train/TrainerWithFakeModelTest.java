package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.Augmentation;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer and its listeners drive any {@link TrainableModel}: here a pure-Java fake. */
class TrainerWithFakeModelTest {

  static final List<String> CLASSES = List.of("covid", "normal");
  static final int SIZE = 2;

  @Test
  void fitRunsTheStepsWithTheDecayedRatesAndValidatesInBatches() {
    FakeTrainableModel model = new FakeTrainableModel(CLASSES, SIZE);
    List<Object> seen = new ArrayList<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onTrainingStart(TrainingContext context) {
        seen.add(context.model());
      }

      @Override
      public void onStepEnd(TrainingContext context, StepProgress progress) {
        seen.add("step " + progress.epoch() + "." + progress.step());
      }

      @Override
      public void onEpochEnd(TrainingContext context, EpochRecord record) {
        seen.add("epoch " + record.epoch());
      }
    };
    Trainer trainer = Trainer.builder().epochs(3).batchSize(4).learningRate(0.01)
        .augmentation(Augmentation.none()).listener(recorder).build();

    TrainingHistory history = trainer.fit(model, dataset(10, 1), dataset(5, 2));

    assertThat(model.compileCalls()).isEqualTo(1);
    assertThat(model.compiledWith()).isEqualTo(AdamSettings.keras());
    // floor(10 / 4) = 2 steps per epoch; Keras's decay: 0.01 / (1 + (0.01 / 3) * iterations).
    List<Float> expectedRates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      expectedRates.add((float) (0.01 / (1 + 0.01 / 3 * i)));
    }
    assertThat(model.learningRates()).containsExactlyElementsOf(expectedRates);
    assertThat(model.trainBatchSizes()).containsExactly(4, 4, 4, 4, 4, 4);
    assertThat(model.evaluateBatchSizes()).as("5 validation images in batches of 4").containsExactly(4, 1, 4, 1, 4, 1);
    assertThat(seen).containsExactly(model, "step 1.1", "step 1.2", "epoch 1", "step 2.1", "step 2.2", "epoch 2",
        "step 3.1", "step 3.2", "epoch 3");
    // Step losses are 1..6, so the epochs' means are 1.5, 3.5, 5.5; validation loss is 1 / (1 + steps).
    assertThat(history.epochs()).extracting(EpochRecord::loss).containsExactly(1.5, 3.5, 5.5);
    assertThat(history.epochs()).extracting(EpochRecord::valLoss)
        .containsExactly((double) (float) (1.0 / 3), (double) (float) (1.0 / 5), (double) (float) (1.0 / 7));
    // Accuracy 1 / batch size, weighted by batch size: (4 * 1/4 + 1 * 1) / 5 = 0.4.
    assertThat(history.epochs()).extracting(EpochRecord::valAccuracy).containsOnly((double) 0.4f);
  }

  @Test
  void earlyStoppingRestoresAndTheCheckpointSavesThroughTheInterface() {
    // Validation loss after 2, 4, 6, 8 steps: 3, 1, 2, 4; the best epoch is 2.
    Map<Integer, Double> validationLoss = Map.of(2, 3.0, 4, 1.0, 6, 2.0, 8, 4.0);
    FakeTrainableModel model = new FakeTrainableModel(CLASSES, SIZE, step -> 0.5, validationLoss::get);
    EarlyStopping stopping = EarlyStopping.of(Monitor.VAL_LOSS, 0);
    Path directory = Path.of("best.model");
    BestModelCheckpoint checkpoint = new BestModelCheckpoint(directory, Monitor.VAL_LOSS);
    Trainer trainer = Trainer.builder().epochs(4).batchSize(4).augmentation(Augmentation.none())
        .listener(stopping).listener(checkpoint).build();

    TrainingHistory history = trainer.fit(model, dataset(8, 3), dataset(4, 4));

    assertThat(history.size()).as("stopped after epoch 3, the first without improvement").isEqualTo(3);
    assertThat(stopping.bestEpoch()).isEqualTo(2);
    assertThat(model.restoredSteps()).as("epoch 2's weights: 4 steps").containsExactly(4);
    assertThat(model.steps()).isEqualTo(4);
    assertThat(model.savedTo()).containsExactly(directory, directory);
    assertThat(model.savedSummaries()).extracting(s -> s.epoch()).containsExactly(1, 2);
    assertThat(model.savedSummaries()).extracting(s -> s.valLoss()).containsExactly(3.0, 1.0);
  }

  @Test
  void aNaNLossStopsTrainingNamingTheEpochAndStep() {
    FakeTrainableModel model = new FakeTrainableModel(CLASSES, SIZE, step -> step == 3 ? Double.NaN : 1,
        steps -> 1);
    Trainer trainer = Trainer.builder().epochs(2).batchSize(2).augmentation(Augmentation.none()).build();

    assertThatThrownBy(() -> trainer.fit(model, dataset(4, 5)))
        .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
          assertThat(e.epoch()).isEqualTo(2);
          assertThat(e.step()).isEqualTo(1);
        });
  }

  @Test
  void dataOfOtherClassesOrSizeIsRefusedBeforeAnyStep() {
    FakeTrainableModel model = new FakeTrainableModel(List.of("a", "b"), SIZE);
    FakeTrainableModel bigger = new FakeTrainableModel(CLASSES, 4);
    Trainer trainer = Trainer.builder().epochs(1).batchSize(2).build();

    assertThatThrownBy(() -> trainer.fit(model, dataset(4, 6))).hasMessageContaining("[a, b]");
    assertThatThrownBy(() -> trainer.fit(bigger, dataset(4, 6))).hasMessageContaining("expects 4x4");
    assertThat(model.isCompiled()).isFalse();
    assertThat(bigger.isCompiled()).isFalse();
  }

  /**
   * {@code n} images of {@link #SIZE} pixels, alternately covid and normal, image {@code i} filled
   * with the value {@code (seed * 31 + i * 17) % 256}.
   */
  static ImageDataset dataset(int n, int seed) {
    List<byte[]> pixels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      byte[] image = new byte[SIZE * SIZE * 3];
      Arrays.fill(image, (byte) ((seed * 31 + i * 17) % 256));
      pixels.add(image);
      sources.add(Path.of("image-" + seed + "-" + i + ".png"));
      labels[i] = i % 2;
    }
    return ImageDataset.of(CLASSES, SIZE, pixels, labels, sources);
  }
}
