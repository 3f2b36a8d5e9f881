package io.github.covidxray.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new one, never a
 * half-written file: the bytes go to a hidden temporary sibling, which is then moved over the target
 * (atomically where the file system allows). On failure the temporary file is deleted and an
 * existing target is left untouched.
 */
public final class AtomicFiles {

  /** Produces the content of a file; may throw, in which case nothing is written. */
  @FunctionalInterface
  public interface ContentWriter {
    /** Writes the whole content to {@code out} (which the caller closes). */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} from {@code content}, creating missing parent directories.
   *
   * @throws IOException if writing or moving fails; the target is then unchanged
   */
  public static void write(Path target, ContentWriter content) throws IOException {
    Objects.requireNonNull(content, "content");
    Path tmp = temporarySibling(target);
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code text} as UTF-8 to {@code target}, atomically (see {@link #write}). */
  public static void writeString(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Copies {@code source} to {@code target} byte for byte, atomically (see {@link #write}); an
   * existing target is replaced only once the copy is complete.
   */
  public static void copy(Path source, Path target) throws IOException {
    Objects.requireNonNull(source, "source");
    Path tmp = temporarySibling(target);
    try {
      Files.copy(source, tmp);
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path temporarySibling(Path target) throws IOException {
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath();
    Path fileName = absolute.getFileName();
    if (fileName == null) {
      throw new IOException("cannot write to " + target + ": it has no file name");
    }
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    if (Files.isDirectory(absolute)) {
      throw new IOException("cannot write to " + target + ": it is a directory");
    }
    // Not Files.createTempFile: its owner-only permissions would stick to the final file.
    String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    return dir.resolve("." + fileName + "." + suffix + ".tmp");
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
