package io.github.covidxray.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What interrupted writes of a directory (see {@link AtomicDirectory}) left beside it: temporary
 * folders {@code .<name>.<id>.tmp}, backups {@code .<name>.<id>.old} and lock files
 * {@code .<name>.<id>.lock}. Without this they would stay forever, tens of megabytes each, and a
 * recovery hint would have to guess which backup to trust.
 *
 * <p>{@link #cleanUp} removes the leftovers of saves that are no longer running (their
 * {@link SaveLock} can be taken): every temporary folder, and every backup once the directory itself
 * holds complete content, which makes them obsolete. While the directory is missing or incomplete,
 * backups are kept, since one may be the only complete copy. A folder that holds anything a save does
 * not write is never deleted, in case a user's folder happens to match the pattern.
 */
final class Leftovers {

  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

  /** The id is a random unsigned long in base 36. */
  private static final Pattern SUFFIX = Pattern.compile("\\.([0-9a-z]{1,13})\\.(tmp|old|lock)");

  /**
   * A leftover backup folder and what checking it found.
   *
   * @param folder the backup folder
   * @param created when its marker says it was completed, if it has a valid marker
   * @param problem why it is not a complete backup, or empty if it is one
   */
  record Backup(Path folder, Optional<Instant> created, Optional<String> problem) {

    /** Marked complete and its content checked. */
    boolean complete() {
      return problem.isEmpty();
    }

    /** How a message describes it. */
    String describe() {
      return folder + problem.map(p -> " (not complete: " + p + ")")
          .orElseGet(() -> " (backup made " + created.orElseThrow() + ")");
    }
  }

  private record Leftover(String id, String kind, Path path) {
  }

  private Leftovers() {}

