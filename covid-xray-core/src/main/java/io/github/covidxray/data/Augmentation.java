package io.github.covidxray.data;

import java.util.random.RandomGenerator;

/**
 * A random image transformation applied on the fly when a training batch is built, the role of the
 * tutorial's Keras {@code ImageDataGenerator}.
 *
 * <p>Implementations must not modify the input array (it is the data set's stored image) and must
 * draw all randomness from the generator they are given, so that a seeded generator makes a training
 * run repeatable.
 */
@FunctionalInterface
public interface Augmentation {

  /**
   * Transforms one image.
   *
   * @param rgb 8-bit RGB pixels in height-width-channel order; read only
   * @param height image height in pixels
   * @param width image width in pixels
   * @param random the source of all randomness for this call
   * @return the transformed image, same size and layout; a new array, or {@code rgb} itself when the
   *     image is unchanged
   */
  byte[] apply(byte[] rgb, int height, int width, RandomGenerator random);

  /**
   * The augmentation that leaves every image as it is (evaluation batches, or training without
   * augmentation).
   *
   * @return the identity augmentation
   */
  static Augmentation none() {
    return NoAugmentation.INSTANCE;
  }
}
