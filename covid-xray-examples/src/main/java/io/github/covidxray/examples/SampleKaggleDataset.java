package io.github.covidxray.examples;

import io.github.covidxray.data.DatasetCopier;
import io.github.covidxray.data.KaggleSampler;
import io.github.covidxray.data.ManifestEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The tutorial's {@code sample_kaggle_dataset.py}, corrected: draws {@code --count} normal X-rays,
 * reproducibly for a {@code --seed}, from the {@code NORMAL} folders of Kaggle's "Chest X-Ray Images
 * (Pneumonia)" set, copies them into a data set folder and writes a {@code manifest.csv}.
 *
 * <p>The tutorial's script meant to sample {@code train/NORMAL} but listed the whole Kaggle folder,
 * so 18 of its 25 "normal" images are pneumonia cases; this command only ever looks in
 * {@code NORMAL} folders (see {@link KaggleSampler}). The sample cannot match the tutorial's files:
 * Python's and Java's random generators differ, and the tutorial's included pneumonia images.
 */
@Command(name = "SampleKaggleDataset", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Copies a reproducible random sample of normal chest X-rays from the NORMAL folders of"
            + " Kaggle's \"Chest X-Ray Images (Pneumonia)\" (paultimothymooney) into a data set"
            + " folder, with a manifest.csv.",
        "Only files directly inside folders named NORMAL (any case, any depth) are candidates;"
            + " they are sorted by path and shuffled with the seed."},
    footer = {"", "Exit codes: 0 done, 1 failed (message on stderr), 2 bad arguments.",
        "Research use only: these images do not make a diagnostic data set."})
public final class SampleKaggleDataset implements Callable<Integer> {

  /** Licence of the Kaggle set (Kermany et al., Mendeley Data). */
  static final String LICENSE = "CC BY 4.0";
  /** Where the Kaggle set comes from: Kermany et al., Mendeley Data. */
  static final String SOURCE = "10.17632/rscbjbr9sj";

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--kaggle", required = true, paramLabel = "DIR",
      description = "The unpacked Kaggle data set (e.g. chest_xray/), or one of its NORMAL folders.")
  Path kaggle;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "dataset/normal",
      description = "Folder to copy the sample into (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--count", paramLabel = "N", defaultValue = "25",
      description = "How many images to sample (default: ${DEFAULT-VALUE}, as the tutorial).")
  int count;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}); the same seed gives the same sample.")
  long seed;

  @Option(names = "--overwrite",
      description = "Replace files that already exist in the output folder.")
  boolean overwrite;

  /**
   * Runs {@code covid-xray sample-kaggle ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray sample-kaggle} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("SampleKaggleDataset", "sample-kaggle", args);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(kaggle)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--kaggle " + kaggle + ": no such directory");
    }
    if (count < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--count must be at least 1, got " + count);
    }

    KaggleSampler.Candidates candidates = KaggleSampler.findNormalImages(kaggle);
    out.printf("[INFO] %s: %d image(s) in NORMAL folders%n", kaggle, candidates.images().size());
    if (!candidates.duplicates().isEmpty()) {
      err.printf("[WARN] %d file(s) skipped because an image of the same name was found first"
          + " (e.g. %s)%n", candidates.duplicates().size(), candidates.duplicates().get(0));
    }
    if (candidates.images().size() < count) {
      throw new IllegalStateException(String.format(
          "found only %d image(s) in folders named NORMAL under %s, but --count asks for %d;"
              + " is --kaggle the unpacked chest_xray folder?",
          candidates.images().size(), kaggle, count));
    }

    List<DatasetCopier.Item> items = new ArrayList<>();
    for (Path image : KaggleSampler.sample(candidates.images(), count, seed)) {
      String name = image.getFileName().toString();
      items.add(new DatasetCopier.Item(image, new ManifestEntry(name,
          KaggleSampler.patientIdOf(name), "", LICENSE, SOURCE, image.getParent().getFileName().toString())));
    }
    DatasetCopier.Result result;
    try {
      result = DatasetCopier.copy(items, output, overwrite);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(e.getReason() + ". Pass --overwrite to replace them, or choose another --output", e);
    }
    out.printf("[INFO] copied %d image(s) (seed %d) to %s%n", result.copied().size(), seed, output);
    out.printf("[INFO] wrote %s%n", result.manifest());
    if (!result.otherFiles().isEmpty()) {
      err.printf("[WARN] %d other file(s) in %s are not part of this sample: %s%n",
          result.otherFiles().size(), output, result.otherFileNames());
    }
    out.println("[INFO] research use only: these images do not make a diagnostic data set");
    out.flush();
    err.flush();
    return 0;
  }
}
