package io.github.covidxray.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the content of a directory (the top-level entries a {@link Layout} owns) so that a crash at
 * any moment loses neither the previous content nor any other file in the directory.
 *
 * <p>Only the owned entries (and any entry the writer itself creates) are replaced; every other file
 * in the directory stays where it is, untouched, so a user's notes or evaluation results beside a
 * saved model survive saving over it. A directory that holds foreign files but no content of this
 * layout (no {@link Layout#completionEntry()}) is refused, so saving to a wrong path writes nothing.
 *
 * <p>Steps, each named by a {@link Step} that a test hook can stop at:
 * <ol>
 *   <li>Take a {@link SaveLock} ({@code .<name>.<id>.lock}) and write the new content into the hidden
 *       sibling {@code .<name>.<id>.tmp}, flushed to disk. If the target does not exist, it is renamed
 *       into place (one atomic rename) and the save is done.
 *   <li>If the target holds complete content, back it up into {@code .<name>.<id>.old} as hard links
 *       (copies where links are not supported), then write a {@link BackupMarker} there last: from
 *       then on a complete copy of the old content exists beside the target.
 *   <li>Write the in-progress marker {@value #IN_PROGRESS} into the target, delete the old completion
 *       entry (so that the target never looks complete while mixed), delete the other old owned
 *       entries, move the new ones in and the new completion entry last, then delete the marker.
 *   <li>Delete the temporary folder and the backup (its marker first).
 * </ol>
 *
 * <p>A failure (an exception) in step 3 puts the backup's files back; a crash leaves either the
 * complete old content, or the complete new content, or an incomplete target (no completion entry,
 * the in-progress marker present) with a complete, marked backup beside it. {@link Leftovers}, run at
 * the start and end of every write and by every load, removes what crashed saves left behind and keeps
 * a backup that is the only complete copy.
 */
final class AtomicDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(AtomicDirectory.class);

  /** Written into the target while its entries are being swapped; owned. */
  static final String IN_PROGRESS = ".covid-xray-saving";

  /** What a directory's own content is; everything else in it belongs to someone else. */
  interface Layout {
    /**
     * Whether a top-level entry belongs to the content, and so is replaced by a write.
     *
     * @param name the entry's file name
     * @return true for the content's own entries
     */
    boolean owns(String name);

    /** The entry moved in last; a directory without it does not hold complete content. */
    String completionEntry();

    /**
     * Checks that a directory holds complete, readable content (used to verify backups).
     *
     * @param directory the directory
     * @throws IOException or a runtime exception saying what is missing or wrong
     */
    void checkComplete(Path directory) throws IOException;
  }

  /** Fills a new, empty directory; may throw, in which case nothing reaches the target. */
  @FunctionalInterface
  interface ContentWriter {
    /**
     * Writes the whole content into {@code directory}.
     *
     * @param directory an empty directory, a temporary sibling of the target
     * @throws IOException to abandon the write
     */
    void writeTo(Path directory) throws IOException;
  }

  /** The moments between the steps of a write, where a test may stop it (see the class steps). */
  enum Step {
    /** The new content is complete in the temporary folder; nothing else exists yet. */
    CONTENT_WRITTEN,
    /** The backup folder holds the first of the old entries but no marker. */
    BACKUP_PARTIAL,
    /** The backup is complete and marked; the target is still untouched. */
    BACKUP_COMPLETE,
    /** The target's old entries are gone; only other files and the in-progress marker remain. */
    OLD_REMOVED,
    /** The first new entry is in the target, the completion entry not yet. */
    NEW_PARTIAL,
    /** The target is complete again with the new content; the backup still exists. */
    NEW_COMPLETE,
    /** The backup's marker and its completion entry are deleted, the rest not yet. */
    BACKUP_PARTLY_DELETED
  }

  /** Called at each {@link Step}; a seam for tests that kill or fail a write midway. */
  @FunctionalInterface
  interface StepHook {
    StepHook NONE = step -> { };

    void reached(Step step) throws IOException;
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
   * Writes the content of the directory {@code target}, creating it and missing parents; other
   * files in an existing directory are kept (see the class description for the steps).
   *
   * @param target the directory to write; if it is a symbolic link, the directory it points to
   * @param layout which entries are the content
   * @param content writes the new content
   * @throws IOException if the target is a file or a directory of foreign files, or writing or
   *     renaming fails; the target then holds its previous content
   */
  static void write(Path target, Layout layout, ContentWriter content) throws IOException {
    write(target, layout, content, StepHook.NONE, ATOMIC_RENAME);
  }

  /** {@link #write(Path, Layout, ContentWriter)} calling {@code steps} between the steps. */
  static void write(Path target, Layout layout, ContentWriter content, StepHook steps)
      throws IOException {
    write(target, layout, content, steps, ATOMIC_RENAME);
  }

  /** {@link #write(Path, Layout, ContentWriter, StepHook)} with the renames done by {@code mover}. */
  static void write(Path target, Layout layout, ContentWriter content, StepHook steps, Mover mover)
      throws IOException {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(steps, "steps");
    Path absolute = resolve(target);
    Path parent = absolute.getParent();
    checkTarget(target, layout);
    Files.createDirectories(parent);
    Leftovers.cleanUp(absolute, layout);
    try (SaveLock lock = SaveLock.acquire(absolute)) {
      Path tmp = lock.sibling(absolute, ".tmp");
      Files.createDirectory(tmp);
      try {
        content.writeTo(tmp);
        syncTree(tmp);
        steps.reached(Step.CONTENT_WRITTEN);
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
        syncDirectory(parent);
      } else {
        try {
          checkWritable(absolute, layout);
        } catch (IOException e) {
          deleteQuietly(tmp, e);
          throw e;
        }
        swap(absolute, tmp, lock, layout, steps, mover);
      }
    }
    Leftovers.cleanUp(absolute, layout);
  }

  /**
   * Checks, writing nothing, that {@link #write} would accept {@code target}: a new path, an empty
   * directory, or one holding the layout's content beside other (kept) files.
   *
   * @throws IOException naming the path when a file is in the way or the directory holds foreign files
   */
  static void checkTarget(Path target, Layout layout) throws IOException {
    Path absolute = resolve(target);
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("cannot write the directory " + target + ": a file is in the way");
      }
      checkWritable(absolute, layout);
    }
  }

  /** Whether a top-level entry is replaced by a write: the layout's, or this class's markers. */
  static boolean owned(Layout layout, String name) {
    return layout.owns(name) || IN_PROGRESS.equals(name) || BackupMarker.FILE_NAME.equals(name);
  }

  /**
   * The absolute, normalised target, through a symbolic link to a directory.
   *
   * @throws IOException if it has no parent
   */
  static Path resolve(Path target) throws IOException {
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

  /**
   * An existing directory may be written if it is empty, holds content of the layout (complete, or
   * left incomplete by an interrupted write), or holds nothing but owned entries.
   */
  private static void checkWritable(Path existing, Layout layout) throws IOException {
    if (Files.exists(existing.resolve(layout.completionEntry()), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(existing.resolve(IN_PROGRESS), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<String> foreign = entries(existing).stream().filter(n -> !owned(layout, n)).toList();
    if (foreign.isEmpty()) {
      return;
    }
    throw new IOException("refusing to replace " + existing + ": it is neither empty nor a saved"
        + " covid-xray model (no " + layout.completionEntry() + "); it holds " + listing(existing, foreign)
        + ". Save to a new or empty directory, or to an existing model directory");
  }

  private static void swap(Path target, Path tmp, SaveLock lock, Layout layout, StepHook steps,
      Mover mover) throws IOException {
    String completion = layout.completionEntry();
    Path backup = null;
    try {
      if (Files.exists(target.resolve(completion), LinkOption.NOFOLLOW_LINKS)) {
        backup = lock.sibling(target, ".old");
        backUp(target, backup, layout, steps);
        new BackupMarker(Instant.now(), target).writeTo(backup);
        syncDirectory(backup);
        steps.reached(Step.BACKUP_COMPLETE);
      }
    } catch (IOException | RuntimeException | Error e) {
      if (backup != null) {
        deleteQuietly(backup, e);
      }
      deleteQuietly(tmp, e);
      throw e;
    }
    List<String> incoming = ownedLast(entries(tmp), completion);
    try {
      Files.writeString(target.resolve(IN_PROGRESS), "save " + lock.id() + (backup == null
          ? ": the directory held no complete content, so there is no backup\n"
          : ": the previous content is backed up in " + backup.getFileName() + "\n"),
          StandardCharsets.UTF_8);
      syncDirectory(target);
      Files.deleteIfExists(target.resolve(completion));
      for (String name : entries(target)) {
        if (owned(layout, name) && !IN_PROGRESS.equals(name)) {
          deleteTree(target.resolve(name));
        }
      }
      syncDirectory(target);
      steps.reached(Step.OLD_REMOVED);
      for (int i = 0; i < incoming.size(); i++) {
        mover.move(tmp.resolve(incoming.get(i)), target.resolve(incoming.get(i)));
        if (i == 0 && incoming.size() > 1) {
          steps.reached(Step.NEW_PARTIAL);
        }
      }
      syncDirectory(target);
      Files.delete(target.resolve(IN_PROGRESS));
      syncDirectory(target);
      steps.reached(Step.NEW_COMPLETE);
    } catch (IOException | RuntimeException | Error e) {
      rollBack(target, tmp, backup, layout, mover, e);
    }
    deleteQuietly(tmp);
    if (backup != null) {
      deleteBackup(target, backup, completion, steps);
    }
  }

  /** Hard-links (or copies) the owned entries of {@code target} into a new {@code backup}. */
  private static void backUp(Path target, Path backup, Layout layout, StepHook steps)
      throws IOException {
    Files.createDirectory(backup);
    List<String> names = ownedLast(entries(target).stream()
        .filter(n -> owned(layout, n) && !IN_PROGRESS.equals(n) && !BackupMarker.FILE_NAME.equals(n))
        .toList(), layout.completionEntry());
    for (int i = 0; i < names.size(); i++) {
      linkTree(target.resolve(names.get(i)), backup.resolve(names.get(i)));
      if (i == 0 && names.size() > 1) {
        steps.reached(Step.BACKUP_PARTIAL);
      }
    }
  }

  /** Puts the backup's entries back after a failed swap, or says where they are. */
  private static void rollBack(Path target, Path tmp, Path backup, Layout layout, Mover mover,
      Throwable failure) throws IOException {
    deleteQuietly(tmp, failure);
    if (backup == null) {
      rethrow(failure); // the target held no complete content; the in-progress marker stays
    }
    try {
      String completion = layout.completionEntry();
      Files.deleteIfExists(target.resolve(completion));
      for (String name : entries(target)) {
        if (owned(layout, name) && !IN_PROGRESS.equals(name)) {
          deleteTree(target.resolve(name));
        }
      }
      for (String name : ownedLast(entries(backup), completion)) {
        if (!BackupMarker.FILE_NAME.equals(name)) {
          mover.move(backup.resolve(name), target.resolve(name));
        }
      }
      Files.deleteIfExists(target.resolve(IN_PROGRESS));
      syncDirectory(target);
      deleteTree(backup);
    } catch (IOException | RuntimeException restore) {
      failure.addSuppressed(restore);
      throw new IOException("could not replace the model files in " + target + ", nor put the"
          + " previous ones back; the previous model is complete at " + backup + ": move the files in"
          + " it (all but " + BackupMarker.FILE_NAME + ") into " + target, failure);
    }
    rethrow(failure);
  }

  private static void rethrow(Throwable failure) throws IOException {
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) failure;
  }

  /** Deletes a backup made obsolete by a completed swap: marker first, so a partial one is unmarked. */
  private static void deleteBackup(Path target, Path backup, String completion, StepHook steps)
      throws IOException {
    try {
      Files.deleteIfExists(backup.resolve(BackupMarker.FILE_NAME));
      deleteTree(backup.resolve(completion));
      steps.reached(Step.BACKUP_PARTLY_DELETED);
      deleteTree(backup);
    } catch (IOException e) {
      LOG.warn("Saved {}, but could not delete the backup of the previous model at {} (the next save"
          + " or load removes it): {}", target, backup, e.toString());
    }
  }

  /** Names sorted, with {@code last} (if present) moved to the end. */
  private static List<String> ownedLast(List<String> names, String last) {
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(Comparator.comparing((String n) -> n.equals(last)).thenComparing(Comparator.naturalOrder()));
    return sorted;
  }

  /** The names of a directory's entries, sorted. */
  static List<String> entries(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A short listing of some of a directory's entries for messages, directories with a slash. */
  static String listing(Path directory, List<String> names) {
    List<String> shown = names.stream()
        .map(n -> n + (Files.isDirectory(directory.resolve(n), LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
        .toList();
    if (shown.isEmpty()) {
      return "nothing";
    }
    return shown.size() <= 8 ? String.join(", ", shown)
        : String.join(", ", shown.subList(0, 8)) + " and " + (shown.size() - 8) + " more";
  }

  /** Recreates {@code source} at {@code copy} with hard links to its files, or copies where needed. */
  private static void linkTree(Path source, Path copy) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectory(copy.resolve(source.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path to = copy.resolve(source.relativize(file).toString());
        if (attrs.isRegularFile()) {
          try {
            Files.createLink(to, file);
            return FileVisitResult.CONTINUE;
          } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Cannot hard-link {} ({}); copying it", file, e.toString());
          }
        }
        Files.copy(file, to, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
    syncTree(copy);
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

  private static void deleteQuietly(Path root) {
    try {
      deleteTree(root);
    } catch (IOException e) {
      LOG.warn("Could not delete the temporary folder {}: {}", root, e.toString());
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
