package io.github.covidxray.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a whole directory so that its path holds either the complete old content or the complete new
 * one, never a mixture and never a half-written directory: the content is written into a hidden
 * temporary sibling ({@code .<name>.<random>.tmp}), flushed to disk, and then renamed into place.
 *
 * <p>An existing directory is replaced only once the new one is complete: it is first renamed to a
 * hidden backup sibling ({@code .<name>.<random>.old}), the new directory is renamed to the target,
 * and only then is the backup deleted. If the second rename fails the backup is renamed back. The two
 * renames cannot be one atomic step (Java has no portable atomic directory exchange), so a crash
 * exactly between them leaves no directory at the target and the intact old one in the backup
 * sibling; {@link #backupsOf(Path)} finds it. At no moment does the target hold a partial directory.
 *
 * <p>On failure the temporary directory is deleted and the exception is rethrown; an existing target
 * is left untouched.
 */
final class AtomicDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(AtomicDirectory.class);

  /** Fills a new, empty directory; may throw, in which case nothing reaches the target. */
  @FunctionalInterface
  public interface ContentWriter {
    /**
     * Writes the whole content into {@code directory}.
     *
     * @param directory an empty directory, a temporary sibling of the target
     * @throws IOException to abandon the write
     */
    void writeTo(Path directory) throws IOException;
  }

  /** Decides whether an existing directory may be replaced; throws with the reason if not. */
  @FunctionalInterface
  public interface ReplaceCheck {
    /**
     * Checks an existing directory at the target before anything is written and again just before
     * it is replaced.
     *
     * @param existing the existing directory
     * @throws IOException saying why it must not be replaced
     */
    void check(Path existing) throws IOException;
  }

  /** Renames one path to another; a seam for tests that simulate a failing rename. */
  @FunctionalInterface
  interface Mover {
    void move(Path from, Path to) throws IOException;
  }

  private static final Mover ATOMIC_RENAME =
      (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);

  private AtomicDirectory() {}

  /**
   * Writes the directory {@code target}, creating missing parents; an existing directory is replaced
   * if {@code replaceCheck} allows it (see the class description for the steps).
   *
   * @param target the directory to write; if it is a symbolic link, the directory it points to
   * @param replaceCheck consulted when {@code target} already exists
   * @param content writes the new directory's files
   * @throws IOException if the target is a file, the check refuses it, or writing or renaming fails;
   *     the target is then as it was
   */
  public static void write(Path target, ReplaceCheck replaceCheck, ContentWriter content)
      throws IOException {
    write(target, replaceCheck, content, ATOMIC_RENAME);
  }

  /** {@link #write(Path, ReplaceCheck, ContentWriter)} with the renames done by {@code mover}. */
  static void write(Path target, ReplaceCheck replaceCheck, ContentWriter content, Mover mover)
      throws IOException {
    Objects.requireNonNull(replaceCheck, "replaceCheck");
    Objects.requireNonNull(content, "content");
    Path absolute = resolve(target);
    Path parent = absolute.getParent();
    boolean existed = Files.exists(absolute, LinkOption.NOFOLLOW_LINKS);
    if (existed) {
      if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("cannot write the directory " + target + ": a file is in the way");
      }
      replaceCheck.check(absolute);
    }
    Files.createDirectories(parent);
    Path tmp = sibling(absolute, ".tmp");
    Files.createDirectory(tmp);
    try {
      content.writeTo(tmp);
      syncTree(tmp);
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(tmp, e);
      throw e;
    }
    if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      try {
        mover.move(tmp, absolute);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(tmp, e);
        throw e;
      }
    } else {
      replace(absolute, tmp, replaceCheck, mover);
    }
    syncDirectory(parent);
  }

  /**
   * Backups that an interrupted replacement of {@code target} may have left behind (hidden siblings
   * {@code .<name>.<random>.old}), e.g. to tell a user where the old content is.
   *
   * @param target the directory that was being written
   * @return the backup directories, possibly none
   * @throws IOException if the parent directory cannot be listed
   */
  public static List<Path> backupsOf(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null || absolute.getFileName() == null || !Files.isDirectory(parent)) {
      return List.of();
    }
    String prefix = "." + absolute.getFileName() + ".";
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(".old") && Files.isDirectory(p);
      }).sorted().toList();
    }
  }

  private static void replace(Path target, Path tmp, ReplaceCheck replaceCheck, Mover mover)
      throws IOException {
    Path backup;
    try {
      replaceCheck.check(target);
      backup = sibling(target, ".old");
      mover.move(target, backup);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    }
    try {
      mover.move(tmp, target);
    } catch (IOException | RuntimeException e) {
      try {
        mover.move(backup, target);
      } catch (IOException | RuntimeException restore) {
        e.addSuppressed(restore);
        deleteQuietly(tmp, e);
        throw new IOException("could not move the new " + target + " into place, nor the old one back;"
            + " the old directory is intact at " + backup, e);
      }
      deleteQuietly(tmp, e);
      throw e;
    }
    try {
      deleteTree(backup);
    } catch (IOException e) {
      LOG.warn("Replaced {}, but could not delete the old copy at {}: {}", target, backup, e.toString());
    }
  }

  private static Path resolve(Path target) throws IOException {
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(absolute) && Files.isDirectory(absolute)) {
      absolute = absolute.toRealPath();
    }
    if (absolute.getFileName() == null || absolute.getParent() == null) {
      throw new IOException("cannot write the directory " + target + ": it has no parent");
    }
    return absolute;
  }

  private static Path sibling(Path target, String suffix) {
    String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    return target.resolveSibling("." + target.getFileName() + "." + random + suffix);
  }

  /** Flushes every file and directory under {@code root} to the storage device. */
  private static void syncTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        syncDirectory(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Flushes a directory's entries where the platform allows it (POSIX does, Windows does not). */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("Cannot flush directory {} ({}); relying on the file system", dir, e.toString());
    }
  }

  private static void deleteQuietly(Path root, Throwable failure) {
    try {
      deleteTree(root);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Deletes a tree without following symbolic links out of it. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
