package io.github.covidxray.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.train.EpochRecord;
import io.github.covidxray.train.TrainingHistory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotTest {

  @TempDir Path dir;

  /** A plausible 25-epoch run: losses falling, accuracies rising, validation lagging. */
  static TrainingHistory history(int epochs, boolean validation) {
    TrainingHistory h = TrainingHistory.empty();
    for (int e = 1; e <= epochs; e++) {
      double t = (e - 1) / 24.0;
      double valLoss = validation ? 0.75 - 0.45 * t : Double.NaN;
      double valAcc = validation ? 0.5 + 0.4 * t : Double.NaN;
      h = h.plus(new EpochRecord(e, 0.8 - 0.6 * t, 0.45 + 0.5 * t, valLoss, valAcc,
          1e-3 / (1 + 4e-5 * 5 * e), Duration.ofMillis(900)));
    }
    return h;
  }

  private static int countNear(BufferedImage img, int rgb, int tolerance) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xFF) - r) <= tolerance && Math.abs(((p >> 8) & 0xFF) - g) <= tolerance
            && Math.abs((p & 0xFF) - b) <= tolerance) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void writesADecodablePngOfMatplotlibsDefaultSizeWithTheFourSeries() throws IOException {
    Path png = dir.resolve("plots/plot.png");
    TrainingPlot.defaults().writePng(history(25, true), png);

    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).as("decodes as an image").isNotNull();
    assertThat(img.getWidth()).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(480);
    try (var files = Files.list(png.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(png);
    }
    assertThat(img.getRGB(2, 2) & 0xFFFFFF).as("white figure background").isEqualTo(0xFFFFFF);
    assertThat(countNear(img, 0xE5E5E5, 2)).as("grey ggplot panel").isGreaterThan(640 * 480 / 3);
    for (int colour : new int[] {0xE24A33, 0x348ABD, 0x988ED5, 0x777777}) {
      assertThat(countNear(img, colour, 10)).as("pixels of series colour %06X", colour)
          .isGreaterThan(300);
    }
  }

  @Test
  void sizeAndTitleAreConfigurableAndValidated() throws IOException {
    TrainingPlot plot = TrainingPlot.builder().title("Fold 3").size(320, 240).build();
    assertThat(plot.title()).isEqualTo("Fold 3");
    BufferedImage img = plot.render(history(5, true));
    assertThat(img.getWidth()).isEqualTo(320);
    assertThat(img.getHeight()).isEqualTo(240);
    assertThat(TrainingPlot.defaults().title())
        .isEqualTo("Training Loss and Accuracy on COVID-19 Dataset");

    assertThatThrownBy(() -> TrainingPlot.builder().size(0, 480).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 x 480");
    assertThatThrownBy(() -> TrainingPlot.builder().title(null).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrainingPlot.defaults().render(TrainingHistory.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no epochs");
  }

  @Test
  void oneEpochAndNoValidationStillPlot() {
    BufferedImage one = TrainingPlot.defaults().render(history(1, true));
    assertThat(countNear(one, 0xE24A33, 10)).as("a visible train_loss marker").isGreaterThan(10);

    BufferedImage noVal = TrainingPlot.defaults().render(history(10, false));
    assertThat(countNear(noVal, 0xE24A33, 10)).isGreaterThan(300);
    assertThat(countNear(noVal, 0x348ABD, 10)).as("no val_loss series").isZero();
  }

  @Test
  void failedWriteKeepsThePreviousPlot() throws IOException {
    Path png = dir.resolve("plot.png");
    Files.writeString(png, "previous");
    assertThatThrownBy(() -> TrainingPlot.defaults().writePng(TrainingHistory.empty(), png))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(png)).isEqualTo("previous");
  }
}
