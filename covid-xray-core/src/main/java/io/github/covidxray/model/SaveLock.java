package io.github.covidxray.model;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The mark of a save in progress: an empty hidden file {@code .<name>.<id>.lock} beside the target,
 * held under an operating-system file lock, whose id also names the save's temporary and backup
 * folders ({@code .<name>.<id>.tmp}, {@code .<name>.<id>.old}). The lock exists so that cleaning up
 * after interrupted saves (see {@link Leftovers}) can tell a crashed save's folders from those of a
 * save still running, in this process or another (e.g. a training run checkpointing while another
 * program loads the model): the operating system releases the lock when its process dies, SIGKILL
 * included, so a lock file that can be locked belongs to a dead save.
 */
final class SaveLock implements Closeable {

  static final String SUFFIX = ".lock";

  /**
   * Lock files held by this process. Closing any channel of a file drops all of a process's POSIX
   * locks on it, so this process never opens its own lock files to probe them.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final String id;
  private final FileChannel channel;
  private final FileLock lock;

  private SaveLock(Path file, String id, FileChannel channel, FileLock lock) {
    this.file = file;
    this.id = id;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Starts a save of {@code target}: creates and locks a lock file under a fresh random id.
   *
   * @param target the absolute, resolved directory being saved
   * @throws IOException if the lock file cannot be created or locked
   */
  static SaveLock acquire(Path target) throws IOException {
    while (true) {
      String id = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
      Path file = sibling(target, id, SUFFIX);
      if (!HELD_HERE.add(file)) {
        continue;
      }
      FileChannel channel = null;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        // Another process's cleanup that found the file in the instant before it was locked may
        // have deleted it as stale; the lock would then guard nothing, so start again.
        if (Files.exists(file)) {
          return new SaveLock(file, id, channel, lock);
        }
        channel.close();
        HELD_HERE.remove(file);
      } catch (FileAlreadyExistsException taken) {
        HELD_HERE.remove(file);
      } catch (IOException | RuntimeException e) {
        if (channel != null) {
          channel.close();
          Files.deleteIfExists(file);
        }
        HELD_HERE.remove(file);
        throw e;
      }
    }
  }

  /**
   * Locks the lock file of a save that may have died, to clean up after it.
   *
   * @param file an existing lock file
   * @return the held lock if its save is dead; empty if a live save (here or in another process)
   *     holds it, or if the file vanished meanwhile (its save just finished)
   */
  static Optional<SaveLock> claimIfStale(Path file, String id) throws IOException {
    if (!HELD_HERE.add(file)) {
      return Optional.empty(); // a save running in this process
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
    } catch (IOException e) {
      HELD_HERE.remove(file);
      if (e instanceof NoSuchFileException) {
        return Optional.empty();
      }
      throw e;
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new SaveLock(file, id, channel, lock));
      }
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(file);
      channel.close();
      throw e;
    }
    HELD_HERE.remove(file);
    channel.close();
    return Optional.empty();
  }

  /** The sibling {@code .<name>.<id><suffix>} of {@code target}. */
  static Path sibling(Path target, String id, String suffix) {
    return target.resolveSibling("." + target.getFileName() + "." + id + suffix);
  }

  /** The id shared by this save's lock, temporary and backup folders. */
  String id() {
    return id;
  }

  /** The sibling of {@code target} with this save's id and {@code suffix}. */
  Path sibling(Path target, String suffix) {
    return sibling(target, id, suffix);
  }

  /** Deletes the lock file, then releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(file);
    } finally {
      try {
        lock.release();
      } finally {
        channel.close();
        HELD_HERE.remove(file);
      }
    }
  }
}
