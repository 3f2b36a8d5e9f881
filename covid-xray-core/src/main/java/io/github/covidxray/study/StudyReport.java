package io.github.covidxray.study;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.crossval.FoldMetric;
import io.github.covidxray.crossval.FoldResult;
import io.github.covidxray.data.quality.LeakageKind;
import io.github.covidxray.data.quality.LeakagePair;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.data.quality.NameLabelRule;
import io.github.covidxray.data.quality.SuspiciousFileName;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.data.InvalidImageException;
import io.github.covidxray.explain.AttentionReport;
import io.github.covidxray.explain.AttentionRule;
import io.github.covidxray.explain.GradCam;
import io.github.covidxray.explain.GradCamOverlay;
import io.github.covidxray.explain.GradCamResult;
import io.github.covidxray.explain.OriginalImages;
import io.github.covidxray.internal.AtomicFiles;
import io.github.covidxray.internal.FileHash;
import io.github.covidxray.metrics.ConfusionMatrix;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.OperatingPoint;
import io.github.covidxray.metrics.RocCurve;
import io.github.covidxray.metrics.ThresholdSelector;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.model.WeightsRepository;
import io.github.covidxray.plot.RocPlot;
import io.github.covidxray.plot.TrainingPlot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;

/**
 * A study as one self-contained HTML page ({@value #FILE_NAME}, images inlined as data URIs, no
 * scripts, nothing fetched): what was run (command, versions, machine, weights file and its SHA-256,
 * seeds, timings), the data, split and audit findings (leakage pairs, suspicious file names), training
 * curves, classification report, confusion matrix, every figure with its interval, per-fold and pooled
 * figures for a cross-validated study, and, given the model and the test images, a Grad-CAM gallery
 * grouped into true/false positives/negatives for the positive class with the attention summary. The
 * research-use notice opens and closes the page, and print rules keep figures and tables whole so that
 * the page can be filed as a PDF.
 */
public final class StudyReport {

  /** The page's file name inside the report directory. */
  public static final String FILE_NAME = "index.html";

  /** Overlays shown per gallery group by default. */
  public static final int DEFAULT_PER_GROUP = 8;

  /** The gallery's groups, in display order: HTML ids {@code gallery-tp} …. */
  public static final List<String> GROUPS = List.of("TP", "FN", "FP", "TN");

  /**
   * Pairs or files listed per audit finding; the rest are counted ("and N more"), so that a data set
   * with thousands of duplicates still gives a page a person reads.
   */
  public static final int LISTED_FINDINGS = 20;

  /** Where Linux describes the processor; read for the machine's CPU model when present. */
  static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /**
   * Print rules: figures, tables and pre-formatted blocks are not split across pages and images never
   * grow wider or taller than a page, so a printed or PDF report loses nothing; the notice keeps its
   * frame without a background colour printers drop.
   */
  static final String PRINT_CSS = "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
      + "img{max-width:100%!important;max-height:24cm;height:auto;page-break-inside:avoid;break-inside:avoid}"
      + "figure,table,pre,tr,.group h3,#roc{page-break-inside:avoid;break-inside:avoid}"
      + "h2,h3{page-break-after:avoid;break-after:avoid}"
      + "pre{white-space:pre-wrap;overflow-wrap:anywhere}"
      + "section{page-break-before:auto}#gallery{page-break-before:always;break-before:page}"
      + ".notice{background:none;border:2px solid #000}}";

  private final StudyResult result;
  private final VggTransferModel model;
  private final ImageDataset testImages;
  private final String layer;
  private final int perGroup;
  private final AttentionRule rule;
  private final List<String> command;
  private final Path weightsFile;
  private final List<NameLabelRule> nameRules;

  private StudyReport(Builder b) {
    this.command = b.command;
    this.weightsFile = b.weightsFile;
    this.nameRules = b.nameRules;
    this.result = b.result;
    this.model = b.model;
    this.testImages = b.testImages;
    this.layer = b.layer;
    this.perGroup = b.perGroup;
    this.rule = b.rule;
  }

  /**
   * A builder for a study's report.
   *
   * @param result the study's result
   * @return the builder
   */
  public static Builder builder(StudyResult result) {
    return new Builder(result);
  }

