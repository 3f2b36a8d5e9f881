package io.github.covidxray.study;

import io.github.covidxray.SdkInfo;
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
import io.github.covidxray.metrics.ConfusionMatrix;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.OperatingPoint;
import io.github.covidxray.metrics.RocCurve;
import io.github.covidxray.metrics.ThresholdSelector;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.plot.RocPlot;
import io.github.covidxray.plot.TrainingPlot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;

/**
 * A study as one self-contained HTML page ({@value #FILE_NAME}, images inlined as data URIs, no
 * scripts, nothing fetched): run information, data and split, training curves, classification report,
 * confusion matrix, every figure with its interval, and, given the model and the test images, a
 * Grad-CAM gallery grouped into true/false positives/negatives for the positive class with the
 * attention summary. The research-use notice opens and closes the page.
 */
public final class StudyReport {

  /** The page's file name inside the report directory. */
  public static final String FILE_NAME = "index.html";

  /** Overlays shown per gallery group by default. */
  public static final int DEFAULT_PER_GROUP = 8;

  /** The gallery's groups, in display order: HTML ids {@code gallery-tp} …. */
  public static final List<String> GROUPS = List.of("TP", "FN", "FP", "TN");

  private final StudyResult result;
  private final VggTransferModel model;
  private final ImageDataset testImages;
  private final String layer;
  private final int perGroup;
  private final AttentionRule rule;

  private StudyReport(Builder b) {
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
        .append("</style>\n</head>\n<body>\n");
    h.append("<p class=\"notice\" id=\"notice\">").append(esc(SdkInfo.RESEARCH_USE_NOTICE)).append("</p>\n");
    h.append("<h1>covid-xray study report</h1>\n");
    run(h);
    data(h);
    curves(h);
    result.evaluation().ifPresent(e -> evaluation(h, e));
    result.crossValidation().ifPresent(cv -> h.append("<section id=\"cross-validation\"><h2>Cross-validation"
        + "</h2><pre>").append(esc(cv.toString())).append("</pre></section>\n"));
    gallery(h);
    h.append("<p class=\"notice\">").append(esc(SdkInfo.RESEARCH_USE_NOTICE)).append("</p>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private void run(StringBuilder h) {
    h.append("<section id=\"run\"><h2>Run</h2><table>\n");
    row(h, "started", result.startedAt().toString());
    row(h, "covid-xray", result.sdkVersion());
    row(h, "TensorFlow", result.tensorflowVersion());
    result.modelConfig().ifPresent(c -> {
      row(h, "input", c.inputSize() + "x" + c.inputSize() + " (" + c.inputScaling() + ")");
      row(h, "weights", c.weightsSource());
      row(h, "fine-tuning", c.fineTuning().toString());
    });
    row(h, "training", result.trainingConfig().toString());
    result.timings().forEach((step, d) -> row(h, "time: " + step,
        String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)));
    h.append("</table></section>\n");
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
    h.append("</p></section>\n");
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

  private void evaluation(StringBuilder h, Evaluation e) {
    h.append("<section id=\"evaluation\"><h2>Evaluation</h2>\n<h3>Classification report</h3>\n")
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
      h.append("<section id=\"gallery\"><h2>Grad-CAM</h2><p>No gallery: the report was built without the model"
          + " and the test images.</p></section>\n");
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

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
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
