package io.github.covidxray.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.metrics.ConfusionMatrix;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticXrays;
import io.github.covidxray.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StudyReport}: a small synthetic study's page, parsed with jsoup and checked against the result. */
class StudyReportTest {

  @TempDir static Path root;
  @TempDir Path dir;
  private static StudyResult result;
  private static ImageDataset test;
  private static Path model;

  @BeforeAll
  static void runStudy() throws IOException {
    Path data = new SyntheticXrays(48, 48, 11).writeDataset(root.resolve("dataset"), 10, false).directory();
    model = root.resolve("study.model");
    AtomicReference<ImageDataset> split = new AtomicReference<>();
    result = TransferStudy.builder().dataset(data).imageSize(32).weights(VggWeights.randomFeatures(2))
        .trainer(Trainer.builder().epochs(2).batchSize(4).build()).saveModel(model)
        .listener(new StudyListener() {
          @Override
          public void onSplit(DatasetSplit s, boolean byPatient, long seed) {
            split.set(s.test());
          }
        })
        .build().run();
    test = split.get();
  }

  @Test
  void thePageHoldsEverySectionWithTheResultsFiguresAndAGallery() throws IOException {
    Path page;
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      page = StudyReport.builder(result).model(loaded).testImages(test).perGroup(100).build()
          .write(dir.resolve("report"));
    }
    assertThat(page).isEqualTo(dir.resolve("report/index.html"));
    Document doc = Jsoup.parse(page.toFile(), "UTF-8");
    assertThat(doc.title()).isEqualTo("covid-xray study report");
    assertThat(doc.select(".notice")).hasSize(2)
        .allSatisfy(e -> assertThat(e.text()).isEqualTo(SdkInfo.RESEARCH_USE_NOTICE));
    for (String id : new String[] {"run", "data", "curves", "evaluation", "gallery", "attention"}) {
      assertThat(doc.getElementById(id)).as(id).isNotNull();
    }
    assertThat(doc.getElementById("run").text()).contains(result.sdkVersion(), result.tensorflowVersion());

    Element counts = doc.getElementById("class-counts");
    StudyResult.SplitSummary s = result.split().orElseThrow();
    assertThat(counts.select("tr").get(1).select("td").eachText())
        .containsExactly("10", "" + s.trainCounts()[0], "" + s.testCounts()[0]);

    Evaluation e = result.evaluation().orElseThrow();
    ConfusionMatrix m = e.confusionMatrix();
    var rows = doc.getElementById("confusion-matrix").select("tr");
    assertThat(rows.get(0).select("th").eachText()).containsExactly("true \\ predicted", "covid", "normal");
    for (int t = 0; t < 2; t++) {
      assertThat(rows.get(t + 1).select("td").eachText())
          .containsExactly("" + m.count(t, 0), "" + m.count(t, 1));
    }
    assertThat(doc.getElementById("intervals").text()).isEqualTo(Jsoup.parse("<pre>" + StudyReport.esc(
        e.intervals()) + "</pre>").selectFirst("pre").text());
    assertThat(doc.getElementById("classification-report").wholeText())
        .isEqualTo(e.classificationReport().toString());

