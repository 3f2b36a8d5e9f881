package io.github.covidxray.examples;

import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Writes the synthetic demo data set ({@link SyntheticXrays}) to a folder, so that it can be looked
 * at, or trained on with {@code TrainCovid19 --dataset}, without any real data or network access.
 */
@Command(name = "GenerateSyntheticDataset", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Draws a small, deterministic set of SYNTHETIC chest-radiograph-like images (8-bit greyscale"
            + " PNG, labelled \"SYNTHETIC\" in the corner) into DIR/covid and DIR/normal, with a"
            + " README.txt, for running the pipeline offline.",
        "covid images have bright, patchy blobs drawn inside both lungs; normal images have clear"
            + " lungs. They are drawings, not X-rays: a model trained on them learns nothing about"
            + " real chest X-rays or COVID-19."},
    footer = {"", "Exit codes: 0 done, 1 failed (message on stderr), 2 bad arguments.",
        "Research use only: nothing here diagnoses anyone."})
public final class GenerateSyntheticDataset implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "synthetic-dataset",
      description = "Folder to write the data set into; must be missing or empty unless --overwrite"
          + " (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--per-class", paramLabel = "N", defaultValue = "40",
      description = "Images per class (default: ${DEFAULT-VALUE}).")
  int perClass;

  @Option(names = "--size", paramLabel = "PX", defaultValue = "256",
      description = "Width and height of the images in pixels, " + SyntheticXrays.MIN_SIZE + " to "
          + SyntheticXrays.MAX_SIZE + " (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}); the same seed gives the same images.")
  long seed;

  @Option(names = "--overwrite",
      description = "Write into a folder that is not empty: replaces the synthetic images and"
          + " README.txt, deletes older synthetic images beyond --per-class, leaves other files alone.")
  boolean overwrite;

  /**
   * Runs {@code covid-xray synthetic ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray synthetic} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("GenerateSyntheticDataset", "synthetic", args);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (perClass < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--per-class must be at least 1, got " + perClass);
    }
    if (size < SyntheticXrays.MIN_SIZE || size > SyntheticXrays.MAX_SIZE) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.format(
          "--size must be between %d and %d pixels, got %d", SyntheticXrays.MIN_SIZE,
          SyntheticXrays.MAX_SIZE, size));
    }
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--output " + output + " exists and is not a directory");
    }

    if (!overwrite && isNonEmptyDirectory(output)) {
      throw new IllegalStateException("refusing to write into " + output + ": the folder is not empty;"
          + " choose another --output, or pass --overwrite");
    }

    SyntheticDataset written = new SyntheticXrays(size, size, seed).writeDataset(output, perClass, overwrite);
    out.printf("[INFO] wrote %d SYNTHETIC images (%d covid, %d normal; %dx%d, seed %d) to %s%n",
        written.size(), written.covid().size(), written.normal().size(), size, size, seed, output);
    out.printf("[INFO] wrote %s%n", written.readme());
    if (!written.otherFiles().isEmpty()) {
      err.printf("[WARN] %d other file(s) in %s are not part of the synthetic set; the data set"
          + " loader will read the images among them too (e.g. %s)%n", written.otherFiles().size(), output,
          written.otherFiles().get(0));
    }
    out.println("[INFO] these are drawings, not medical images; research use only");
    out.flush();
    err.flush();
    return 0;
  }

  private static boolean isNonEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }
}