  /**
   * Removes what crashed writes of {@code target} left behind, logging each step: temporary folders
   * always, backups when {@code target} holds complete content; keeps backups otherwise and says
   * which one is the newest complete copy. Never throws: a cleanup that fails is logged and skipped.
   *
   * @param target the directory (a symbolic link to one is followed)
   * @param layout what its content is
   */
  static void cleanUp(Path target, AtomicDirectory.Layout layout) {
    Path absolute;
    List<Leftover> leftovers;
    try {
      absolute = AtomicDirectory.resolve(target);
      leftovers = find(absolute);
    } catch (IOException e) {
      LOG.warn("Could not look for leftovers of interrupted saves of {}: {}", target, e.toString());
      return;
    }
    if (leftovers.isEmpty()) {
      return;
    }
    boolean complete = isComplete(absolute, layout);
    List<Path> kept = new ArrayList<>();
    Map<String, List<Leftover>> byId = new TreeMap<>();
    leftovers.forEach(l -> byId.computeIfAbsent(l.id(), id -> new ArrayList<>()).add(l));
    for (Map.Entry<String, List<Leftover>> save : byId.entrySet()) {
      Optional<Leftover> lockFile = save.getValue().stream().filter(l -> l.kind().equals("lock")).findFirst();
      Optional<SaveLock> claimed = Optional.empty();
      try {
        if (lockFile.isPresent()) {
          claimed = SaveLock.claimIfStale(lockFile.get().path(), save.getKey());
          if (claimed.isEmpty()) {
            LOG.debug("Leaving {}: a save of {} is running", lockFile.get().path(), absolute);
            continue;
          }
        }
        for (Leftover l : save.getValue()) {
          if (l.kind().equals("tmp")) {
            remove(l.path(), layout, "the temporary folder of an interrupted save of " + absolute, true);
          } else if (l.kind().equals("old")) {
            if (complete) {
              remove(l.path(), layout, "a backup left by an interrupted save of " + absolute
                  + ", made obsolete by the complete model there", false);
            } else {
              kept.add(l.path());
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not clean up after an interrupted save of {}: {}", absolute, e.toString());
      } finally {
        if (claimed.isPresent()) {
          try {
            claimed.get().close(); // deletes the stale lock file
          } catch (IOException e) {
            LOG.warn("Could not delete the stale lock file {}: {}", lockFile.get().path(), e.toString());
          }
        }
      }
    }
    if (complete) {
      removeStaleMarker(absolute);
    } else if (!kept.isEmpty()) {
      LOG.warn("Kept {} beside {}: {}", kept, absolute, hint(absolute, layout));
    }
  }

  /**
   * The backups of {@code target} that interrupted saves left, each checked: it is complete if its
   * {@link BackupMarker} is valid and {@link AtomicDirectory.Layout#checkComplete} passes. Complete
   * ones come first, newest first; then the others by name.
   *
   * @param target the directory
   * @param layout what its content is
   * @return the backups, possibly none
   */
  static List<Backup> backups(Path target, AtomicDirectory.Layout layout) throws IOException {
    Path absolute = AtomicDirectory.resolve(target);
    List<Backup> backups = new ArrayList<>();
    for (Leftover l : find(absolute)) {
      if (l.kind().equals("old")) {
        backups.add(check(l.path(), layout));
      }
    }
    backups.sort(Comparator.comparing((Backup b) -> !b.complete())
        .thenComparing(b -> b.complete() ? b.created().orElseThrow() : Instant.MIN,
            Comparator.reverseOrder())
        .thenComparing(Backup::folder));
    return backups;
  }

  /**
   * What to tell a user whose directory is missing or incomplete: where the newest complete backup is
   * and how to restore it, or that no backup is complete.
   *
   * @param target the directory
   * @param layout what its content is
   * @return the advice, or an empty string if no backups exist
   */
  static String hint(Path target, AtomicDirectory.Layout layout) {
    List<Backup> backups;
    Path absolute;
    try {
      absolute = AtomicDirectory.resolve(target);
      backups = backups(absolute, layout);
    } catch (IOException e) {
      return "";
    }
    if (backups.isEmpty()) {
      return "";
    }
    Backup newest = backups.get(0);
    if (!newest.complete()) {
      return "interrupted saves left backups of it, but none is complete: "
          + String.join("; ", backups.stream().map(Backup::describe).toList());
    }
    String others = backups.size() == 1 ? ""
        : " (other backups beside it: " + String.join("; ",
            backups.subList(1, backups.size()).stream().map(Backup::describe).toList()) + ")";
    String restore = Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
        ? "move the files in it (all but " + BackupMarker.FILE_NAME + ") into " + absolute
        : "rename that folder to " + absolute.getFileName();
    return "the newest complete copy is the backup " + newest.folder() + ", made "
        + newest.created().orElseThrow() + " by an interrupted save and checked now (marker, "
        + "metadata and SavedModel files): " + restore + ", or save the model again" + others;
  }

  private static Backup check(Path folder, AtomicDirectory.Layout layout) {
    Optional<Instant> created = Optional.empty();
    try {
      created = Optional.of(BackupMarker.readFrom(folder).created());
      layout.checkComplete(folder);
      return new Backup(folder, created, Optional.empty());
    } catch (IOException | RuntimeException e) {
      return new Backup(folder, created, Optional.of(e.getMessage()));
    }
  }

  private static boolean isComplete(Path directory, AtomicDirectory.Layout layout) {
    if (!Files.isDirectory(directory)
        || !Files.exists(directory.resolve(layout.completionEntry()), LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      layout.checkComplete(directory);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Deletes a leftover folder that holds only what a save writes; otherwise leaves it and says so. */
  private static void remove(Path folder, AtomicDirectory.Layout layout, String what, boolean warn)
      throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      LOG.warn("Not removing {}: its name is that of {}, but it is not a folder", folder, what);
      return;
    }
    List<String> foreign = AtomicDirectory.entries(folder).stream()
        .filter(n -> !AtomicDirectory.owned(layout, n)).toList();
    if (!foreign.isEmpty()) {
      LOG.warn("Not removing {}: its name is that of {}, but it holds files a save does not write ({})",
          folder, what, AtomicDirectory.listing(folder, foreign));
      return;
    }
    long bytes = size(folder);
    AtomicDirectory.deleteTree(folder);
    String message = "Removed {} ({}), {}";
    String size = String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    if (warn) {
      LOG.warn(message, folder, size, what);
    } else {
      LOG.info(message, folder, size, what);
    }
  }

  /** Deletes the in-progress marker a crash left in a directory that is complete again. */
  private static void removeStaleMarker(Path directory) {
    Path marker = directory.resolve(AtomicDirectory.IN_PROGRESS);
    if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      String id = Files.readString(marker).replaceFirst("^save ([0-9a-z]+).*", "$1").strip();
      Path lock = SaveLock.sibling(directory, id, SaveLock.SUFFIX);
      if (Files.exists(lock)) {
        Optional<SaveLock> claimed = SaveLock.claimIfStale(lock, id);
        if (claimed.isEmpty()) {
          return; // its save is still running
        }
        claimed.get().close();
      }
      Files.deleteIfExists(marker);
      LOG.info("Removed {}, the in-progress marker of a save of {} that was interrupted after it"
          + " completed the model", marker, directory);
    } catch (IOException e) {
      LOG.warn("Could not remove the stale marker {}: {}", marker, e.toString());
    }
  }

  private static List<Leftover> find(Path absolute) throws IOException {
    Path parent = absolute.getParent();
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    String prefix = "." + absolute.getFileName();
    List<Leftover> found = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(parent)) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix)) {
          Matcher m = SUFFIX.matcher(name.substring(prefix.length()));
          if (m.matches()) {
            found.add(new Leftover(m.group(1), m.group(2), p));
          }
        }
      }
    }
    found.sort(Comparator.comparing(Leftover::path));
    return found;
  }

  private static long size(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}
