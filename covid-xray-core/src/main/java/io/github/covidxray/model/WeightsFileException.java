package io.github.covidxray.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A weights file that cannot be used: not readable as HDF5 (truncated, not HDF5 at all), not in a
 * Keras layout, or holding layers that do not fit the model (missing, unmappable, wrong shape).
 *
 * <p>The message always names the file and, where one is at fault, the layer with the expected and the
 * found shape; the same facts are available as accessors for programmatic handling. When this is
 * thrown nothing has been loaded into any model.
 */
public class WeightsFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String layer;
  private final int[] expectedShape;
  private final int[] foundShape;

  /**
   * A problem with a whole file (unreadable, not a Keras layout).
   *
   * @param file the file, or {@code null} if the weights did not come from a file
   * @param message what is wrong and what was expected
   * @param cause the underlying error, or {@code null}
   */
  public WeightsFileException(Path file, String message, Throwable cause) {
    this(file, null, null, null, message, cause);
  }

  /**
   * A problem with one layer of a file.
   *
   * @param file the file, or {@code null} if the weights did not come from a file
   * @param layer the layer at fault
   * @param expectedShape the shape the model needs, or {@code null} if not a shape problem
   * @param foundShape the shape found, or {@code null} if not a shape problem
   * @param message what is wrong and what was expected
   * @param cause the underlying error, or {@code null}
   */
  public WeightsFileException(
      Path file, String layer, int[] expectedShape, int[] foundShape, String message, Throwable cause) {
    super((file == null ? "weights" : "weights file " + file) + ": " + message, cause);
    this.file = file;
    this.layer = layer;
    this.expectedShape = expectedShape == null ? null : expectedShape.clone();
    this.foundShape = foundShape == null ? null : foundShape.clone();
  }

  /** The file at fault, if the weights came from one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The layer at fault, if the problem is with one layer. */
  public Optional<String> layer() {
    return Optional.ofNullable(layer);
  }

  /** The shape the model expected, for shape mismatches. */
  public Optional<int[]> expectedShape() {
    return Optional.ofNullable(expectedShape).map(int[]::clone);
  }

  /** The shape found in the file, for shape mismatches. */
  public Optional<int[]> foundShape() {
    return Optional.ofNullable(foundShape).map(int[]::clone);
  }
}
