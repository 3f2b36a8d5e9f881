package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.model.ModelMetadata;
import io.github.covidxray.model.Prediction;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrainCovid19} trained once on a tiny synthetic set (32 x 32, 2 epochs, random weights), then
 * its output, plot and model checked, and the model used by {@link PredictXray}.
 */
class TrainCovid19EndToEndTest {

  private static final int PER_CLASS = 10;
  private static final int EPOCHS = 2;

  @TempDir
  static Path root;

  private static SyntheticDataset data;
  private static Path plot;
  private static Path model;
  private static CommandRun run;

  @BeforeAll
  static void train() throws IOException {
    data = new SyntheticXrays(64, 64, 7).writeDataset(root.resolve("dataset"), PER_CLASS, false);
    plot = root.resolve("out/plot.png");
    model = root.resolve("out/covid19.model");
    run = CommandRun.of(new TrainCovid19(), "--dataset", data.directory().toString(), "--weights", "none",
        "--image-size", "32", "--epochs", "" + EPOCHS, "--batch-size", "4", "--fine-tune-from", "5",
        "--plot", plot.toString(), "--model", model.toString(), "--report", root.resolve("out/report").toString());
  }

  @Test
  void writesTheHtmlReportWithAGalleryOfTheTestImages() throws IOException {
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path page = root.resolve("out/report/index.html");
    assertThat(run.out()).contains("[INFO] report written to " + page);
    String html = Files.readString(page);
    assertThat(html).contains("id=\"confusion-matrix\"", "id=\"gallery-tp\"", "id=\"gallery-tn\"",
        "id=\"attention\"", SdkInfo.RESEARCH_USE_NOTICE.replace("'", "&#39;"));
    assertThat(html.split("<figure>", -1)).hasSize(4 + 1); // the four test images
    assertThat(html).contains("<tr id=\"run-command\"><th>command</th><td class=\"text\">TrainCovid19 --dataset "
        + data.directory() + " --weights none --image-size 32 --epochs 2 --batch-size 4 --fine-tune-from 5");
  }

