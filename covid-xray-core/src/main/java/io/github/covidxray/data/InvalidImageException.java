package io.github.covidxray.data;

import java.util.Objects;

/**
 * One image file (or in-memory encoded image) cannot be used: empty, unreadable, not an image,
 * truncated, corrupt, or larger than the pixel budget.
 *
 * <p>The loader turns these into skipped files by default and rethrows the first one in
 * {@linkplain DatasetLoader.Builder#strict() strict} mode; the single-image API of
 * {@link ImagePreprocessor} always throws it.
 */
public class InvalidImageException extends DatasetException {

  private static final long serialVersionUID = 1L;

  /** The image's file or other name, as given. */
  private final String source;
  /** What is wrong with the image, without its name. */
  private final String reason;

  /**
   * Creates an exception for one image.
   *
   * @param source the file (or other name) of the image, as the user knows it
   * @param reason what is wrong with it, without the file name
   */
  public InvalidImageException(String source, String reason) {
    this(source, reason, null);
  }

  /**
   * Creates an exception for one image, keeping the low-level cause.
   *
   * @param source the file (or other name) of the image, as the user knows it
   * @param reason what is wrong with it, without the file name
   * @param cause the underlying I/O or OpenCV error, or {@code null}
   */
  public InvalidImageException(String source, String reason, Throwable cause) {
    super("Invalid image " + source + ": " + reason, cause);
    this.source = Objects.requireNonNull(source, "source");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * The image's file (or other name), so that callers can report or skip it.
   *
   * @return the source as given when the exception was created
   */
  public String source() {
    return source;
  }

  /**
   * What is wrong with the image, without its name (what {@link SkippedFile#reason()} records).
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
