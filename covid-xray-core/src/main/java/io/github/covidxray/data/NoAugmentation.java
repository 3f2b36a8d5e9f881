package io.github.covidxray.data;

import java.util.random.RandomGenerator;

/**
 * {@link Augmentation#none()}: one instance, so that a data set can tell un-augmented batches apart
 * ({@link Batch#augmented()}) and a model may reuse what it computed for their images.
 */
enum NoAugmentation implements Augmentation {
  INSTANCE;

  @Override
  public byte[] apply(byte[] rgb, int height, int width, RandomGenerator random) {
    return rgb;
  }

  @Override
  public String toString() {
    return "none";
  }
}
