package io.github.covidxray.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image file the lenient loader left out, and why; kept on the result so that callers can report
 * or fix the files instead of digging through logs.
 *
 * @param file the file that was skipped
 * @param reason what is wrong with it (empty, truncated, not an image, over the pixel budget, ...)
 */
public record SkippedFile(Path file, String reason) {

  /** Requires both parts. */
  public SkippedFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
  }
}