  /**
   * Writes {@value #FILE_NAME} into {@code directory}, which must be new, empty, or hold only an
   * earlier report's page; checked before anything is computed.
   *
   * @param directory the report directory
   * @return the page written
   * @throws IOException naming the path and what is in the way, or if writing fails
   */
  public Path write(Path directory) throws IOException {
    checkTarget(directory);
    String html = toHtml();
    Files.createDirectories(directory);
    Path page = directory.resolve(FILE_NAME);
    AtomicFiles.writeString(page, html);
    return page;
  }

  /**
   * Checks, without writing, that {@link #write} accepts {@code directory}: call it before slow work.
   *
   * @param directory the report directory
   * @throws IOException if it is a file or holds anything but {@value #FILE_NAME}
   */
  public static void checkTarget(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    if (!Files.exists(directory)) {
      return;
    }
    if (!Files.isDirectory(directory)) {
      throw new IOException("report directory " + directory + " is a file");
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.sorted().toList()) {
        if (!entry.getFileName().toString().equals(FILE_NAME)) {
          throw new IOException("report directory " + directory + " holds " + entry.getFileName()
              + ", which a report does not write; give a new or empty directory");
        }
      }
    }
  }

  /** The page. Computes the Grad-CAM gallery when a model and test images were given. */
  public String toHtml() {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>covid-xray study report</title>\n<style>")
        .append("body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 8px;text-align:right}")
        .append(".notice{background:#fee;border:1px solid #c00;padding:.5em}")
        .append("figure{display:inline-block;margin:4px;max-width:260px;vertical-align:top}img{max-width:100%}")
        .append("figcaption{overflow-wrap:anywhere}") // long file names wrap instead of running into the next
        .append("td.text,ul.findings{text-align:left}#run th{white-space:nowrap;text-align:left}")
        .append(PRINT_CSS)
        .append("</style>\n</head>\n<body>\n");
    h.append("<p class=\"notice\" id=\"notice\">").append(esc(SdkInfo.RESEARCH_USE_NOTICE)).append("</p>\n");
    h.append("<h1>covid-xray study report</h1>\n");
    run(h);
    data(h);
    curves(h);
    result.evaluation().ifPresent(e -> evaluation(h, e, "evaluation", "Evaluation"));
    result.crossValidation().ifPresent(cv -> crossValidation(h, cv));
    gallery(h);
    h.append("<p class=\"notice\">").append(esc(SdkInfo.RESEARCH_USE_NOTICE)).append("</p>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private void run(StringBuilder h) {
    h.append("<section id=\"run\"><h2>Run</h2><table>\n");
    if (command != null) {
      row(h, "run-command", "command", command(command));
    }
    row(h, "run-started", "started", result.startedAt().toString());
    row(h, "run-sdk", "covid-xray", result.sdkVersion());
    row(h, "run-tensorflow", "TensorFlow", result.tensorflowVersion());
    row(h, "run-opencv", "OpenCV", openCvVersion());
    row(h, "run-java", "Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    row(h, "run-machine", "machine", machine());
    row(h, "run-cpu", "CPU", cpuModel(CPUINFO).orElse("unknown (no model name in " + CPUINFO + ")"));
    result.modelConfig().ifPresent(c -> {
      row(h, "run-input", "input", c.inputSize() + "x" + c.inputSize() + " (" + c.inputScaling() + ")");
      row(h, "run-weights", "weights", c.weightsSource());
      String[] file = weightsFile(c.weightsSource(), weightsFile);
      row(h, "run-weights-file", "weights file", file[0]);
      row(h, "run-weights-sha256", "weights SHA-256", file[1]);
      row(h, "run-fine-tuning", "fine-tuning", c.fineTuning().toString());
      row(h, "run-model-seed", "model seed", Long.toString(c.seed()));
    });
    result.split().ifPresent(s -> row(h, "run-split-seed", "split seed", Long.toString(s.seed())));
    result.crossValidation().ifPresent(cv -> row(h, "run-folds-seed", "cross-validation seed",
        Long.toString(cv.seed())));
    row(h, "run-training-seed", "training seed", Long.toString(result.trainingConfig().seed()));
    row(h, "run-training", "training", result.trainingConfig().toString());
    result.model().ifPresent(m -> row(h, "run-model", "saved model", m.toString()));
    // Every step TransferStudy timed, in its order; its "total" step is the whole run's wall time.
    result.timings().forEach((step, d) -> row(h, "run-time-" + step.replaceAll("[^A-Za-z0-9]+", "-"),
        "time: " + step, seconds(d)));
    h.append("</table></section>\n");
  }

  /** Four decimals rounded half to even from the exact binary value, as the cross-validation text prints. */
  static String fixed4(double value) {
    return new java.math.BigDecimal(value).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** The command as a POSIX shell reads it back: words with anything but safe characters single-quoted. */
  static String command(List<String> words) {
    StringBuilder s = new StringBuilder();
    for (String w : words) {
      s.append(s.length() == 0 ? "" : " ").append(shellQuote(w));
    }
    return s.toString();
  }

  /** One word quoted for a POSIX shell, left bare when it holds only characters no shell treats specially. */
  static String shellQuote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:,+@%^-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** OpenCV's version as JavaCV's presets declare it (a constant: reading it loads no native library). */
  static String openCvVersion() {
    return org.bytedeco.opencv.global.opencv_core.CV_VERSION;
  }

  /** Operating system, architecture, cores the JVM may use and its heap limit. */
  static String machine() {
    return String.format(Locale.ROOT, "%s %s, %s, %d cores available, max heap %d MiB",
        System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  /**
   * The processor's model from a Linux {@code /proc/cpuinfo}: its first {@code model name} line (x86),
   * else {@code Hardware} or {@code cpu model} (ARM, MIPS boards); empty when the file is missing,
   * unreadable or has none of these.
   */
  static Optional<String> cpuModel(Path cpuinfo) {
    if (!Files.isReadable(cpuinfo)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(cpuinfo);
      for (String key : new String[] {"model name", "Hardware", "cpu model"}) {
        for (String line : lines) {
          int colon = line.indexOf(':');
          if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
            String value = line.substring(colon + 1).strip();
            if (!value.isEmpty()) {
              return Optional.of(value);
            }
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Unreadable despite the check: the report says the model is unknown.
    }
    return Optional.empty();
  }

  /**
   * The initial weights' file and its SHA-256, as two strings: the file given to the builder, else the
   * one the model's weights description names ({@code file PATH}), else for ImageNet the file in
   * Keras's cache directory; random initialisations have no file and say so.
   */
  static String[] weightsFile(String source, Path given) {
    Path file = given;
    if (file == null && source.startsWith("file ")) {
      file = Path.of(source.substring("file ".length()));
    } else if (file == null && source.startsWith("imagenet")) {
      file = WeightsRepository.kerasCacheDir().resolve(VggWeights.IMAGENET_NOTOP.fileName());
    }
    if (file == null) {
      return new String[] {"none: random initialisation (" + source + ")", "none: no weights file"};
    }
    if (!Files.isRegularFile(file)) {
      return new String[] {file.toString(), "unknown: the file is not there now"};
    }
    try {
      return new String[] {file.toString(), FileHash.of(file, "SHA-256")};
    } catch (IOException e) {
      return new String[] {file.toString(), "unknown: could not read it (" + e.getMessage() + ")"};
    }
  }

  private void data(StringBuilder h) {
    StudyResult.DataSummary d = result.data();
    h.append("<section id=\"data\"><h2>Data</h2><table id=\"class-counts\">\n<tr><th>class</th><th>images</th>");
    result.split().ifPresent(s -> h.append("<th>train</th><th>test</th>"));
    h.append("</tr>\n");
    for (int c = 0; c < d.classes().size(); c++) {
      int i = c;
      h.append("<tr><th>").append(esc(d.classes().get(c))).append("</th><td>").append(d.classCounts()[c])
          .append("</td>");
      result.split().ifPresent(s -> h.append("<td>").append(s.trainCounts()[i]).append("</td><td>")
          .append(s.testCounts()[i]).append("</td>"));
      h.append("</tr>\n");
    }
    h.append("</table>\n<p>").append(esc(String.format(Locale.ROOT,
        "%s: %d images (%d skipped), %d with a patient id; resized to %d px.", d.dataset(), d.images(),
        d.skipped(), d.groupedImages(), d.imageSize())));
    result.split().ifPresent(s -> h.append(esc(String.format(Locale.ROOT,
        " Split %s, test fraction %.2f, seed %d.", s.byPatient() ? "by patient" : "by image",
        s.testFraction(), s.seed()))));
    result.crossValidation().ifPresent(cv -> h.append(esc(String.format(Locale.ROOT,
        " Stratified %d-fold cross-validation, seed %d: %s.", cv.folds(), cv.seed(), d.groupedImages() > 0
            ? "folds keep every patient whole (by patient)" : "no patient ids, so folds are by image"))));
    h.append("</p>\n");
    audit(h, d);
    h.append("</section>\n");
  }

  /**
   * The audit's findings: identical files, near-duplicates and shared patients between training and
   * test images (the study's leakage check, per fold in cross-validation), file names that contradict
   * their class, and whether the split kept patients whole.
   */
  private void audit(StringBuilder h, StudyResult.DataSummary d) {
    h.append("<div id=\"audit\"><h3>Audit</h3>\n<p id=\"split-by-patient\">");
    Optional<CrossValidationResult> cv = result.crossValidation();
    if (result.split().isPresent()) {
      h.append(esc(result.split().get().byPatient() ? "Split by patient: yes (every patient wholly on one side)."
          : "Split by patient: no (" + (d.groupedImages() == 0 ? "no patient ids" : "split by image") + ")."));
    } else if (cv.isPresent()) {
      h.append(esc(d.groupedImages() > 0 ? "Split by patient: yes (folds keep every patient whole)."
          : "Split by patient: no (no patient ids; folds are by image)."));
    } else {
      h.append("Split by patient: no split recorded.");
    }
    h.append("</p>\n");
    List<String> prefixes = new ArrayList<>();
    List<LeakageReport> reports = new ArrayList<>();
    if (result.leakage().isPresent()) {
      reports.add(result.leakage().get());
      prefixes.add("");
    } else if (cv.isPresent()) {
      for (int f = 0; f < cv.get().leakageReports().size(); f++) {
        reports.add(cv.get().leakageReports().get(f));
        prefixes.add("fold " + (f + 1) + ": ");
      }
    }
    if (reports.isEmpty()) {
      h.append("<p id=\"leakage-not-checked\">Training and test images were not checked for leakage.</p>\n");
    } else {
      h.append("<p id=\"leakage-summary\">").append(esc("Leakage check of training against test images"
          + (cv.isPresent() ? " in every fold" : "") + " (near-duplicates at hash distance <= "
          + reports.get(0).nearDuplicateDistance() + "): " + (reports.stream().allMatch(LeakageReport::isClean)
              ? "nothing found." : "findings below."))).append("</p>\n");
      for (LeakageKind kind : LeakageKind.values()) {
        List<String> items = new ArrayList<>();
        for (int r = 0; r < reports.size(); r++) {
          for (LeakagePair pair : reports.get(r).pairs(kind)) {
            items.add(prefixes.get(r) + pair);
          }
        }
        findings(h, "leakage-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'),
            kind == LeakageKind.SHARED_GROUP ? "Shared patients" : kind == LeakageKind.IDENTICAL_FILE
                ? "Duplicates (identical files)" : "Near-duplicates", items);
      }
    }
    List<String> names = new ArrayList<>();
    suspiciousNames(d).forEach(n -> names.add(n.toString()));
    findings(h, "suspicious-names", "Suspicious file names (rules: " + nameRules + ")", names);
    h.append("</div>\n");
  }

  /** A finding's count and its first {@value #LISTED_FINDINGS} items, then how many more there are. */
  private static void findings(StringBuilder h, String id, String title, List<String> items) {
    h.append("<div class=\"finding\" id=\"").append(id).append("\"><h4>").append(esc(title))
        .append(": <span class=\"count\">").append(items.size()).append("</span></h4>");
    if (!items.isEmpty()) {
      h.append("<ul class=\"findings\">");
      items.stream().limit(LISTED_FINDINGS).forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
      if (items.size() > LISTED_FINDINGS) {
        h.append("<li class=\"more\">and ").append(items.size() - LISTED_FINDINGS).append(" more</li>");
      }
      h.append("</ul>");
    }
    h.append("</div>\n");
  }

  /**
   * Files in the data set's class folders whose names contradict their class by the name rules (the
   * names only: nothing is decoded), as {@code covid-xray audit} reports them; empty when the data set
   * folder is gone.
   */
  List<SuspiciousFileName> suspiciousNames(StudyResult.DataSummary d) {
    List<SuspiciousFileName> found = new ArrayList<>();
    for (String className : d.classes()) {
      Path folder = d.dataset().resolve(className);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          for (NameLabelRule r : nameRules) {
            if (r.contradicts(file.getFileName().toString(), className)) {
              found.add(new SuspiciousFileName(file, className, r));
              break;
            }
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // A folder that cannot be listed now adds nothing; the study read it when it ran.
      }
    }
    return found;
  }

  /**
   * Cross-validation: one row per fold (sizes, figures on its held-out images, time), the mean ± sd
   * of each figure across folds, each fold's training curves, and the pooled out-of-fold predictions
   * evaluated like a hold-out test set (classification report, confusion matrix, ROC, intervals).
   */
  private void crossValidation(StringBuilder h, CrossValidationResult cv) {
    h.append("<section id=\"cross-validation\"><h2>Cross-validation</h2>\n<p>").append(esc(String.format(
        Locale.ROOT, "Stratified %d-fold cross-validation (seed %d) of %d images; validation during training: %s.",
        cv.folds(), cv.seed(), cv.size(), cv.validation().describe()))).append("</p>\n")
        .append("<table id=\"folds\">\n<tr><th>fold</th><th>train</th><th>validation</th><th>test</th>");
    List<FoldMetric> metrics = List.of(FoldMetric.values());
    metrics.forEach(m -> h.append("<th>").append(esc(m.label())).append("</th>"));
    h.append("<th>time</th></tr>\n");
    for (FoldResult r : cv.foldResults()) {
      h.append("<tr><th>").append(r.index() + 1).append("</th><td>").append(r.trainSize()).append("</td><td>")
          .append(r.validationSize()).append("</td><td>").append(r.testSize()).append("</td>");
      for (FoldMetric m : metrics) {
        OptionalDouble v = m.valueOf(r.evaluation());
        h.append("<td>").append(v.isPresent() ? fixed4(v.getAsDouble()) : "n/a").append("</td>");
      }
      h.append("<td>").append(seconds(r.wallTime())).append("</td></tr>\n");
    }
    h.append("</table>\n<h3>Across folds (mean ± sample sd)</h3>\n<pre id=\"fold-statistics\">");
    cv.statistics().forEach(s -> h.append(esc(s.toString())).append('\n'));
    h.append("</pre>\n");
    boolean curves = cv.foldResults().stream().anyMatch(r -> r.history().size() > 0);
    if (curves) {
      h.append("<h3>Training curves per fold</h3>\n<div id=\"fold-curves\">");
      for (FoldResult r : cv.foldResults()) {
        if (r.history().size() > 0) {
          h.append("<figure><img alt=\"fold ").append(r.index() + 1).append(" training curves\" src=\"")
              .append(dataUri(png(TrainingPlot.defaults().render(r.history())))).append("\"><figcaption>fold ")
              .append(r.index() + 1).append("</figcaption></figure>");
        }
      }
      h.append("</div>\n");
    }
    h.append("</section>\n");
    evaluation(h, cv.pooled(), "pooled", "Pooled out-of-fold evaluation (each image predicted once, by the"
        + " model that did not train on it; n=" + cv.size() + ")");
  }

  private void curves(StringBuilder h) {
    result.history().ifPresent(history -> {
      if (history.size() == 0) {
        return;
      }
      h.append("<section id=\"curves\"><h2>Training curves</h2>\n<img alt=\"training loss and accuracy\" src=\"")
          .append(dataUri(png(TrainingPlot.defaults().render(history)))).append("\"></section>\n");
    });
  }

  private void evaluation(StringBuilder h, Evaluation e, String id, String title) {
    h.append("<section id=\"").append(id).append("\"><h2>").append(esc(title))
        .append("</h2>\n<h3>Classification report</h3>\n")
        .append("<pre id=\"classification-report\">").append(esc(e.classificationReport().toString()))
        .append("</pre>\n<h3>Confusion matrix</h3>\n<table id=\"confusion-matrix\">\n<tr><th>true \\ predicted</th>");
    ConfusionMatrix m = e.confusionMatrix();
    for (String c : m.classNames()) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr>\n");
    for (int t = 0; t < m.numClasses(); t++) {
      h.append("<tr><th>").append(esc(m.classNames().get(t))).append("</th>");
      for (int p = 0; p < m.numClasses(); p++) {
        h.append("<td>").append(m.count(t, p)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    e.rocCurve().ifPresent(roc -> roc(h, e, roc));
    h.append("<h3>Figures with intervals</h3>\n<pre id=\"intervals\">").append(esc(e.intervals()))
        .append("</pre></section>\n");
  }

  /**
   * The test set's ROC curve for the positive class, with the AUC's interval and the point where the
   * model's decision rule operates on it (argmax on two classes is the threshold 0.5 on the positive
   * class's probability; with more classes argmax has no single point and none is marked).
   */
  private static void roc(StringBuilder h, Evaluation e, RocCurve roc) {
    OperatingPoint point = null;
    if (e.decisionRule() instanceof DecisionRule.PositiveThreshold t) {
      point = ThresholdSelector.on(roc).at(t.threshold());
    } else if (e.confusionMatrix().numClasses() == 2) {
      point = ThresholdSelector.on(roc).at(0.5);
    }
    RocPlot plot = RocPlot.of(roc).auc(e.auc().orElse(null)).operatingPoint(point).size(520, 520);
    h.append("<h3>ROC curve</h3>\n<img id=\"roc\" alt=\"ROC curve\" src=\"")
        .append(dataUri(png(BitmapEncoder.getBufferedImage(plot.chart())))).append("\">\n");
    if (point != null) {
      h.append("<p id=\"operating-point\">").append(esc("Operating point of the decision rule ("
          + e.decisionRule().describe() + "): " + point)).append("</p>\n");
    }
  }

  private void gallery(StringBuilder h) {
    if (model == null || testImages == null) {
      h.append("<section id=\"gallery\"><h2>Grad-CAM</h2><p>No gallery: ").append(result.crossValidation()
          .isPresent() ? "cross-validation trains one model per fold and saves none." : "the report was built"
              + " without the model and the test images.").append("</p></section>\n");
      return;
    }
    String positive = result.evaluation().map(Evaluation::positiveClass).orElse(model.classes().get(0));
    GradCam cam = GradCam.builder(model).layer(layer).build();
    ImagePreprocessor decoder = ImagePreprocessor.of(model.inputSize());
    Map<String, List<String>> figures = new LinkedHashMap<>();
    GROUPS.forEach(g -> figures.put(g, new ArrayList<>()));
    List<GradCamResult> all = new ArrayList<>();
    for (int i = 0; i < testImages.size(); i++) {
      Path source = testImages.source(i);
      if (source == null) {
        continue;
      }
      try {
        GradCamResult r = cam.explain(source);
        all.add(r);
        String truth = testImages.classNames().get(testImages.label(i));
        boolean predictedPositive = r.predictedClass().equals(positive);
        String group = truth.equals(positive) ? (predictedPositive ? "TP" : "FN")
            : (predictedPositive ? "FP" : "TN");
        List<String> list = figures.get(group);
        if (list.size() < perGroup) {
          list.add("<figure><img alt=\"" + esc(source.getFileName().toString()) + "\" src=\""
              + dataUri(GradCamOverlay.render(OriginalImages.decode(source, decoder), r)) + "\"><figcaption>"
              + esc(String.format(Locale.ROOT, "%s: true %s, predicted %s %.2f", source.getFileName(), truth,
                  r.predictedClass(), r.predictedProbability())) + "</figcaption></figure>");
        }
      } catch (InvalidImageException e) {
        // An image that loaded for training but no longer reads is left out of the gallery.
      }
    }
    h.append("<section id=\"gallery\"><h2>Grad-CAM (").append(esc(layer)).append(", predicted class; positive"
        + " class ").append(esc(positive)).append(")</h2>\n");
    // Which part of the block-5 grid the head reads (VggTransferModel.summary()'s last line): cells it
    // does not read cannot change the prediction, whatever colour the map gives them.
    model.summary().lines().filter(l -> l.startsWith("Head coverage:")).findFirst().ifPresent(l ->
        h.append("<p id=\"head-coverage\">").append(esc(l)).append("</p>\n"));
    for (String g : GROUPS) {
      h.append("<div class=\"group\" id=\"gallery-").append(g.toLowerCase(Locale.ROOT)).append("\"><h3>")
          .append(g).append("</h3>\n");
      figures.get(g).forEach(f -> h.append(f).append('\n'));
      h.append("</div>\n");
    }
    h.append("</section>\n<section id=\"attention\"><h2>Attention outside the lungs</h2>\n<pre>")
        .append(esc(AttentionReport.of(all, rule).toText())).append("</pre></section>\n");
  }

  private static void row(StringBuilder h, String id, String key, String value) {
    h.append(id == null ? "<tr>" : "<tr id=\"" + id + "\">").append("<th>").append(esc(key))
        .append("</th><td class=\"text\">").append(esc(value)).append("</td></tr>\n");
  }

  private static String dataUri(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  private static byte[] png(java.awt.image.BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Settings of a {@link StudyReport}. */
  public static final class Builder {

    private final StudyResult result;
    private VggTransferModel model;
    private ImageDataset testImages;
    private String layer = GradCam.DEFAULT_LAYER;
    private int perGroup = DEFAULT_PER_GROUP;
    private AttentionRule rule = AttentionRule.defaults();
    private List<String> command;
    private Path weightsFile;
    private List<NameLabelRule> nameRules = NameLabelRule.defaults();

    private Builder(StudyResult result) {
      this.result = Objects.requireNonNull(result, "result");
    }

    /**
     * The trained model, for the Grad-CAM gallery (with {@link #testImages}); it stays the caller's.
     *
     * @param model the study's model, open
     * @return this builder
     */
    public Builder model(VggTransferModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * The test images (e.g. {@code split.test()} from {@link StudyListener#onSplit}), read again from
     * their files for the gallery.
     *
     * @param testImages images with sources and labels
     * @return this builder
     */
    public Builder testImages(ImageDataset testImages) {
      this.testImages = Objects.requireNonNull(testImages, "testImages");
      return this;
    }

    /**
     * The layer of the gallery's maps (default {@value GradCam#DEFAULT_LAYER}).
     *
     * @param layer a convolution layer's Keras name
     * @return this builder
     */
    public Builder layer(String layer) {
      this.layer = Objects.requireNonNull(layer, "layer");
      return this;
    }

    /**
     * Overlays shown per group (default {@value StudyReport#DEFAULT_PER_GROUP}); all are measured.
     *
     * @param perGroup at least 1
     * @return this builder
     */
    public Builder perGroup(int perGroup) {
      this.perGroup = perGroup;
      return this;
    }

    /**
     * The attention heuristic's band and thresholds (default {@link AttentionRule#defaults()}).
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder attentionRule(AttentionRule rule) {
      this.rule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * The command line that ran the study, shown quoted as a POSIX shell would take it back (so it
     * can be pasted to run again); without it the report shows no command.
     *
     * @param words the program and its arguments, e.g. {@code ["covid-xray", "train", "--report", "r"]}
     * @return this builder
     */
    public Builder command(List<String> words) {
      this.command = List.copyOf(Objects.requireNonNull(words, "words"));
      return this;
    }

    /**
     * The initial weights' file to name and hash, when it is not the one the model's weights
     * description names (e.g. ImageNet weights from a {@link WeightsRepository} other than Keras's
     * cache).
     *
     * @param file the weights file
     * @return this builder
     */
    public Builder weightsFile(Path file) {
      this.weightsFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * The rules the data set's file names are checked with (default {@link NameLabelRule#defaults()},
     * those of {@code covid-xray audit}).
     *
     * @param rules the rules
     * @return this builder
     */
    public Builder nameRules(List<NameLabelRule> rules) {
      this.nameRules = List.copyOf(Objects.requireNonNull(rules, "rules"));
      return this;
    }

    /**
     * Checks the settings.
     *
     * @return the report
     * @throws IllegalArgumentException if only one of model and test images is given, the layer is
     *     not one of the model's convolutions, or perGroup is below 1
     */
    public StudyReport build() {
      if ((model == null) != (testImages == null)) {
        throw new IllegalArgumentException("the Grad-CAM gallery needs both model(...) and testImages(...)");
      }
      if (perGroup < 1) {
        throw new IllegalArgumentException("perGroup must be at least 1, got " + perGroup);
      }
      if (model != null) {
        GradCam.builder(model).layer(layer).build();
      }
      return new StudyReport(this);
    }
  }
}
