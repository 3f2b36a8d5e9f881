package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.InvalidImageException;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.OperatingPoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-image API: same pixels as training, the stored decision threshold, bad files. */
class ClassifyTest {

  private static final int SIZE = 32;
  private static VggTransferModel model;

  @TempDir Path dir;

  @BeforeAll
  static void buildModel() {
    model = TestData.small().build();
    model.restore(TestData.heUniform(model.snapshot(), 8));
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @AfterEach
  void clearThreshold() {
    model.setDecisionRule(DecisionRule.argmax());
  }

  @Test
  void probabilitiesAreThoseOfTheFilesPixelsScaledToUnitRange() throws IOException {
    // A lossless PNG at the model's size: no resize, so the input is exactly value / 255 per channel.
    BufferedImage image = randomRgb(SIZE, SIZE, 1);
    Path file = write(image, "png", dir.resolve("scan.png"));
    float[] expectedInput = new float[SIZE * SIZE * 3];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int rgb = image.getRGB(x, y);
        int i = (y * SIZE + x) * 3;
        expectedInput[i] = ((rgb >> 16) & 0xFF) / 255f;
        expectedInput[i + 1] = ((rgb >> 8) & 0xFF) / 255f;
        expectedInput[i + 2] = (rgb & 0xFF) / 255f;
      }
    }
    float[] expected = model.predict(expectedInput, 1)[0];

    Prediction prediction = model.classify(file);

    assertThat(prediction.file()).isEqualTo(file);
    Map<String, Double> probabilities = new LinkedHashMap<>();
    probabilities.put("covid", (double) expected[0]);
    probabilities.put("normal", (double) expected[1]);
    assertThat(prediction.probabilities()).containsExactlyEntriesOf(probabilities);
    assertThat(prediction.predictedClass()).isEqualTo(expected[0] >= expected[1] ? "covid" : "normal");
    assertThat(prediction.decisionRule()).isEqualTo("argmax");
    assertThat(prediction.probability("normal")).isEqualTo(expected[1]);
  }

  @Test
  void imagesOfOtherSizesAndLayoutsArePreprocessedExactlyAsTheDatasetLoaderDoes() throws IOException {
    Path root = dir.resolve("dataset");
    Path jpeg = write(randomRgb(45, 37, 2), "jpg", root.resolve("covid/odd-size.jpg"));
    BufferedImage gray = new BufferedImage(70, 50, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setPixels(0, 0, 70, 50, new SplittableRandom(3).ints(70 * 50, 0, 256).toArray());
    Path png = write(gray, "png", root.resolve("normal/gray.png"));

    ImageDataset dataset = DatasetLoader.builder().directory(root).imageSize(SIZE).strict().build().load();
    assertThat(dataset.size()).isEqualTo(2);
    for (int i = 0; i < dataset.size(); i++) {
      float[] expected = model.predict(dataset.batch(new int[] {i}).images(), 1)[0];
      Prediction prediction = model.classify(dataset.source(i));
      assertThat(prediction.probabilities().values()).as("%s", dataset.source(i))
          .containsExactly((double) expected[0], (double) expected[1]);
    }
    assertThat(List.of(dataset.source(0), dataset.source(1))).containsExactlyInAnyOrder(jpeg, png);
  }

  @Test
  void theStoredThresholdDecidesThePredictedClass() throws IOException {
    Path file = write(randomRgb(SIZE, SIZE, 4), "png", dir.resolve("x.png"));
    double pCovid = model.classify(file).probability("covid");

    model.setDecisionRule(DecisionRule.at("covid", new OperatingPoint(pCovid, 0.95, 0.5,
        "sensitivity >= 0.95")));
    Prediction atThreshold = model.classify(file);
    assertThat(atThreshold.predictedClass()).as("p(covid) >= threshold").isEqualTo("covid");
    assertThat(atThreshold.decisionRule()).startsWith("p(covid) >= 0.").endsWith("(sensitivity >= 0.95)");

    model.setDecisionRule(DecisionRule.at("covid",
        new OperatingPoint(Math.nextUp(pCovid), 0.9, 0.6, "Youden's J")));
    assertThat(model.classify(file).predictedClass()).as("p(covid) just below threshold")
        .isEqualTo("normal");

    double pNormal = model.classify(file).probability("normal");
    model.setDecisionRule(DecisionRule.at("normal", new OperatingPoint(pNormal, 0.9, 0.6, "t")));
    assertThat(model.classify(file).predictedClass()).isEqualTo("normal");
    model.setDecisionRule(DecisionRule.threshold("normal", Math.nextUp(pNormal)));
    Prediction belowFixed = model.classify(file);
    assertThat(belowFixed.predictedClass()).isEqualTo("covid");
    assertThat(belowFixed.decisionRule()).startsWith("p(normal) >= 0.").endsWith("(fixed threshold)");
  }

  @Test
  void toStringNamesTheFileTheClassTheRuleAndCarriesTheNotice() throws IOException {
    Path file = write(randomRgb(SIZE, SIZE, 5), "png", dir.resolve("patient.png"));
    Prediction prediction = model.classify(file);
    String text = prediction.toString();
    assertThat(text).startsWith(file + ": " + prediction.predictedClass() + " (argmax); covid 0.");
    assertThat(text).contains(", normal 0.");
    assertThat(text.lines().toList()).hasSize(2);
    assertThat(text.lines().toList().get(1)).isEqualTo(ModelMetadata.RESEARCH_USE_NOTICE)
        .startsWith("Research use only");
  }

  @Test
  void anUnreadableImageIsReportedWithItsFile() throws IOException {
    Path garbage = Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    assertThatThrownBy(() -> model.classify(garbage))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(garbage.toString())
        .satisfies(e -> assertThat(((InvalidImageException) e).source()).isEqualTo(garbage.toString()));
    Path missing = dir.resolve("missing.png");
    assertThatThrownBy(() -> model.classify(missing))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void predictionChecksItsClassesAndKeepsTheirOrder() {
    Map<String, Double> probabilities = new LinkedHashMap<>();
    probabilities.put("normal", 0.25);
    probabilities.put("covid", 0.75);
    Prediction p = new Prediction(Path.of("a.png"), probabilities, "covid", "argmax");
    probabilities.put("other", 0.0);
    assertThat(p.probabilities().keySet()).containsExactly("normal", "covid");
    assertThatThrownBy(() -> p.probabilities().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.probability("pneumonia")).hasMessageContaining("no class 'pneumonia'");
    assertThatThrownBy(() -> new Prediction(Path.of("a.png"), Map.of("covid", 1.0), "normal", "argmax"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'normal'");
  }

  private static BufferedImage randomRgb(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static Path write(BufferedImage image, String format, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    assertThat(ImageIO.write(image, format, file.toFile())).as("ImageIO writes %s", format).isTrue();
    return file;
  }
}
