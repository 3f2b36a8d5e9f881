package io.github.covidxray.examples;

import io.github.covidxray.data.CohenMetadata;
import io.github.covidxray.data.DatasetCopier;
import io.github.covidxray.data.KaggleSampler;
import io.github.covidxray.data.ManifestEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The tutorial's {@code build_covid_dataset.py}: picks the COVID-19 X-rays of one or more views from
 * Joseph Cohen's {@code metadata.csv}, copies them into a data set folder and writes a
 * {@code manifest.csv} with each image's patient, view, licence and source.
 *
 * <p>Rows whose image file is not in {@code --images} are skipped with a warning and counted (old and
 * new metadata versions list files that a given download lacks); {@code --strict} makes that a
 * failure before anything is copied. Finding no image at all is always a failure.
 */
@Command(name = "BuildCovidDataset", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Copies the COVID-19 chest X-rays of the chosen views from Joseph Cohen's"
            + " covid-chestxray-dataset into a data set folder, with a manifest.csv of patient id,"
            + " view, licence, source and finding per image.",
        "A row is selected when its finding is COVID-19 (or Pneumonia/Viral/COVID-19, as later"
            + " metadata spells it) and its view is one of --view."},
    footer = {"", "Exit codes: 0 done, 1 failed (message on stderr), 2 bad arguments.",
        "Research use only: these images do not make a diagnostic data set."})
public final class BuildCovidDataset implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--metadata", required = true, paramLabel = "FILE",
      description = "The data set's metadata.csv.")
  Path metadata;

  @Option(names = "--images", required = true, paramLabel = "DIR",
      description = "Folder holding the image files (the data set's images/ folder, or its root"
          + " when the metadata has a folder column).")
  Path images;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "dataset/covid",
      description = "Folder to copy the images into (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--view", paramLabel = "VIEW", split = ",",
      description = "View to select; repeat for several (PA, AP, \"AP Supine\", L). Default: PA,"
          + " as the tutorial.")
  List<String> views = new ArrayList<>();

  @Option(names = "--overwrite",
      description = "Replace files that already exist in the output folder.")
  boolean overwrite;

  @Option(names = "--strict",
      description = "Fail, copying nothing, if any selected image file is missing.")
  boolean strict;

  /**
   * Runs {@code covid-xray build-dataset ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray build-dataset} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("BuildCovidDataset", "build-dataset", args);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(metadata)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--metadata " + metadata + ": no such file");
    }
    if (!Files.isDirectory(images)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--images " + images + ": no such directory");
    }
    List<String> wanted = views.isEmpty() ? List.of("PA") : views;
    for (String v : wanted) {
      if (v.isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--view must not be blank");
      }
    }

    CohenMetadata meta = CohenMetadata.read(metadata);
    List<CohenMetadata.Image> selected = meta.selectCovid19(wanted);
    String what = "finding COVID-19 and view " + String.join("/", wanted);
    out.printf("[INFO] %s: %d of %d rows have %s%n", metadata, selected.size(), meta.images().size(), what);
    if (selected.isEmpty()) {
      throw new IllegalStateException("no row of " + metadata + " has " + what);
    }

    Map<String, CohenMetadata.Image> byName = new LinkedHashMap<>();
    List<DatasetCopier.Item> items = new ArrayList<>();
    List<CohenMetadata.Image> missing = new ArrayList<>();
    for (CohenMetadata.Image image : selected) {
      if (!image.hasPlainFileName()) {
        throw new IllegalArgumentException(String.format(
            "%s, line %d: filename '%s' is not a plain file name; refusing to copy it",
            metadata, image.line(), image.fileName()));
      }
      CohenMetadata.Image first = byName.putIfAbsent(image.fileName(), image);
      if (first != null) {
        err.printf("[WARN] %s is listed twice (%s lines %d and %d); copied once%n",
            image.fileName(), metadata.getFileName(), first.line(), image.line());
        continue;
      }
      var file = image.locateIn(images);
      if (file.isPresent()) {
        items.add(new DatasetCopier.Item(file.get(), image.toManifestEntry()));
      } else {
        missing.add(image);
        err.printf("[WARN] image not found in %s, skipped: %s (%s line %d)%n",
            images, image.fileName(), metadata.getFileName(), image.line());
      }
    }
    if (strict && !missing.isEmpty()) {
      throw new IllegalStateException(String.format(
          "%d selected image(s) are missing from %s (--strict); nothing was copied", missing.size(),
          images));
    }
    if (items.isEmpty()) {
      throw new IllegalStateException(String.format(
          "none of the %d selected images is in %s; is --images the folder holding the image files?",
          selected.size(), images));
    }

    DatasetCopier.Result result;
    try {
      result = DatasetCopier.copy(items, output, overwrite);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(e.getReason() + ". Pass --overwrite to replace them, or choose another --output", e);
    }
    out.printf("[INFO] copied %d image(s) to %s, skipped %d (image file not found)%n",
        result.copied().size(), output, missing.size());
    out.printf("[INFO] wrote %s%n", result.manifest());
    out.printf("[INFO] licences: %s; check each image's source before sharing it%n",
        licenceSummary(items));
    if (!result.otherFiles().isEmpty()) {
      err.printf("[WARN] %d other file(s) in %s are not part of this selection: %s%n",
          result.otherFiles().size(), output, result.otherFileNames());
    }
    out.println("[INFO] research use only: these images do not make a diagnostic data set");
    out.flush();
    err.flush();
    return 0;
  }

  private static String licenceSummary(List<DatasetCopier.Item> items) {
    Map<String, Integer> counts = new TreeMap<>();
    for (DatasetCopier.Item item : items) {
      ManifestEntry e = item.entry();
      counts.merge(e.license().isEmpty() ? "not stated" : e.license(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((licence, n) -> parts.add(n + " " + licence));
    return String.join(", ", parts);
  }
}
