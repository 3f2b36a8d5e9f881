package io.github.covidxray.data;

import java.util.Objects;

/**
 * One mini-batch as the model consumes it: RGB images in NHWC order with values in [0, 1], one-hot
 * labels, and optional per-sample weights (class weighting).
 *
 * <p>The arrays are shared, not copied, because batches are built once per step and are large; a
 * batch is handed from the data side to the model and not modified afterwards.
 *
 * @param images NHWC float pixels, {@code size * height * width * 3} values in [0, 1]
 * @param labels one-hot labels, {@code size * numClasses} values
 * @param sampleWeights per-sample loss weights ({@code size} values), or {@code null} for all ones
 * @param size number of images in the batch
 * @param height image height in pixels
 * @param width image width in pixels
 * @param numClasses number of classes (length of each one-hot row)
 * @param augmented whether the images went through a random augmentation: a model may then not reuse
 *     anything it computed for the same images before (a frozen base's features), since they differ
 *     every time
 */
public record Batch(
    float[] images, float[] labels, float[] sampleWeights, int size, int height, int width, int numClasses,
    boolean augmented) {

  /** Number of colour channels of every image (RGB). */
  public static final int CHANNELS = 3;

  /**
   * A batch of images as stored (not augmented).
   *
   * @param images NHWC float pixels in [0, 1]
   * @param labels one-hot labels
   * @param sampleWeights per-sample loss weights, or {@code null}
   * @param size number of images
   * @param height image height in pixels
   * @param width image width in pixels
   * @param numClasses number of classes
   */
  public Batch(float[] images, float[] labels, float[] sampleWeights, int size, int height, int width,
      int numClasses) {
    this(images, labels, sampleWeights, size, height, width, numClasses, false);
  }

  /** Checks that every array has the length its dimensions imply. */
  public Batch {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    if (size < 1 || height < 1 || width < 1 || numClasses < 1) {
      throw new IllegalArgumentException(String.format(
          "batch dimensions must be positive, got size=%d height=%d width=%d numClasses=%d",
          size, height, width, numClasses));
    }
    long expectedPixels = (long) size * height * width * CHANNELS;
    if (images.length != expectedPixels) {
      throw new IllegalArgumentException(String.format(
          "images has %d values, expected %d (size %d x %d x %d x %d)",
          images.length, expectedPixels, size, height, width, CHANNELS));
    }
    if (labels.length != (long) size * numClasses) {
      throw new IllegalArgumentException(String.format(
          "labels has %d values, expected %d (size %d x %d classes)",
          labels.length, (long) size * numClasses, size, numClasses));
    }
    if (sampleWeights != null && sampleWeights.length != size) {
      throw new IllegalArgumentException(String.format(
          "sampleWeights has %d values, expected one per image (%d)", sampleWeights.length, size));
    }
  }
}
