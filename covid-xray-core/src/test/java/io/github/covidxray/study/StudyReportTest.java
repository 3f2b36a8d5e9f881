package io.github.covidxray.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.crossval.FoldMetric;
import io.github.covidxray.crossval.FoldResult;
import io.github.covidxray.data.quality.ImageRef;
import io.github.covidxray.data.quality.LeakageKind;
import io.github.covidxray.data.quality.LeakagePair;
import io.github.covidxray.data.quality.LeakageReport;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

  @Test
  void theRunSectionShowsTheCommandVersionsMachineWeightsSeedsAndTimings() throws Exception {
    Path weights = dir.resolve("my weights.h5");
    byte[] bytes = new byte[5000];
    new java.util.Random(3).nextBytes(bytes);
    Files.write(weights, bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Document doc = Jsoup.parse(StudyReport.builder(result).weightsFile(weights)
        .command(List.of("covid-xray", "train", "--dataset", "my data", "--note", "it's", "--epochs", "2"))
        .build().toHtml());
    assertThat(cell(doc, "run-command"))
        .isEqualTo("covid-xray train --dataset 'my data' --note 'it'\\''s' --epochs 2");
    assertThat(cell(doc, "run-sdk")).isEqualTo(SdkInfo.version());
    assertThat(cell(doc, "run-tensorflow")).isEqualTo(org.tensorflow.TensorFlow.version());
    assertThat(cell(doc, "run-opencv")).isEqualTo(org.bytedeco.opencv.global.opencv_core.CV_VERSION)
        .matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(cell(doc, "run-started")).isEqualTo(result.startedAt().toString());
    assertThat(cell(doc, "run-machine")).contains(System.getProperty("os.name"), System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors() + " cores available");
    Path cpuinfo = Path.of("/proc/cpuinfo");
    String model = Files.isReadable(cpuinfo) ? Files.readAllLines(cpuinfo).stream()
        .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
        .orElse(null) : null;
    if (model != null) {
      assertThat(cell(doc, "run-cpu")).isEqualTo(model);
    }
    assertThat(cell(doc, "run-weights")).isEqualTo(result.modelConfig().orElseThrow().weightsSource());
    assertThat(cell(doc, "run-weights-file")).isEqualTo(weights.toString());
    assertThat(cell(doc, "run-weights-sha256")).isEqualTo(sha);
    assertThat(cell(doc, "run-model-seed")).isEqualTo("" + result.modelConfig().orElseThrow().seed());
    assertThat(cell(doc, "run-split-seed")).isEqualTo("" + result.split().orElseThrow().seed());
    assertThat(cell(doc, "run-training-seed")).isEqualTo("" + result.trainingConfig().seed());
    assertThat(result.timings()).containsKeys("train", "total");
    assertThat(cell(doc, "run-time-total"))
        .isEqualTo(String.format(Locale.ROOT, "%.1f s", result.timings().get("total").toMillis() / 1000.0));
    assertThat(cell(doc, "run-time-leakage-check")).isEqualTo(
        String.format(Locale.ROOT, "%.1f s", result.timings().get("leakage check").toMillis() / 1000.0));
    for (var t : result.timings().entrySet()) {
      assertThat(doc.getElementById("run").text()).contains("time: " + t.getKey() + " "
          + String.format(Locale.ROOT, "%.1f s", t.getValue().toMillis() / 1000.0));
    }

    // Without a file given: random weights have none; "file PATH" is hashed; a missing file is named.
    Document plain = Jsoup.parse(StudyReport.builder(result).build().toHtml());
    assertThat(plain.getElementById("run-command")).as("no command given, none shown").isNull();
    assertThat(cell(plain, "run-weights-file")).startsWith("none: random initialisation (random-features");
    assertThat(cell(plain, "run-weights-sha256")).isEqualTo("none: no weights file");
    assertThat(StudyReport.weightsFile("file " + weights, null)).containsExactly(weights.toString(), sha);
    assertThat(StudyReport.weightsFile("file " + dir.resolve("gone.h5"), null))
        .containsExactly(dir.resolve("gone.h5").toString(), "unknown: the file is not there now");
    assertThat(StudyReport.weightsFile("imagenet (x.h5)", null)[0]).isEqualTo(
        io.github.covidxray.model.WeightsRepository.kerasCacheDir()
            .resolve(VggWeights.IMAGENET_NOTOP.fileName()).toString());
  }

  @Test
  void theCpuModelComesFromCpuinfoWhenItHasOne() throws IOException {
    Path x86 = Files.writeString(dir.resolve("x86"), "processor\t: 0\nvendor_id\t: GenuineIntel\n"
        + "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n\nprocessor\t: 1\nmodel name\t: other\n");
    Path arm = Files.writeString(dir.resolve("arm"), "processor\t: 0\nBogoMIPS\t: 50.00\nHardware\t: BCM2835\n");
    Path bare = Files.writeString(dir.resolve("bare"), "processor\t: 0\n");
    assertThat(StudyReport.cpuModel(x86)).contains("Intel(R) Xeon(R) CPU @ 2.20GHz");
    assertThat(StudyReport.cpuModel(arm)).contains("BCM2835");
    assertThat(StudyReport.cpuModel(bare)).isEmpty();
    assertThat(StudyReport.cpuModel(dir.resolve("missing"))).isEmpty();
  }

  /**
   * The data section's audit: each leakage kind's count and its first {@value StudyReport#LISTED_FINDINGS}
   * pairs then "and N more", file names that contradict their class, and whether the split was by patient.
   */
  @Test
  void theDataSectionListsTheAuditsFindingsBoundedAndWhetherTheSplitWasByPatient() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(data.resolve("covid"));
    Files.createDirectories(data.resolve("normal"));
    Path covidA = Files.writeString(data.resolve("covid/a.jpg"), "x");
    Path normalB = Files.writeString(data.resolve("normal/person1_virus_2.jpeg"), "x");
    Files.writeString(data.resolve("normal/IM-0001.jpeg"), "x");
    List<LeakagePair> pairs = new ArrayList<>();
    ImageRef a = new ImageRef(covidA, "covid", Optional.of("p1"));
    for (int i = 0; i < 25; i++) {
      pairs.add(new LeakagePair(LeakageKind.NEAR_DUPLICATE, a,
          new ImageRef(data.resolve("covid/n" + i + ".jpg"), "covid", Optional.empty()), 3));
    }
    pairs.add(new LeakagePair(LeakageKind.IDENTICAL_FILE, a,
        new ImageRef(data.resolve("covid/copy.jpg"), "covid", Optional.empty()), 0));
    pairs.add(new LeakagePair(LeakageKind.SHARED_GROUP, a,
        new ImageRef(data.resolve("covid/b.jpg"), "covid", Optional.of("p1")), 40));
    LeakageReport leakage = new LeakageReport(pairs, 44, List.of());
    StudyResult audited = new StudyResult.Builder().startedAt(Instant.parse("2026-01-02T03:04:05Z"))
        .data(new StudyResult.DataSummary(data, List.of("covid", "normal"), new int[] {1, 2}, 0, 0, List.of(), 32))
        .split(new StudyResult.SplitSummary(false, 0.2, 42, new int[] {1, 1}, new int[] {0, 1}))
        .leakage(leakage).trainingConfig(Trainer.builder().build().config()).build();
    Document doc = Jsoup.parse(StudyReport.builder(audited).build().toHtml());

    assertThat(doc.getElementById("split-by-patient").text()).isEqualTo("Split by patient: no (no patient ids).");
    for (LeakageKind kind : LeakageKind.values()) {
      Element finding = doc.getElementById("leakage-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      List<LeakagePair> expected = leakage.pairs(kind);
      assertThat(finding.selectFirst(".count").text()).as(kind.name()).isEqualTo("" + expected.size());
      List<String> listed = finding.select("li:not(.more)").eachText();
      assertThat(listed).hasSize(Math.min(expected.size(), StudyReport.LISTED_FINDINGS));
      for (int i = 0; i < listed.size(); i++) {
        assertThat(listed.get(i)).isEqualTo(expected.get(i).toString());
      }
    }
    assertThat(doc.select("#leakage-near-duplicate li.more").text()).isEqualTo("and 5 more");
    assertThat(doc.select("#leakage-identical-file li.more")).isEmpty();
    assertThat(doc.select("#leakage-shared-group li").text()).contains("b.jpg", "group p1");
    Element names = doc.getElementById("suspicious-names");
    assertThat(names.selectFirst(".count").text()).isEqualTo("1");
    assertThat(names.select("li").text()).contains(normalB.toString(), "virus").doesNotContain("IM-0001");

    StudyResult byPatient = new StudyResult.Builder().startedAt(Instant.parse("2026-01-02T03:04:05Z"))
        .data(new StudyResult.DataSummary(data, List.of("covid", "normal"), new int[] {1, 2}, 0, 3, List.of(), 32))
        .split(new StudyResult.SplitSummary(true, 0.2, 42, new int[] {1, 1}, new int[] {0, 1}))
        .leakage(new LeakageReport(List.of(), 44, List.of()))
        .trainingConfig(Trainer.builder().build().config()).build();
    Document clean = Jsoup.parse(StudyReport.builder(byPatient).nameRules(List.of()).build().toHtml());
    assertThat(clean.getElementById("split-by-patient").text()).startsWith("Split by patient: yes");
    assertThat(clean.getElementById("leakage-summary").text()).endsWith("nothing found.");
    assertThat(clean.select(".finding .count").eachText()).containsOnly("0");
  }

  /**
   * A 2-fold cross-validated study (32x32, 1 epoch): a row per fold with its sizes and figures, the
   * statistics across folds, each fold's curves, the pooled out-of-fold evaluation with intervals, and
   * the folds' leakage checks in the data section.
   */
  @Test
  void aCrossValidatedStudysPageShowsEachFoldAndThePooledFigures() throws IOException {
    Path data = new SyntheticXrays(48, 48, 5).writeDataset(dir.resolve("cv"), 6, false).directory();
    StudyResult cvResult = TransferStudy.builder().dataset(data).imageSize(32).weights(VggWeights.randomFeatures(2))
        .trainer(Trainer.builder().epochs(1).batchSize(4).build()).folds(2).build().run();
    CrossValidationResult cv = cvResult.crossValidation().orElseThrow();
    Document doc = Jsoup.parse(StudyReport.builder(cvResult).build().toHtml());

    var rows = doc.select("#folds tr");
    assertThat(rows).hasSize(1 + 2);
    List<String> header = rows.get(0).select("th").eachText();
    for (FoldResult r : cv.foldResults()) {
      List<String> cells = rows.get(r.index() + 1).select("td").eachText();
      assertThat(rows.get(r.index() + 1).selectFirst("th").text()).isEqualTo("" + (r.index() + 1));
      assertThat(cells.subList(0, 3)).containsExactly("" + r.trainSize(), "" + r.validationSize(),
          "" + r.testSize());
      for (FoldMetric m : FoldMetric.values()) {
        var v = m.valueOf(r.evaluation());
        assertThat(cells.get(header.indexOf(m.label()) - 1)).as(m.label()).isEqualTo(v.isPresent()
            ? new BigDecimal(v.getAsDouble()).setScale(4, RoundingMode.HALF_EVEN).toPlainString() : "n/a");
      }
    }
    assertThat(doc.getElementById("fold-statistics").wholeText()).isEqualTo(
        cv.statistics().stream().map(s -> s + "\n").reduce("", String::concat));
    assertThat(doc.select("#fold-curves img")).hasSize(2);

    Evaluation pooled = cv.pooled();
    assertThat(pooled.size()).isEqualTo(12);
    assertThat(doc.getElementById("pooled")).isNotNull();
    var matrix = doc.select("#pooled #confusion-matrix tr");
    long sum = 0;
    for (int t = 0; t < 2; t++) {
      assertThat(matrix.get(t + 1).select("td").eachText()).containsExactly(
          "" + pooled.confusionMatrix().count(t, 0), "" + pooled.confusionMatrix().count(t, 1));
      sum += pooled.confusionMatrix().count(t, 0) + pooled.confusionMatrix().count(t, 1);
    }
    assertThat(sum).isEqualTo(12);
    assertThat(doc.select("#pooled #intervals").text()).contains("95%")
        .isEqualTo(Jsoup.parse("<pre>" + StudyReport.esc(pooled.intervals()) + "</pre>").selectFirst("pre").text());
    assertThat(doc.getElementById("run-folds-seed").selectFirst("td").text()).isEqualTo("" + cv.seed());
    assertThat(doc.getElementById("split-by-patient").text()).startsWith("Split by patient: no");
    assertThat(cv.leakageReports()).hasSize(2);
    int nearDuplicates = cv.leakageReports().stream().mapToInt(r -> r.pairs(LeakageKind.NEAR_DUPLICATE).size()).sum();
    assertThat(doc.select("#leakage-near-duplicate .count").text()).isEqualTo("" + nearDuplicates);
    assertThat(doc.getElementById("gallery").text()).contains("one model per fold");
    assertThat(doc.getElementById("evaluation")).as("no hold-out evaluation").isNull();
  }

  @Test
  void thePagePrintsWithoutSplittingFiguresOrTables() {
    String html = StudyReport.builder(result).build().toHtml();
    Document doc = Jsoup.parse(html);
    String css = doc.selectFirst("style").data();
    assertThat(css).contains("@media print{");
    String print = css.substring(css.indexOf("@media print{"));
    assertThat(print).contains("figure,table,pre", "page-break-inside:avoid", "break-inside:avoid",
        "img{max-width:100%", "max-height:");
  }

  private static String cell(Document doc, String rowId) {
    Element row = doc.getElementById(rowId);
    assertThat(row).as(rowId).isNotNull();
    return row.selectFirst("td").text();
  }
}
