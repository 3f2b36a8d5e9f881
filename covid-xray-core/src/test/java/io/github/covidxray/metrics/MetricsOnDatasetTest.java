package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.ImageDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsOnDatasetTest {

  /** 37 images (more than two prediction batches) of constant grey levels 0, 7, 14, ... */
  private static ImageDataset greyLevels() {
    List<byte[]> pixels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    int n = 37;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      byte[] image = new byte[4 * 4 * 3];
      java.util.Arrays.fill(image, (byte) (i * 7));
      pixels.add(image);
      sources.add(Path.of("img" + i + ".png"));
      labels[i] = i % 3 == 0 ? 0 : 1;
    }
    return ImageDataset.of(List.of("covid", "normal"), 4, pixels, labels, sources);
  }

  /** p(covid) = the image's first pixel value in [0, 1]. */
  private static float[][] brightnessPredictor(float[] images, int count) {
    float[][] rows = new float[count][];
    int stride = images.length / count;
    for (int i = 0; i < count; i++) {
      float p = images[i * stride];
      rows[i] = new float[] {p, 1 - p};
    }
    return rows;
  }

  @Test
  void predictsEveryImageInOrderAndEvaluates() {
    ImageDataset data = greyLevels();
    Metrics metrics = Metrics.builder().classNames("covid", "normal").positiveClass("covid").build();

    float[][] probabilities = metrics.predict(MetricsOnDatasetTest::brightnessPredictor, data);
    assertThat(probabilities).hasNumberOfRows(37);
    for (int i = 0; i < 37; i++) {
      assertThat(probabilities[i][0]).isEqualTo((i * 7) / 255f);
    }

    Evaluation evaluation = metrics.evaluate(MetricsOnDatasetTest::brightnessPredictor, data);
    // independent count: predicted covid when p(covid) > 0.5, i.e. grey level > 127.5, i >= 19
    int tp = 0;
    int fn = 0;
    int fp = 0;
    int tn = 0;
    for (int i = 0; i < 37; i++) {
      boolean covid = i % 3 == 0;
      boolean predictedCovid = i * 7 / 255.0 > 0.5;
      if (covid) {
        if (predictedCovid) {
          tp++;
        } else {
          fn++;
        }
      } else if (predictedCovid) {
        fp++;
      } else {
        tn++;
      }
    }
    ConfusionMatrix cm = evaluation.confusionMatrix();
    assertThat(cm.count(0, 0)).isEqualTo(tp);
    assertThat(cm.count(0, 1)).isEqualTo(fn);
    assertThat(cm.count(1, 0)).isEqualTo(fp);
    assertThat(cm.count(1, 1)).isEqualTo(tn);
  }

  @Test
  void rejectsADataSetWithOtherClasses() {
    Metrics metrics = Metrics.builder().classNames("a", "b").positiveClass("a").build();
    assertThatThrownBy(() -> metrics.evaluate(MetricsOnDatasetTest::brightnessPredictor, greyLevels()))
        .hasMessageContaining("[covid, normal]").hasMessageContaining("[a, b]");
  }
}
