package io.github.covidxray.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the class folders of a data set directory and the image files inside each, in a
 * deterministic order, and rejects layouts that cannot be a data set.
 *
 * <p>Class folders are the non-hidden sub-directories of the root, sorted by name with
 * {@link String#compareTo} (code-point order, as scikit-learn's {@code LabelBinarizer} sorts labels).
 * Images are found recursively below each class folder (following symbolic links) by extension,
 * ignoring case; hidden files and folders (a leading dot, or hidden per the file system) are ignored.
 * A symbolic link inside a class folder that resolves into the data set itself (the root, another
 * class folder, anything below them) or to an ancestor of the class folder is not followed, with a
 * warning naming it: the folder name is the label, so following it would give the images it reaches
 * this class's label as well (a link back to the root relabels the whole data set). Links elsewhere,
 * e.g. to images kept on another disk, are followed.
 * Images are sorted by their path relative to the class folder, with {@code /} separators, so the
 * order is the same on every platform.
 */
final class ClassFolderScanner {

  /** File name extensions, lower case, that are taken as images. */
  static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp", "dcm", "dicom");

  private static final String EXTENSION_LIST =
      ".jpg, .jpeg, .png, .bmp, .tif, .tiff, .webp, .dcm or .dicom, or DICOM files without an extension";
  private static final String LAYOUT_HINT =
      "expected one sub-folder per class, e.g. covid/ and normal/, each holding that class's images";

  private static final Logger LOG = LoggerFactory.getLogger(ClassFolderScanner.class);

  /** One class folder and its image files, sorted. */
  record ClassFolder(String name, Path folder, List<Path> images) {
  }

  private ClassFolderScanner() {
  }

  /**
   * Scans a data set directory.
   *
   * @param root the data set directory
   * @return at least two class folders, sorted by name, each with at least one image file
   * @throws DatasetException when the root is missing, not a directory, unreadable, has fewer than
   *     two class folders, or a class folder has no image files
   */
  static List<ClassFolder> scan(Path root) {
    if (!Files.exists(root)) {
      throw new DatasetException("Data set directory " + root + " does not exist; " + LAYOUT_HINT);
    }
    if (!Files.isDirectory(root)) {
      throw new DatasetException("Data set path " + root + " is not a directory; " + LAYOUT_HINT);
    }
    List<Path> classFolders = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (isHidden(child)) {
          continue;
        }
        if (Files.isDirectory(child)) {
          classFolders.add(child);
        } else if (isImageFile(child)) {
          LOG.warn("Ignoring {}: images must be inside a class folder, not in the data set directory itself", child);
        }
      }
    } catch (IOException e) {
      throw new DatasetException("Cannot list data set directory " + root + " (" + e + ")", e);
    }
    classFolders.sort(Comparator.comparing(p -> p.getFileName().toString()));
    if (classFolders.isEmpty()) {
      throw new DatasetException("Data set directory " + root + " has no class folders; " + LAYOUT_HINT);
    }
    if (classFolders.size() < 2) {
      throw new DatasetException("Data set directory " + root + " has only one class folder ("
          + classFolders.get(0).getFileName() + "); a classifier needs at least two classes; " + LAYOUT_HINT);
    }
    Path realRoot = realPath(root);
    List<ClassFolder> result = new ArrayList<>();
    for (Path folder : classFolders) {
      List<Path> images = findImages(folder, realRoot);
      if (images.isEmpty()) {
        throw new DatasetException("Class folder " + folder + " contains no images (files ending in "
            + EXTENSION_LIST + ", at any depth below it); " + LAYOUT_HINT);
      }
      result.add(new ClassFolder(folder.getFileName().toString(), folder, List.copyOf(images)));
    }
    return List.copyOf(result);
  }

  /**
   * Whether a file name has one of the {@link #IMAGE_EXTENSIONS}, ignoring case, or has no extension
   * (or a numeric one) and starts with the DICOM preamble (128 bytes, then {@code DICM}): PACS exports
   * often name files by their UIDs alone ({@code 1.2.840.113619.2.55}).
   *
   * @param file a path
   * @return true for image files
   */
  static boolean isImageFile(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (extension.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return dot != 0 && hasDicomPreamble(file);
    }
    return dot > 0 && IMAGE_EXTENSIONS.contains(extension);
  }

  private static boolean hasDicomPreamble(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(132);
      return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Path> findImages(Path classFolder, Path realRoot) {
    Path realClassFolder = realPath(classFolder);
    List<Path> images = new ArrayList<>();
    try {
      Files.walkFileTree(classFolder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(classFolder)) {
                return FileVisitResult.CONTINUE;
              }
              return isHidden(dir) || pointsBack(dir, realRoot, realClassFolder)
                  ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              // a symbolic link seen here is broken (live ones are followed): kept, so that the load
              // reports it as an unreadable image instead of losing it silently
              if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && !isHidden(file) && isImageFile(file)
                  && !pointsBack(file, realRoot, realClassFolder)) {
                images.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof FileSystemLoopException) {
                LOG.warn("Ignoring {}: symbolic link loop", file);
                return FileVisitResult.CONTINUE;
              }
              if (!isHidden(file) && isImageFile(file)) {
                images.add(file); // e.g. a broken link: reported as an unreadable image when loaded
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new DatasetException("Cannot list class folder " + classFolder + " (" + e + ")", e);
    }
    images.sort(Comparator.comparing(p -> relativeName(classFolder, p)));
    return images;
  }

  /**
   * Whether {@code path} is a symbolic link that resolves into the data set (at or below its root or
   * the class folder) or to an ancestor of either; warns, naming the link, if so.
   */
  private static boolean pointsBack(Path path, Path realRoot, Path realClassFolder) {
    if (!Files.isSymbolicLink(path)) {
      return false;
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      return false; // broken: reported as an unreadable image if it looks like one
    }
    boolean inside = real.startsWith(realRoot) || real.startsWith(realClassFolder);
    boolean ancestor = realRoot.startsWith(real) || realClassFolder.startsWith(real);
    if (!inside && !ancestor) {
      return false;
    }
    String where = real.equals(realRoot) ? "to the root of"
        : ancestor ? "to a folder that contains" : "back into";
    LOG.warn("Not following the symbolic link {} -> {}: it points {} the data set {}, so following it"
        + " would give {} the label of the class folder it is in; link to images outside the data set,"
        + " or move them", path, real, where, realRoot,
        Files.isDirectory(real) ? "every image below it" : "that image");
    return true;
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private static String relativeName(Path base, Path file) {
    StringBuilder s = new StringBuilder();
    for (Path part : base.relativize(file)) {
      s.append(s.length() == 0 ? "" : "/").append(part);
    }
    return s.toString();
  }

  /** Hidden: a leading dot, or hidden per the file system. */
  static boolean isHidden(Path path) {
    Path name = path.getFileName();
    if (name != null && name.toString().startsWith(".")) {
      return true;
    }
    try {
      return Files.isHidden(path);
    } catch (IOException e) {
      return false;
    }
  }
}
