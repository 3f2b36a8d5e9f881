package io.github.covidxray.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.metrics.AucBootstrap;
import io.github.covidxray.metrics.OperatingPoint;
import io.github.covidxray.metrics.RocCurve;
import io.github.covidxray.metrics.ThresholdSelector;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocPlotTest {

  private static final RocCurve CURVE = RocCurve.of("covid",
      new boolean[] {true, true, true, true, false, false, false, false, false},
      new double[] {0.9, 0.8, 0.7, 0.4, 0.6, 0.5, 0.3, 0.2, 0.1});

  @TempDir
  Path folder;

  @Test
  void writesAPngOfTheDefaultSizeWithTheOperatingPointMarked() throws IOException {
    Path file = folder.resolve("roc.png");
    OperatingPoint point = ThresholdSelector.on(CURVE).youden();

    RocPlot.write(CURVE, point, file);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as("decodes as an image").isNotNull();
    assertThat(image.getWidth()).isEqualTo(RocPlot.DEFAULT_WIDTH);
    assertThat(image.getHeight()).isEqualTo(RocPlot.DEFAULT_HEIGHT);
    assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
    assertThat(countPixels(image, 0xD62728)).as("red operating-point marker pixels").isGreaterThan(20);
    assertThat(countPixels(image, 0x1F77B4)).as("blue ROC curve pixels").isGreaterThan(200);
    assertThat(onlyFile()).isEqualTo(file);
  }

  @Test
  void withoutOperatingPointThereIsNoMarkerAndSizeIsConfigurable() throws IOException {
    Path file = folder.resolve("plain.png");

    RocPlot.of(CURVE).auc(AucBootstrap.builder().resamples(50).build().estimate(CURVE)).size(400, 300).write(file);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(400);
    assertThat(image.getHeight()).isEqualTo(300);
    assertThat(countPixels(image, 0xD62728)).isZero();
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = folder.resolve("roc.png");
    Files.writeString(file, "old");

    RocPlot.write(CURVE, null, file);

    assertThat(ImageIO.read(file.toFile())).isNotNull();
    assertThat(onlyFile()).isEqualTo(file);
  }

  @Test
  void missingFolderFailsWithoutLeavingAnything() {
    Path file = folder.resolve("absent").resolve("roc.png");

    assertThatThrownBy(() -> RocPlot.write(CURVE, null, file))
        .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    assertThat(Files.exists(folder.resolve("absent"))).isFalse();
  }

  @Test
  void titleCarriesTheAuc() {
    // positives 0.9 0.8 0.7 0.4 beat 5 + 5 + 5 + 3 of the 5 negatives: 18 / 20
    assertThat(RocPlot.of(CURVE).chart().getTitle()).isEqualTo("ROC for 'covid': AUC 0.9000");
  }

  private Path onlyFile() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.reduce((a, b) -> {
        throw new AssertionError("more than one file: " + a + ", " + b);
      }).orElseThrow();
    }
  }

  /** Pixels within a small distance of {@code rgb} (antialiasing blends the edges). */
  private static int countPixels(BufferedImage image, int rgb) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int dr = ((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
        int dg = ((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
        int db = (p & 0xFF) - (rgb & 0xFF);
        if (dr * dr + dg * dg + db * db < 30 * 30) {
          count++;
        }
      }
    }
    return count;
  }
}