  @Test
  void printsTheTutorialsOutputInItsOrder() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsSubsequence(
        "[INFO] loading images...",
        "[INFO] compiling model...",
        "[INFO] training head...",
        "Epoch 1/" + EPOCHS, "val_accuracy: ",
        "Epoch 2/" + EPOCHS, "val_accuracy: ",
        "[INFO] evaluating network...",
        "precision    recall  f1-score   support",
        "covid", "normal", "accuracy", "macro avg", "weighted avg",
        "[[", "]]",
        "\nacc: ", "\nsensitivity: ", "\nspecificity: ",
        "\naccuracy: ", "(95% CI ",
        "[INFO] saving COVID-19 detector model...",
        SdkInfo.RESEARCH_USE_NOTICE);
    assertThat(run.out()).contains("stratified split (seed 42): 16 training images (covid 8, normal 8),"
        + " 4 test images (covid 2, normal 2)");
  }

  @Test
  void theThreeMetricLinesAgreeWithTheConfusionMatrixAndTheReport() {
    long[][] cm = matrix(run.out());
    long tp = cm[0][0];
    long fn = cm[0][1];
    long fp = cm[1][0];
    long tn = cm[1][1];
    assertThat(tp + fn).as("covid test images").isEqualTo(2);
    assertThat(fp + tn).as("normal test images").isEqualTo(2);

    assertThat(line(run.out(), "acc")).isEqualTo(fixed((double) (tp + tn) / (tp + fn + fp + tn)));
    assertThat(line(run.out(), "sensitivity")).isEqualTo(fixed((double) tp / (tp + fn)));
    assertThat(line(run.out(), "specificity")).isEqualTo(fixed((double) tn / (tn + fp)));
    // exactly three plain lines, four decimals each
    assertThat(Pattern.compile("(?m)^(acc|sensitivity|specificity): \\d\\.\\d{4}$").matcher(run.out()).results())
        .hasSize(3);

    // the report's covid row: support is the matrix's covid row, recall its sensitivity (2 decimals)
    Matcher covidRow = Pattern.compile("(?m)^\\s+covid\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+)$").matcher(run.out());
    assertThat(covidRow.find()).as(run.out()).isTrue();
    assertThat(Long.parseLong(covidRow.group(4))).isEqualTo(tp + fn);
    assertThat(covidRow.group(2)).isEqualTo(String.format(Locale.ROOT, "%.2f", (double) tp / (tp + fn)));
  }

  @Test
  void theIntervalLinesRepeatTheFiguresWithWilsonIntervals() {
    long[][] cm = matrix(run.out());
    long positives = cm[0][0] + cm[0][1];
    long negatives = cm[1][0] + cm[1][1];
    assertThat(run.out()).contains("positive class: covid; decision: argmax");
    assertThat(run.out()).contains("sensitivity: " + fixed((double) cm[0][0] / positives) + " (95% CI "
        + wilson(cm[0][0], positives) + ", n=" + positives + ")");
    assertThat(run.out()).contains("specificity: " + fixed((double) cm[1][1] / negatives) + " (95% CI "
        + wilson(cm[1][1], negatives) + ", n=" + negatives + ")");
    long correct = cm[0][0] + cm[1][1];
    assertThat(run.out()).contains("accuracy: " + fixed((double) correct / 4) + " (95% CI " + wilson(correct, 4)
        + ", n=4)");
    assertThat(run.out()).containsPattern("\nAUC: \\d\\.\\d{4} \\(95% CI \\d\\.\\d{4}-\\d\\.\\d{4}, 2000 stratified"
        + " bootstrap resamples\\)\n");
  }

  @Test
  void writesTheTutorialsPlotAsAPng() throws IOException {
    BufferedImage image = ImageIO.read(plot.toFile());
    assertThat(image).as("decodable PNG at " + plot).isNotNull();
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(480);
    byte[] head = Files.readAllBytes(plot);
    assertThat(head).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void savesAModelThatReloadsWithItsTrainingSummary() throws IOException {
    assertThat(model.resolve(ModelMetadata.FILE_NAME)).isRegularFile();
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      assertThat(loaded.config().classes()).containsExactly("covid", "normal");
      assertThat(loaded.config().inputSize()).isEqualTo(32);
      assertThat(loaded.trainingSummary()).hasValueSatisfying(s -> {
        assertThat(s.epochs()).isEqualTo(EPOCHS);
        assertThat(s.hasValidation()).isTrue();
      });
      Prediction p = loaded.classify(data.covid().get(0));
      assertThat(p.probability("covid") + p.probability("normal")).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void predictXrayClassifiesWithTheSavedModel() throws IOException {
    Path image = data.normal().get(3);
    CommandRun predict = CommandRun.of(new PredictXray(), "--model", model.toString(), image.toString());

    assertThat(predict.exitCode()).as(predict.err()).isZero();
    Prediction expected;
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      expected = loaded.classify(image);
    }
    assertThat(predict.out()).contains(String.format(Locale.ROOT, "%s: %s (covid %.4f, normal %.4f)", image,
        expected.predictedClass(), expected.probability("covid"), expected.probability("normal")));
    assertThat(predict.out()).contains(SdkInfo.RESEARCH_USE_NOTICE);
  }

  @Test
  void predictXrayReportsAnUnreadableImageGoesOnAndFails() throws IOException {
    Path broken = Files.writeString(root.resolve("broken.png"), "not an image");
    Path good = data.covid().get(1);

    CommandRun predict = CommandRun.of(new PredictXray(), "--model", model.toString(), broken.toString(),
        good.toString());

    assertThat(predict.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(predict.err()).contains(broken.toString()).contains("1 of 2 image(s) could not be classified");
    assertThat(predict.out()).containsPattern(Pattern.quote(good + ": ") + "(covid|normal) \\(covid \\d\\.\\d{4},"
        + " normal \\d\\.\\d{4}\\)");
    assertThat(predict.out()).doesNotContain(broken + ": ");
  }

  /** The numpy-style 2x2 matrix printed after the report: {@code [[a b]\n [c d]]}. */
  private static long[][] matrix(String out) {
    Matcher m = Pattern.compile("\\[\\[\\s*(\\d+)\\s+(\\d+)\\]\\s*\\n\\s*\\[\\s*(\\d+)\\s+(\\d+)\\]\\]").matcher(out);
    assertThat(m.find()).as("a 2x2 matrix in:%n%s", out).isTrue();
    return new long[][] {
        {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
        {Long.parseLong(m.group(3)), Long.parseLong(m.group(4))}};
  }

  /** The value of the plain line {@code name: value}. */
  private static String line(String out, String name) {
    List<String> values = Pattern.compile("(?m)^" + name + ": (\\S+)$").matcher(out).results()
        .map(r -> r.group(1)).toList();
    assertThat(values).as(name + " lines").hasSize(1);
    return values.get(0);
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** The 95% Wilson score interval, computed here independently of the library. */
  private static String wilson(long successes, long n) {
    double z = 1.959963984540054;
    double p = (double) successes / n;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return fixed(Math.max(0, centre - half)) + "-" + fixed(Math.min(1, centre + half));
  }
}
