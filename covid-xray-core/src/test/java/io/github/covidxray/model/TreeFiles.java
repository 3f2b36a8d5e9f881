package io.github.covidxray.model;

import io.github.covidxray.internal.FileHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** File-tree helpers for the crash tests: snapshots of a directory's state, hashes, listings. */
final class TreeFiles {

  private TreeFiles() {}

  /**
   * Recreates the tree {@code from} at {@code to} with hard links to its files: what the disk holds
   * at this moment, as a crash would leave it (saves never write into an existing file, so the links
   * keep this moment's content).
   */
  static void snapshot(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path copy = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(copy);
        } else {
          Files.createLink(copy, p);
        }
      }
    }
  }

  /** Replaces the content of {@code directory} with a snapshot taken earlier. */
  static void restore(Path snapshot, Path directory) throws IOException {
    for (String name : AtomicDirectory.entries(directory)) {
      AtomicDirectory.deleteTree(directory.resolve(name));
    }
    for (String name : AtomicDirectory.entries(snapshot)) {
      snapshot(snapshot.resolve(name), directory.resolve(name));
    }
  }

  /** SHA-256 of every regular file under {@code root}, by path relative to it. */
  static Map<String, String> hashes(Path root, List<String> relativePaths) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    for (String relative : relativePaths) {
      Path file = root.resolve(relative);
      hashes.put(relative, Files.isRegularFile(file) ? FileHash.of(file, "SHA-256") : "missing");
    }
    return hashes;
  }

  /** The names in a directory, sorted. */
  static List<String> listing(Path directory) throws IOException {
    return AtomicDirectory.entries(directory);
  }
}
