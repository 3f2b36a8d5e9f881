package io.github.covidxray.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic data set to disk for {@link SyntheticXrays#writeDataset(Path, int, boolean)}:
 * the refusal to fill a non-empty directory, atomic file writes, file names, the clean-up of stale
 * synthetic images when overwriting, and the README.
 */
final class SyntheticDatasetWriter {

  /** Name of the notice written into the data set directory. */
  static final String README = "README.txt";

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticDatasetWriter.class);
  private static final Pattern OUR_IMAGE = Pattern.compile("synthetic-(covid|normal)-\\d+\\.png");
  private static final int LISTED = 5;

  private SyntheticDatasetWriter() {}

  static SyntheticDataset write(SyntheticXrays generator, Path dir, int perClass, boolean overwrite)
      throws IOException {
    if (perClass < 1) {
      throw new IllegalArgumentException("perClass must be at least 1, got " + perClass);
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("cannot write a data set to " + dir + ": it exists and is not a directory");
    }
    if (!overwrite) {
      List<Path> present = entries(dir);
      if (!present.isEmpty()) {
        throw new IOException(String.format(
            "refusing to write a synthetic data set into %s: the directory is not empty (it holds %s);"
                + " choose a new or empty directory, or ask for overwriting",
            dir, names(present)));
      }
    }
    long start = System.nanoTime();
    Files.createDirectories(dir);
    Set<Path> written = new HashSet<>();
    Map<SyntheticClass, List<Path>> images = new EnumMap<>(SyntheticClass.class);
    for (SyntheticClass label : SyntheticClass.values()) {
      List<Path> files = new ArrayList<>(perClass);
      for (int i = 0; i < perClass; i++) {
        Path target = dir.resolve(label.folderName()).resolve(fileName(label, i, perClass));
        byte[] png = generator.generate(label, i).toPng();
        writeAtomically(target, png);
        files.add(target);
      }
      images.put(label, files);
      written.addAll(files);
    }
    if (overwrite) {
      deleteStaleImages(dir, written);
    }
    Path readme = dir.resolve(README);
    writeAtomically(readme, readme(generator, perClass).getBytes(StandardCharsets.UTF_8));
    written.add(readme);
    List<Path> others = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).filter(p -> !written.contains(p)).sorted().forEach(others::add);
    }
    LOG.info("Wrote {} synthetic images ({} per class, {}x{}, seed {}) to {} in {} ms", 2 * perClass, perClass,
        generator.width(), generator.height(), generator.seed(), dir, (System.nanoTime() - start) / 1_000_000);
    if (!others.isEmpty()) {
      LOG.warn("{} other file(s) in {} are not part of the synthetic set: {}", others.size(), dir, names(others));
    }
    return new SyntheticDataset(dir, images.get(SyntheticClass.COVID), images.get(SyntheticClass.NORMAL),
        readme, others);
  }

  /**
   * The file name of image {@code index} in a set of {@code perClass}: {@code synthetic-covid-007.png},
   * numbered with at least three digits and as many as the largest index needs, so that names sort
   * in index order.
   */
  static String fileName(SyntheticClass label, int index, int perClass) {
    int digits = Math.max(3, Integer.toString(perClass - 1).length());
    return String.format(Locale.ROOT, "synthetic-%s-%0" + digits + "d.png", label.folderName(), index);
  }

  static String readme(SyntheticXrays generator, int perClass) {
    return String.join("\n",
        "SYNTHETIC DATA - NOT MEDICAL IMAGES",
        "",
        "The images in this folder were drawn by a computer program (covid-xray's",
        "io.github.covidxray.synthetic.SyntheticXrays). They are not X-rays of any",
        "person and must not be used as, or mistaken for, medical images. Every image",
        "carries the text \"" + SyntheticXray.LABEL + "\" in its top-left corner.",
        "",
        String.format(Locale.ROOT, "  covid/   %d drawings of a chest with bright, blurred patches inside both",
            perClass),
        "           lung fields (a caricature of ground-glass opacities)",
        String.format(Locale.ROOT, "  normal/  %d drawings of the same kind with clear lung fields", perClass),
        "",
        String.format(Locale.ROOT, "%d x %d pixels, 8-bit greyscale PNG, generator seed %d. The same seed,",
            generator.width(), generator.height(), generator.seed()),
        "size and count give the same images again (with the same OpenCV build).",
        "",
        "They exist so that the covid-xray pipeline can be run and tested offline, without",
        "downloading anything. A model trained on them learns to tell these drawings apart",
        "and nothing about real chest X-rays or COVID-19. Research use only; nothing here",
        "diagnoses anyone.",
        "",
        "For the real reproduction, build the tutorial's data set of public chest X-rays as",
        "described in dataset/README.md of the covid-xray repository.",
        "");
  }

  private static void deleteStaleImages(Path dir, Set<Path> written) throws IOException {
    for (SyntheticClass label : SyntheticClass.values()) {
      Path folder = dir.resolve(label.folderName());
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (!written.contains(file) && Files.isRegularFile(file)
              && OUR_IMAGE.matcher(file.getFileName().toString()).matches()) {
            Files.delete(file);
            LOG.info("Deleted stale synthetic image {}", file);
          }
        }
      }
    }
  }

  private static List<Path> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    }
  }

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

  /**
   * Writes {@code bytes} to a hidden temporary sibling and moves it into place, so that a crash never
   * leaves a half-written image. (This module does not depend on covid-xray-core, whose tests use it,
   * so core's atomic-file helper is not available here.)
   */
  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
