package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.DatasetException;
import io.github.covidxray.model.Prediction;
import io.github.covidxray.model.VggTransferModel;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * Classifies X-ray image files with a model saved by {@code TrainCovid19}: per image its path, the
 * predicted class (by the model's stored decision threshold, else the argmax) and the probability of
 * every class. An image that cannot be read is reported and skipped; the others are still classified.
 *
 * <pre>
 * PredictXray [--model DIR] IMAGE...
 * </pre>
 */
@Command(name = "PredictXray", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Classifies chest X-ray image files (JPEG, PNG, BMP, TIFF, WebP, DICOM) with a model saved by TrainCovid19:"
            + " prints, per image, its path, the predicted class and the probability of every class."},
    footer = {"",
        "Exit codes: 0 every image classified, 1 the model or at least one image could not be read (the"
            + " others are still classified), 2 bad arguments.",
        SdkInfo.RESEARCH_USE_NOTICE})
public final class PredictXray implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--model", paramLabel = "DIR", defaultValue = "covid19.model",
      description = "Model directory written by TrainCovid19 (default: ${DEFAULT-VALUE}).")
  Path model;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files to classify.")
  List<Path> images = new ArrayList<>();

  /** Runs the command; see {@link Cli} for exit codes. */
  public static void main(String[] args) {
    System.exit(Cli.run(new PredictXray(), args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      out.printf(Locale.ROOT, "[INFO] model %s: classes %s, input %dx%d, decision %s%n", model,
          loaded.config().classes(), loaded.config().inputSize(), loaded.config().inputSize(),
          loaded.decisionRule().describe());
      for (Path image : images) {
        try {
          out.println(describe(loaded.classify(image)));
        } catch (DatasetException e) {
          failed++;
          err.println("error: " + e.getMessage());
        }
        out.flush();
        err.flush();
      }
    }
    if (failed > 0) {
      err.printf(Locale.ROOT, "error: %d of %d image(s) could not be classified (see above)%n", failed,
          images.size());
      err.flush();
    }
    out.println(SdkInfo.RESEARCH_USE_NOTICE);
    out.flush();
    return failed == 0 ? CommandLine.ExitCode.OK : Cli.FAILURE;
  }

  /** E.g. {@code x.png: covid (covid 0.9120, normal 0.0880)}. */
  static String describe(Prediction prediction) {
    String probabilities = prediction.probabilities().entrySet().stream()
        .map((Map.Entry<String, Double> e) -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
    return prediction.file() + ": " + prediction.predictedClass() + " (" + probabilities + ")";
  }
}
