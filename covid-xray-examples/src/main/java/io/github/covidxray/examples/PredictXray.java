package io.github.covidxray.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.model.Prediction;
import io.github.covidxray.model.VggTransferModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Classifies X-ray images with a model saved by {@code TrainCovid19}: files, or whole directories
 * (recursively), in batches. Per image: its path, the predicted class (by the model's stored decision
 * rule, else the argmax), the probability of every class, the rule used, or the error for a file that
 * could not be read; such a file never stops the run. As text, CSV or JSON Lines, on stdout or
 * written atomically to a file; progress (images/s, ETA) on stderr.
 *
 * <pre>
 * PredictXray [--model DIR] [--format text|csv|jsonl] [--output FILE [--overwrite]] IMAGE|DIR...
 * </pre>
 */
@Command(name = "PredictXray", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Classifies chest X-ray images (JPEG, PNG, BMP, TIFF, WebP, DICOM; files or whole directories) with a"
            + " model saved by TrainCovid19: per image its path, the predicted class, every class's probability"
            + " and the decision rule, or the error for an unreadable file."},
    footer = {"",
        "Exit codes: 0 every image classified, 1 the model or at least one image could not be read (the"
            + " others are still classified), 2 bad arguments.",
        SdkInfo.RESEARCH_USE_NOTICE})
public final class PredictXray implements Callable<Integer> {

  /** Output formats. */
  enum Format { TEXT, CSV, JSONL }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--model", paramLabel = "DIR", defaultValue = "covid19.model",
      description = "Model directory written by TrainCovid19 (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--format", paramLabel = "text|csv|jsonl", defaultValue = "text",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write the results to FILE (atomically, when all are done) instead of stdout.")
  Path output;

  @Option(names = "--overwrite", description = "Allow replacing an existing --output file.")
  boolean overwrite;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8",
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Parameters(paramLabel = "IMAGE|DIR", arity = "1..*",
      description = "Image files, or directories whose images (at any depth) are classified.")
  List<Path> images = new ArrayList<>();

  /**
   * Runs {@code covid-xray predict ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray predict} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("PredictXray", "predict", args);
  }

  @Override
  public Integer call() throws Exception {
    Format chosen = format();
    checkOutput();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = new ArrayList<>();
    for (Path path : images) {
      files.addAll(ImagePreprocessor.findImages(path));
    }
    StringBuilder rows = new StringBuilder();
    int[] failed = new int[1];
    Progress progress = new Progress(files.size(), err);
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      List<String> classes = loaded.config().classes();
      String rule = loaded.decisionRule().describe();
      if (chosen == Format.TEXT) {
        rows.append(String.format(Locale.ROOT, "[INFO] model %s: classes %s, input %dx%d, decision %s%n", model,
            classes, loaded.config().inputSize(), loaded.config().inputSize(), rule));
      } else if (chosen == Format.CSV) {
        rows.append(csvHeader(classes));
      }
      emit(rows);
      loaded.classifyAll(files, batchSize, prediction -> {
        rows.append(row(chosen, prediction.file(), prediction, null, classes, rule));
        emit(rows);
        progress.done();
      }, (file, e) -> {
        failed[0]++;
        err.println("error: " + e.getMessage());
        err.flush();
        rows.append(row(chosen, file, null, e.getMessage(), classes, rule));
        emit(rows);
        progress.done();
      });
    }
    if (chosen == Format.TEXT) {
      rows.append(SdkInfo.RESEARCH_USE_NOTICE).append(System.lineSeparator());
    }
    if (output != null) {
      writeAtomically(output, rows.toString());
      err.printf(Locale.ROOT, "[INFO] wrote %d result(s) to %s%n", files.size(), output);
    } else {
      emit(rows);
    }
    if (failed[0] > 0) {
      err.printf(Locale.ROOT, "error: %d of %d image(s) could not be classified (see above)%n", failed[0],
          files.size());
    }
    err.flush();
    return failed[0] == 0 ? CommandLine.ExitCode.OK : Cli.FAILURE;
  }

  /** Prints and clears what has accumulated, unless it all goes to a file at the end. */
  private void emit(StringBuilder rows) {
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(rows);
      out.flush();
      rows.setLength(0);
    }
  }

  private Format format() {
    try {
      return Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text, csv or jsonl, got "
          + format);
    }
  }

  private void checkOutput() {
    if (batchSize < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size must be at least 1, got "
          + batchSize);
    }
    if (output == null) {
      return;
    }
    if (Files.isDirectory(output)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + " is a directory");
    }
    if (Files.exists(output) && !overwrite) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output
          + " exists; refusing to overwrite it: give another path or --overwrite");
    }
  }

  private static String csvHeader(List<String> classes) {
    StringBuilder s = new StringBuilder("path,predicted_class");
    classes.forEach(c -> s.append(",p_").append(c));
    return s.append(",decision_rule,error").append("\r\n").toString();
  }

  private static String row(Format format, Path file, Prediction p, String error, List<String> classes,
      String rule) {
    switch (format) {
      case TEXT:
        return p != null ? describe(p) + System.lineSeparator() : "";
      case CSV: {
        StringBuilder s = new StringBuilder(csv(file.toString())).append(',');
        s.append(p != null ? csv(p.predictedClass()) : "");
        for (String c : classes) {
          s.append(',').append(p != null ? String.format(Locale.ROOT, "%.6f", p.probability(c)) : "");
        }
        return s.append(',').append(csv(rule)).append(',').append(error != null ? csv(error) : "")
            .append("\r\n").toString();
      }
      default: {
        ObjectNode node = JSON.createObjectNode();
        node.put("path", file.toString());
        if (p != null) {
          node.put("predicted_class", p.predictedClass());
          ObjectNode probabilities = node.putObject("probabilities");
          classes.forEach(c -> probabilities.put(c, p.probability(c)));
        } else {
          node.putNull("predicted_class");
          node.putNull("probabilities");
        }
        node.put("decision_rule", rule);
        if (error != null) {
          node.put("error", error);
        } else {
          node.putNull("error");
        }
        return node.toString() + "\n";
      }
    }
  }

  /** An RFC 4180 field: quoted when it holds a comma, quote or line break. */
  private static String csv(String field) {
    return field.matches("[^,\"\r\n]*") ? field : "\"" + field.replace("\"", "\"\"") + "\"";
  }

  /** Writes through a hidden temporary sibling and a move, so a crash never leaves half a file. */
  private static void writeAtomically(Path target, String text) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path tmp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** E.g. {@code x.png: covid (covid 0.9120, normal 0.0880)}. */
  static String describe(Prediction prediction) {
    String probabilities = prediction.probabilities().entrySet().stream()
        .map((Map.Entry<String, Double> e) -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
    return prediction.file() + ": " + prediction.predictedClass() + " (" + probabilities + ")";
  }

  /** Images done, images/s and the time left, on stderr at most once a second. */
  private static final class Progress {
    private final int total;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private int done;

    Progress(int total, PrintWriter err) {
      this.total = total;
      this.err = err;
    }

    void done() {
      done++;
      long now = System.nanoTime();
      if (now - lastPrint >= 1_000_000_000L && done < total) {
        lastPrint = now;
        double rate = done / ((now - start) / 1e9);
        long eta = Math.round((total - done) / rate);
        err.printf(Locale.ROOT, "[PROGRESS] %d/%d images, %.1f images/s, about %d s left%n", done, total, rate, eta);
        err.flush();
      }
    }
  }
}
