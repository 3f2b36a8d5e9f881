package io.github.covidxray.crossval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.data.Augmentation;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.metrics.Metrics;
import io.github.covidxray.model.TrainableModel;
import io.github.covidxray.train.FakeTrainableModel;
import io.github.covidxray.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cross-validation needs nothing but the {@link TrainableModel} interface: a pure-Java fake runs it. */
class CrossValidationWithFakeModelTest {

  private static final List<String> CLASSES = List.of("covid", "normal");
  private static final int SIZE = 2;

  @Test
  void everyFoldGetsAFreshModelThatIsTrainedPredictsTheHeldOutImagesAndIsClosed() {
    int n = 12;
    ImageDataset data = dataset(n);
    List<FakeTrainableModel> built = new ArrayList<>();
    CrossValidation cv = CrossValidation.builder().folds(3).seed(1)
        .model(() -> {
          FakeTrainableModel model = new FakeTrainableModel(CLASSES, SIZE);
          built.add(model);
          return model;
        })
        .trainer(Trainer.builder().epochs(2).batchSize(2).augmentation(Augmentation.none()).build())
        .metrics(Metrics.builder().classNames(CLASSES).positiveClass("covid").bootstrapResamples(10).build())
        .withoutLeakageCheck()
        .build();

    CrossValidationResult result = cv.run(data);

    assertThat(built).hasSize(3);
    for (int f = 0; f < 3; f++) {
      FakeTrainableModel model = built.get(f);
      FoldResult fold = result.foldResults().get(f);
      assertThat(model.isClosed()).as("fold %d's model", f + 1).isTrue();
      assertThat(model.compileCalls()).isEqualTo(1);
      assertThat(model.steps()).as("2 epochs of floor(train / 2) steps").isEqualTo(2 * (fold.trainSize() / 2));
      assertThat(fold.trainSize() + fold.testSize()).isEqualTo(n);
      assertThat(fold.history().size()).isEqualTo(2);
    }
    // The fake predicts p(covid) = the mean pixel; every image is held out once and pooled in place.
    double[][] pooled = result.pooled().probabilities();
    for (int i = 0; i < n; i++) {
      float expected = value(i) / 255f;
      assertThat(pooled[i]).as("image %d", i).containsExactly(expected, (double) (1f - expected));
    }
  }

  private static int value(int i) {
    return 20 * i + 5;
  }

  /** {@code n} images, alternately covid and normal, image {@code i} filled with {@link #value}. */
  private static ImageDataset dataset(int n) {
    List<byte[]> pixels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      byte[] image = new byte[SIZE * SIZE * 3];
      Arrays.fill(image, (byte) value(i));
      pixels.add(image);
      sources.add(Path.of("image-" + i + ".png"));
      labels[i] = i % 2;
    }
    return ImageDataset.of(CLASSES, SIZE, pixels, labels, sources);
  }
}
