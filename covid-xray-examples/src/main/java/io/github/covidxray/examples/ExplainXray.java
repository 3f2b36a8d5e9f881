package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.DatasetException;
import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.explain.AttentionReport;
import io.github.covidxray.explain.AttentionRule;
import io.github.covidxray.explain.AttentionShares;
import io.github.covidxray.explain.GradCam;
import io.github.covidxray.explain.GradCamOverlay;
import io.github.covidxray.explain.GradCamResult;
import io.github.covidxray.explain.NpyWriter;
import io.github.covidxray.explain.OriginalImages;
import io.github.covidxray.model.ClassScore;
import io.github.covidxray.model.VggTransferModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Grad-CAM heat maps for X-ray images with a model saved by {@code TrainCovid19}: per image
 * {@code NAME.gradcam.png} (the overlay) and {@code NAME.gradcam.npy} (the map, float32, at the
 * image's size), plus {@value #CSV} (path, predicted class, probabilities, attention shares) and
 * {@value #ATTENTION} (the attention summary) for all.
 *
 * <pre>
 * ExplainXray [--model DIR] [--layer block5_conv3] [--class covid|predicted] --output DIR IMAGE|DIR...
 * </pre>
 */
@Command(name = "ExplainXray", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Writes Grad-CAM heat maps of chest X-ray images (JPEG, PNG, BMP, TIFF, WebP, DICOM; directories"
            + " are searched for them, not recursively) for a model saved by TrainCovid19: NAME.gradcam.png"
            + " (overlay), NAME.gradcam.npy (map), " + ExplainXray.CSV + " and " + ExplainXray.ATTENTION
            + "."},
    footer = {"",
        "Images whose map has at least --band-threshold of its mass in the outer band, or 0.1 in a top"
            + " corner, are listed as 'possible shortcut': a heuristic, not a finding.",
        "Exit codes: 0 every image explained, 1 the model or at least one image could not be read (the"
            + " others are still explained) or the output directory holds other files, 2 bad arguments.",
        SdkInfo.RESEARCH_USE_NOTICE})
public final class ExplainXray implements Callable<Integer> {

  /** The table of every image explained. */
  static final String CSV = "gradcam.csv";
  /** The attention summary. */
  static final String ATTENTION = "gradcam-attention.txt";
  static final String PNG_SUFFIX = ".gradcam.png";
  static final String NPY_SUFFIX = ".gradcam.npy";
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--model", paramLabel = "DIR", defaultValue = "covid19.model",
      description = "Model directory written by TrainCovid19 (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--layer", paramLabel = "NAME", defaultValue = GradCam.DEFAULT_LAYER,
      description = "Convolution layer to explain, by Keras name (default: ${DEFAULT-VALUE}).")
  String layer;

  @Option(names = "--class", paramLabel = "CLASS", defaultValue = "predicted",
      description = "Class whose score is explained: a class name such as covid, or 'predicted' for each"
          + " image's predicted class (default: ${DEFAULT-VALUE}).")
  String targetClass;

  @Option(names = "--score", paramLabel = "logit|probability", defaultValue = "logit",
      description = "What is differentiated: the pre-softmax logit (Grad-CAM's choice) or the"
          + " probability (default: ${DEFAULT-VALUE}).")
  String score;

  @Option(names = "--band-threshold", paramLabel = "SHARE", defaultValue = "0.5",
      description = "Outer-band share (15%% of each side) from which an image is listed as a possible"
          + " shortcut (default: ${DEFAULT-VALUE}; a flat map has 0.51).")
  double bandThreshold;

  @Option(names = "--output", paramLabel = "DIR", required = true,
      description = "Directory for the outputs: new, empty, or holding only files this command wrote.")
  Path output;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files or directories of images.")
  List<Path> inputs = new ArrayList<>();

  /**
   * Runs {@code covid-xray explain ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray explain} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("ExplainXray", "explain", args);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClassScore classScore = switch (score.toLowerCase(Locale.ROOT)) {
      case "logit" -> ClassScore.LOGIT;
      case "probability" -> ClassScore.PROBABILITY;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--score must be logit or probability, got '" + score + "'");
    };
    AttentionRule rule;
    try {
      rule = new AttentionRule(AttentionShares.DEFAULT_BAND_FRACTION, bandThreshold,
          AttentionRule.DEFAULT_CORNER_THRESHOLD);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--band-threshold: " + e.getMessage());
    }
    checkOutput(output);
    List<Path> images = expand(inputs);
    int failed = 0;
    List<GradCamResult> results = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      GradCam.Builder builder = GradCam.builder(loaded).layer(layer).score(classScore);
      if (!targetClass.equals("predicted")) {
        builder.targetClass(targetClass);
      }
      GradCam cam;
      try {
        cam = builder.build();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            (e.getMessage().startsWith("targetClass") ? "--class: " : "--layer: ") + e.getMessage());
      }
      out.printf(Locale.ROOT, "[INFO] model %s: classes %s, input %dx%d; Grad-CAM of %s on %s (%s)%n", model,
          loaded.classes(), loaded.inputSize(), loaded.inputSize(),
          cam.targetClass().orElse("the predicted class"), cam.layer(), classScore.name().toLowerCase(Locale.ROOT));
      Files.createDirectories(output);
      Set<String> names = new HashSet<>();
      ImagePreprocessor preprocessor = ImagePreprocessor.of(loaded.inputSize());
      for (Path image : images) {
        try {
          GradCamResult result = cam.explain(image);
          String name = uniqueName(stem(image), names);
          GradCamOverlay.write(output.resolve(name + PNG_SUFFIX), OriginalImages.decode(image, preprocessor),
              result);
          NpyWriter.write(output.resolve(name + NPY_SUFFIX), result.map());
          AttentionShares shares = rule.measure(result.map());
          results.add(result);
          rows.add(row(image, name, result, shares, rule.flags(shares)));
          out.printf(Locale.ROOT, "%s: %s %.4f -> %s%s%n", image, result.predictedClass(),
              result.predictedProbability(), name + PNG_SUFFIX,
              rule.flags(shares) ? " (possible shortcut)" : "");
        } catch (DatasetException e) {
          failed++;
          err.println("error: " + e.getMessage());
        }
        out.flush();
        err.flush();
      }
      Files.writeString(output.resolve(CSV), csv(loaded.classes(), rows), StandardCharsets.UTF_8);
      AttentionReport report = AttentionReport.of(results, rule);
      Files.writeString(output.resolve(ATTENTION), report.toText(), StandardCharsets.UTF_8);
      out.print(report.toText());
    }
    if (failed > 0) {
      err.printf(Locale.ROOT, "error: %d of %d image(s) could not be explained (see above)%n", failed,
          images.size());
      err.flush();
    }
    out.flush();
    return failed == 0 ? CommandLine.ExitCode.OK : Cli.FAILURE;
  }

  /**
   * Refuses an output path that is a file or a directory holding anything this command does not write,
   * before any work, so that a wrong path overwrites nothing.
   */
  static void checkOutput(Path output) throws IOException {
    if (!Files.exists(output)) {
      return;
    }
    if (!Files.isDirectory(output)) {
      throw new IOException("--output " + output + " is a file, not a directory");
    }
    try (Stream<Path> entries = Files.list(output)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        boolean ours = Files.isRegularFile(entry)
            && (name.endsWith(PNG_SUFFIX) || name.endsWith(NPY_SUFFIX) || name.equals(CSV)
                || name.equals(ATTENTION));
        if (!ours) {
          throw new IOException("--output " + output + " holds " + entry.getFileName()
              + ", which ExplainXray does not write; give a new or empty directory");
        }
      }
    }
  }

  /** The files given, and the image files directly inside the directories given, sorted by name. */
  static List<Path> expand(List<Path> inputs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      files.addAll(ImagePreprocessor.findImages(input, 1));
    }
    return files;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The stem, or the stem with {@code -2}, {@code -3}, … when an earlier image took it. */
  private static String uniqueName(String stem, Set<String> taken) {
    String name = stem;
    for (int n = 2; !taken.add(name); n++) {
      name = stem + "-" + n;
    }
    return name;
  }

  private static List<String> row(Path image, String name, GradCamResult r, AttentionShares shares,
      boolean flagged) {
    List<String> row = new ArrayList<>();
    row.add(image.toString());
    row.add(name + PNG_SUFFIX);
    row.add(r.predictedClass());
    r.probabilities().values().forEach(p -> row.add(String.format(Locale.ROOT, "%.6f", p)));
    row.add(r.explainedClass());
    row.add(String.format(Locale.ROOT, "%.4f", shares.outerBand()));
    row.add(String.format(Locale.ROOT, "%.4f", shares.topLeft()));
    row.add(String.format(Locale.ROOT, "%.4f", shares.topRight()));
    row.add(Boolean.toString(flagged));
    return row;
  }

  static String csv(List<String> classes, List<List<String>> rows) {
    List<String> header = new ArrayList<>(List.of("path", "overlay", "predicted_class"));
    classes.forEach(c -> header.add("p_" + c));
    header.addAll(List.of("explained_class", "outer_band_share", "top_left_share", "top_right_share",
        "possible_shortcut"));
    StringBuilder out = new StringBuilder();
    out.append(line(header));
    rows.forEach(r -> out.append(line(r)));
    return out.toString();
  }

  private static String line(List<String> fields) {
    return String.join(",", fields.stream().map(ExplainXray::quote).toList()) + "\n";
  }

  /** RFC 4180 quoting when a field holds a comma, quote or line break. */
  private static String quote(String field) {
    if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }
}
