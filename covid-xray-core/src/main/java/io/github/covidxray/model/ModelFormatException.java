package io.github.covidxray.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A path that cannot be loaded as a saved {@link VggTransferModel}: missing, not a model directory,
 * metadata that is missing, unreadable or of an unsupported format version, or a SavedModel part that
 * is missing or does not fit the metadata. The message names the path and says what was expected.
 */
public class ModelFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * Creates the exception.
   *
   * @param path the model directory or the file in it at fault
   * @param problem what is wrong and what was expected, without the path
   * @param cause the underlying error, or {@code null}
   */
  public ModelFormatException(Path path, String problem, Throwable cause) {
    super("Not a loadable covid-xray model: " + path + ": " + problem, cause);
    this.path = Objects.requireNonNull(path, "path");
  }

  /**
   * Creates the exception without a cause.
   *
   * @param path the model directory or the file in it at fault
   * @param problem what is wrong and what was expected, without the path
   */
  public ModelFormatException(Path path, String problem) {
    this(path, problem, null);
  }

  /** The model directory or the file in it at fault. */
  public Path path() {
    return path;
  }
}
