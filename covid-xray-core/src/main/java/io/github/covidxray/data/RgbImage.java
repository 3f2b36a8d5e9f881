package io.github.covidxray.data;

import java.util.Objects;

/**
 * An image decoded at its own size as 8-bit RGB, before any resizing: what an explanation is drawn on,
 * so that a heat map lines up with the file the user sees.
 *
 * @param width columns
 * @param height rows
 * @param pixels RGB samples, row-major, channel-interleaved, {@code width × height × 3} long (copied)
 */
public record RgbImage(int width, int height, byte[] pixels) {

  /** Checks the sizes and copies the samples. */
  public RgbImage {
    Objects.requireNonNull(pixels, "pixels");
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (pixels.length != (long) width * height * Batch.CHANNELS) {
      throw new IllegalArgumentException(String.format(
          "pixels has %d samples, expected %d x %d x 3", pixels.length, width, height));
    }
    pixels = pixels.clone();
  }

  /** A copy of the samples. */
  @Override
  public byte[] pixels() {
    return pixels.clone();
  }
}
