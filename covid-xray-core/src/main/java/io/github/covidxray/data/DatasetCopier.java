package io.github.covidxray.data;

import io.github.covidxray.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fills a data set folder: copies each chosen image under its manifest name and writes
 * {@code manifest.csv} beside them.
 *
 * <p>Existing files are never replaced unless asked: without {@code overwrite}, if any target (an
 * image or the manifest) already exists, nothing at all is copied and the error lists them. Each
 * file is copied to a temporary sibling and moved into place, so no half-copied image is ever
 * visible; the manifest is written last. The data set builders of the tutorial (Cohen's COVID-19
 * images, Kaggle's normal images) fill their folders this way.
 */
public final class DatasetCopier {

  /**
   * One image to copy.
   *
   * @param source the file to copy
   * @param entry its manifest row, whose {@code file} is the target name
   */
  public record Item(Path source, ManifestEntry entry) {
    /** Requires both parts. */
    public Item {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(entry, "entry");
    }
  }

  /**
   * What was written.
   *
   * @param copied the image files written, in item order
   * @param manifest the manifest file written
   * @param otherFiles files that were already in the folder and are not part of this data set (the
   *     data set loader would still read images among them)
   */
  public record Result(List<Path> copied, Path manifest, List<Path> otherFiles) {

    /** Copies the lists. */
    public Result {
      copied = List.copyOf(copied);
      otherFiles = List.copyOf(otherFiles);
    }

    /** The other files' names for a message: up to five, then how many more. */
    public String otherFileNames() {
      return names(otherFiles);
    }
  }

  private static final int LISTED = 5;

  private DatasetCopier() {}

  /**
   * Copies {@code items} into {@code outputDir} (created if missing) and writes the manifest.
   *
   * @param items the images, at least one
   * @param outputDir the data set (class) folder to fill
   * @param overwrite whether existing targets may be replaced
   * @return what was written
   * @throws FileAlreadyExistsException if a target exists and {@code overwrite} is false (nothing is
   *     copied then); its {@link FileAlreadyExistsException#getReason() reason} lists the files
   * @throws IllegalArgumentException if there is nothing to copy or two items share a target name
   * @throws IOException if copying fails
   */
  public static Result copy(List<Item> items, Path outputDir, boolean overwrite) throws IOException {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("nothing to copy");
    }
    if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
      throw new IOException("output " + outputDir + " exists and is not a directory");
    }
    Path manifestFile = outputDir.resolve(DatasetManifest.FILE_NAME);
    List<ManifestEntry> entries = new ArrayList<>();
    List<Path> targets = new ArrayList<>();
    for (Item item : items) {
      entries.add(item.entry());
      targets.add(outputDir.resolve(item.entry().file()));
    }
    DatasetManifest manifest = DatasetManifest.of(entries); // rejects duplicate target names

    if (!overwrite) {
      List<Path> existing = new ArrayList<>();
      for (Path target : targets) {
        if (Files.exists(target)) {
          existing.add(target);
        }
      }
      if (Files.exists(manifestFile)) {
        existing.add(manifestFile);
      }
      if (!existing.isEmpty()) {
        throw new FileAlreadyExistsException(outputDir.toString(), null, String.format(
            "refusing to overwrite %d existing file(s) in %s: %s; nothing was copied",
            existing.size(), outputDir, names(existing)));
      }
    }
    Set<Path> before = listFiles(outputDir);

    List<Path> copied = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      AtomicFiles.copy(items.get(i).source(), targets.get(i));
      copied.add(targets.get(i));
    }
    manifest.write(manifestFile);

    Set<Path> ours = new HashSet<>(targets);
    ours.add(manifestFile);
    List<Path> others = before.stream().filter(p -> !ours.contains(p)).sorted().toList();
    return new Result(List.copyOf(copied), manifestFile, others);
  }

  /** Up to five file names, then how many more. */
  private static String names(List<Path> files) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(LISTED, files.size()); i++) {
      s.append(i == 0 ? "" : ", ").append(files.get(i).getFileName());
    }
    if (files.size() > LISTED) {
      s.append(" and ").append(files.size() - LISTED).append(" more");
    }
    return s.toString();
  }

  private static Set<Path> listFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return new HashSet<>(files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList());
    }
  }
}
