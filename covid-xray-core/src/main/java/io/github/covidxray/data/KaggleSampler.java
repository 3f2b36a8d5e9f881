package io.github.covidxray.data;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks normal X-rays from the Kaggle "Chest X-Ray Images (Pneumonia)" set, reproducibly.
 *
 * <p>Only files whose folder is named {@code NORMAL} (any case, at any depth: {@code train/NORMAL},
 * {@code test/NORMAL}, {@code val/NORMAL}, or {@code --kaggle} pointing at a {@code NORMAL} folder
 * itself) are candidates; the tutorial's script listed the whole set by mistake and so drew mostly
 * pneumonia cases. Hidden files and macOS {@code __MACOSX} folders (present in the Kaggle archive)
 * are ignored. Candidates are sorted by their path relative to the root, with {@code /} separators,
 * so the order, and therefore the sample for a seed, is the same on every platform and file
 * system. The same file name in two places (the archive holds a nested copy of itself) is one
 * candidate, the first in that order.
 */
public final class KaggleSampler {

  private static final Pattern PERSON = Pattern.compile("^(person\\d+)_");
  private static final Pattern IM = Pattern.compile("^((?:NORMAL\\d*-)?IM-\\d+)-");

  /**
   * The candidates under a root.
   *
   * @param images one file per distinct file name, in sorted relative-path order
   * @param duplicates files skipped because an earlier candidate has the same file name
   */
  public record Candidates(List<Path> images, List<Path> duplicates) {

    /** Copies the lists. */
    public Candidates {
      images = List.copyOf(images);
      duplicates = List.copyOf(duplicates);
    }
  }

  private KaggleSampler() {}

  /**
   * Finds the images in {@code NORMAL} folders under {@code kaggleDir} (see the class comment);
   * returned paths are under the directory's real path.
   *
   * @param kaggleDir the unpacked {@code chest_xray} folder, or a {@code NORMAL} folder in it
   * @return the candidates and the skipped duplicates
   * @throws IOException if the folder cannot be walked
   */
  public static Candidates findNormalImages(Path kaggleDir) throws IOException {
    // the real path, so that a symbolic link given as --kaggle is walked, not just visited
    Path root = kaggleDir.toRealPath();
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        String name = dir.equals(root) ? "" : dir.getFileName().toString();
        return name.startsWith(".") || name.equals("__MACOSX")
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && isImage(file) && inNormalFolder(file)) {
          found.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    found.sort(Comparator.comparing(p -> portable(root.relativize(p))));
    Map<String, Path> byName = new HashMap<>();
    List<Path> images = new ArrayList<>();
    List<Path> duplicates = new ArrayList<>();
    for (Path p : found) {
      if (byName.putIfAbsent(p.getFileName().toString(), p) == null) {
        images.add(p);
      } else {
        duplicates.add(p);
      }
    }
    return new Candidates(List.copyOf(images), List.copyOf(duplicates));
  }

  /**
   * {@code count} of {@code candidates}, chosen by shuffling them with {@code new Random(seed)} and
   * taking the first {@code count}; returned sorted by file name. Same candidates and seed, same sample.
   *
   * @param candidates the images to choose from
   * @param count how many to choose, at least 1
   * @param seed seed of the shuffle
   * @return the sample
   * @throws IllegalArgumentException if there are fewer candidates than {@code count}
   */
  public static List<Path> sample(List<Path> candidates, int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    if (candidates.size() < count) {
      throw new IllegalArgumentException(String.format(
          "only %d candidate image(s), cannot sample %d", candidates.size(), count));
    }
    List<Path> shuffled = new ArrayList<>(candidates);
    Collections.shuffle(shuffled, new Random(seed));
    List<Path> chosen = new ArrayList<>(shuffled.subList(0, count));
    chosen.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return List.copyOf(chosen);
  }

  /**
   * The patient id encoded in a Kaggle file name, or {@code ""}: {@code person1102} for
   * {@code person1102_bacteria_3043.jpeg}, {@code IM-0033} for {@code IM-0033-0001-0001.jpeg},
   * {@code NORMAL2-IM-0315} for {@code NORMAL2-IM-0315-0001.jpeg}. This reading of the names is an
   * assumption (the source does not document them), good enough to keep likely same-patient images
   * together in a split.
   *
   * @param fileName a Kaggle file name
   * @return the patient id, or {@code ""}
   */
  public static String patientIdOf(String fileName) {
    Matcher m = PERSON.matcher(fileName);
    if (m.find()) {
      return m.group(1);
    }
    m = IM.matcher(fileName);
    return m.find() ? m.group(1) : "";
  }

  /** An image the data set loader reads, not hidden. */
  private static boolean isImage(Path file) {
    return !file.getFileName().toString().startsWith(".") && ClassFolderScanner.isImageFile(file);
  }

  private static boolean inNormalFolder(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return parent != null && parent.getFileName() != null
        && parent.getFileName().toString().equalsIgnoreCase("NORMAL");
  }

  private static String portable(Path relative) {
    StringBuilder s = new StringBuilder();
    for (Path part : relative) {
      s.append(s.length() == 0 ? "" : "/").append(part);
    }
    return s.toString();
  }
}
