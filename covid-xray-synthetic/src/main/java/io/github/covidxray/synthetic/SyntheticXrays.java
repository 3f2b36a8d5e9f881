package io.github.covidxray.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Random;

/**
 * A deterministic generator of synthetic, clearly labelled chest-radiograph-like images in two
 * classes, for running and testing the pipeline offline: demos, smoke tests, and unit tests that need
 * a small data set a model can actually learn, with known ground truth.
 *
 * <pre>{@code
 * SyntheticXrays generator = new SyntheticXrays(256, 256, 42);
 * SyntheticDataset written = generator.writeDataset(Path.of("demo-dataset"), 40, false);
 * ImageDataset data = DatasetLoader.builder().directory(written.directory()).imageSize(64).build().load();
 * }</pre>
 *
 * <p>Each image is a drawing (see {@link SyntheticXray}): a dark background, a bright body with
 * mediastinum, heart, ribs and clavicles, two dark lung fields, and, for {@link SyntheticClass#COVID},
 * bilateral patchy ground-glass opacities inside the lungs; position, size, brightness, exposure and
 * noise vary from image to image. The text {@value SyntheticXray#LABEL} is burned into every image.
 * These are not medical images, and a model trained on them learns nothing about real X-rays.
 *
 * <p>Image {@code index} of a class is a function of the seed, the class, the index and the size
 * only, so a larger data set starts with the images of a smaller one. The pixels are the same on
 * every run with the same OpenCV build; other OpenCV versions or CPUs may round a few grey levels
 * differently. A generator is immutable and thread-safe: every image gets its own random generator
 * and native buffers.
 *
 * @param width image width in pixels, {@value #MIN_SIZE} to {@value #MAX_SIZE}
 * @param height image height in pixels, {@value #MIN_SIZE} to {@value #MAX_SIZE}
 * @param seed the seed every image is derived from
 */
public record SyntheticXrays(int width, int height, long seed) {

  /** Smallest image side: below it the anatomy is no longer drawable. */
  public static final int MIN_SIZE = 32;

  /** Largest image side, far above what a demo needs. */
  public static final int MAX_SIZE = 4096;

  /** Checks the image size. */
  public SyntheticXrays {
    checkSide("width", width);
    checkSide("height", height);
  }

  /**
   * Draws one image.
   *
   * @param label the class to draw
   * @param index the image's number within its class, 0 or more
   * @return the image and its lung and opacity masks; the same arguments always give the same image
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public SyntheticXray generate(SyntheticClass label, int index) {
    Objects.requireNonNull(label, "label");
    if (index < 0) {
      throw new IllegalArgumentException("index must be 0 or more, got " + index);
    }
    return ChestPainter.paint(label, index, width, height, new Random(imageSeed(seed, label, index)));
  }

  /**
   * Writes a data set laid out as covid-xray-core's {@code DatasetLoader} reads it:
   * {@code dir/covid/synthetic-covid-000.png ...}, {@code dir/normal/synthetic-normal-000.png ...}
   * (8-bit greyscale PNGs) and a {@code README.txt} saying that the images are synthetic.
   *
   * <p>Each file is written to a temporary sibling and moved into place, so no half-written image
   * is ever visible. Unless {@code overwrite} is set, a directory that exists and is not empty is
   * refused before anything is written. With {@code overwrite}, files of the same names are replaced,
   * images named like this generator's ({@code synthetic-<class>-<number>.png}) that this call did
   * not write are deleted, so that the class folders hold exactly the requested set, and every other
   * file is left alone and reported in {@link SyntheticDataset#otherFiles()}.
   *
   * @param dir the data set directory; created if missing
   * @param perClass images per class, at least 1
   * @param overwrite whether to write into a directory that is not empty
   * @return what was written
   * @throws IOException if {@code dir} is not empty and {@code overwrite} is false, is not a
   *     directory, or a file cannot be written
   * @throws IllegalArgumentException if {@code perClass} is below 1
   */
  public SyntheticDataset writeDataset(Path dir, int perClass, boolean overwrite) throws IOException {
    return SyntheticDatasetWriter.write(this, dir, perClass, overwrite);
  }

  /**
   * Writes a data set of {@code perClass} images per class into {@code dir}, which must be missing
   * or empty; see {@link #writeDataset(Path, int, boolean)}.
   *
   * @param dir the data set directory; created if missing, refused if not empty
   * @param perClass images per class, at least 1
   * @param width image width in pixels
   * @param height image height in pixels
   * @param seed the generator's seed
   * @return what was written
   * @throws IOException if {@code dir} is not empty or a file cannot be written
   */
  public static SyntheticDataset writeDataset(Path dir, int perClass, int width, int height, long seed)
      throws IOException {
    return new SyntheticXrays(width, height, seed).writeDataset(dir, perClass, false);
  }

  /** A well-mixed seed per image (SplitMix64's finaliser over the seed, class and index). */
  static long imageSeed(long seed, SyntheticClass label, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (2L * index + label.ordinal() + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void checkSide(String name, int value) {
    if (value < MIN_SIZE || value > MAX_SIZE) {
      throw new IllegalArgumentException(String.format(
          "%s must be between %d and %d pixels, got %d", name, MIN_SIZE, MAX_SIZE, value));
    }
  }
}