    // Gallery: every test image once, in the group its truth and the model's prediction give.
    long tp = m.count(0, 0);
    long fn = m.count(0, 1);
    long fp = m.count(1, 0);
    long tn = m.count(1, 1);
    assertThat(doc.select("#gallery-tp figure")).hasSize((int) tp);
    assertThat(doc.select("#gallery-fn figure")).hasSize((int) fn);
    assertThat(doc.select("#gallery-fp figure")).hasSize((int) fp);
    assertThat(doc.select("#gallery-tn figure")).hasSize((int) tn);
    assertThat(doc.select("#gallery figure")).hasSize(test.size());
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      String coverage = loaded.summary().lines().filter(l -> l.startsWith("Head coverage:")).findFirst()
          .orElseThrow();
      assertThat(doc.getElementById("head-coverage").text()).isEqualTo(coverage)
          .contains("reads its top-left 1x1 cells (1 of 1)");
    }
    assertThat(doc.select("#gallery-tp figcaption").eachText()).allSatisfy(c ->
        assertThat(c).contains("true covid, predicted covid"));
    assertThat(doc.getElementById("attention").text()).contains("possible shortcut",
        "of " + test.size());

    // Self-contained: every image inline, no script, nothing linked.
    // ROC curve with the decision rule's point: argmax on two classes = p(covid) >= 0.5, so its
    // sensitivity and specificity are the confusion matrix's.
    assertThat(e.rocCurve()).isPresent();
    assertThat(doc.getElementById("roc")).isNotNull();
    byte[] roc = java.util.Base64.getDecoder().decode(doc.getElementById("roc").attr("src")
        .substring("data:image/png;base64,".length()));
    assertThat(ImageIO.read(new java.io.ByteArrayInputStream(roc))).isNotNull()
        .satisfies(i -> assertThat(i.getWidth()).isEqualTo(520));
    assertThat(doc.getElementById("operating-point").text()).contains("argmax", "threshold 0.5000",
        String.format(Locale.ROOT, "sensitivity %.4f", (double) tp / (tp + fn)),
        String.format(Locale.ROOT, "specificity %.4f", (double) tn / (tn + fp)));

    assertThat(doc.select("img")).hasSize(2 + test.size())
        .allSatisfy(img -> assertThat(img.attr("src")).startsWith("data:image/png;base64,"));
    assertThat(doc.select("script, link, iframe")).isEmpty();
  }

  /**
   * Where Debian's {@code chromium} (or {@code chromium-browser}) is on the PATH, the page is rendered
   * headless to a PNG, which must decode and not be blank: its luminance varies (a blank or error page
   * is one flat colour) and a fair part of it differs from the page's background. Skipped otherwise
   * (the CI has no browser).
   */
  @Test
  void headlessChromiumRendersThePageToANonBlankImage() throws IOException, InterruptedException {
    Path chromium = onPath("chromium", "chromium-browser");
    Assumptions.assumeTrue(chromium != null,
        "no chromium or chromium-browser on the PATH: the page is not rendered (install Debian's chromium)");
    Path page;
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      page = StudyReport.builder(result).model(loaded).testImages(test).perGroup(100).build()
          .write(dir.resolve("report"));
    }
    Path png = dir.resolve("screenshot.png");
    Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + dir.resolve("profile"),
        "--screenshot=" + png, "--window-size=1000,1400", page.toUri().toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    if (!browser.waitFor(120, TimeUnit.SECONDS)) { // a bound on a hung browser, not a timed assertion
      browser.destroyForcibly();
    }
    assertThat(png).as("chromium wrote no screenshot; its log: %s",
        Files.readString(dir.resolve("chromium.log"))).isRegularFile();
    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot).as("the screenshot decodes as PNG").isNotNull();
    assertThat(shot.getWidth()).isEqualTo(1000);
    assertThat(shot.getHeight()).isEqualTo(1400);
    int background = shot.getRGB(0, 0);
    double sum = 0;
    double sumSquares = 0;
    long differing = 0;
    long pixels = (long) shot.getWidth() * shot.getHeight();
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y);
        double luminance = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
        sum += luminance;
        sumSquares += luminance * luminance;
        if (rgb != background) {
          differing++;
        }
      }
    }
    double mean = sum / pixels;
    double variance = sumSquares / pixels - mean * mean;
    System.out.printf(Locale.ROOT, "chromium screenshot: luminance mean %.1f, variance %.1f, %.3f of the"
        + " pixels differ from the background%n", mean, variance, (double) differing / pixels);
    assertThat(variance).as("luminance variance of the screenshot").isGreaterThan(100);
    assertThat((double) differing / pixels).as("share of pixels unlike the background").isGreaterThan(0.02);
  }

  /** The first of these executables found on the PATH, or null. */
  private static Path onPath(String... names) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String name : names) {
      for (String folder : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(folder, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  @Test
  void withoutTheModelThePageSaysThereIsNoGalleryAndAForeignDirectoryIsRefused() throws IOException {
    StudyReport report = StudyReport.builder(result).build();
    Document doc = Jsoup.parse(report.toHtml());
    assertThat(doc.getElementById("gallery").text()).contains("No gallery");
    assertThat(doc.select("figure")).isEmpty();

    Path taken = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(taken.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> report.write(taken)).isInstanceOf(IOException.class)
        .hasMessageContaining("notes.txt");
    assertThat(taken.resolve(StudyReport.FILE_NAME)).doesNotExist();
    report.write(dir.resolve("again"));
    report.write(dir.resolve("again")); // its own page is replaced
    assertThatThrownBy(() -> StudyReport.builder(result).testImages(test).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model(");
  }
}
