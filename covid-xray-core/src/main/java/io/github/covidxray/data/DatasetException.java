package io.github.covidxray.data;

/**
 * The data on disk is not what the loader expects: a missing or badly laid out data set directory, or
 * (as {@link InvalidImageException}) an image that cannot be used.
 *
 * <p>Unchecked, because a caller can rarely recover from a broken data set other than by fixing the
 * files; the message always names the directory or file and says what was expected.
 */
public class DatasetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the offending path and what was expected.
   *
   * @param message the full, user-facing explanation
   */
  public DatasetException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps the low-level cause (an I/O or OpenCV error) for diagnosis.
   *
   * @param message the full, user-facing explanation
   * @param cause the underlying error
   */
  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
