package io.github.covidxray.data;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Random rotation about the image centre, the tutorial's
 * {@code ImageDataGenerator(rotation_range=15, fill_mode="nearest")}.
 *
 * <p>Each call draws an angle uniformly from {@code [-maxDegrees, +maxDegrees)} with
 * {@code random.nextDouble(-maxDegrees, maxDegrees)} and rotates a copy of the image with OpenCV
 * ({@code getRotationMatrix2D} about the pixel-grid centre {@code ((w-1)/2, (h-1)/2)},
 * {@code warpAffine} with bilinear interpolation). Pixels that come from outside the image repeat the
 * nearest edge pixel ({@code BORDER_REPLICATE}, Keras's {@code fill_mode="nearest"}), so no black
 * corners appear. Positive angles turn the image counter-clockwise as displayed.
 *
 * @param maxDegrees largest rotation in either direction, in degrees (0 to 180)
 */
public record RandomRotation(double maxDegrees) implements Augmentation {

  /** Checks the range so that a typo such as 1500 degrees fails at construction. */
  public RandomRotation {
    if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
      throw new IllegalArgumentException("maxDegrees must be between 0 and 180, got " + maxDegrees);
    }
  }

  /**
   * A rotation by up to {@code maxDegrees} either way ({@code ofDegrees(15)} is the tutorial's).
   *
   * @param maxDegrees largest rotation in either direction, in degrees (0 to 180)
   * @return the augmentation
   */
  public static RandomRotation ofDegrees(double maxDegrees) {
    return new RandomRotation(maxDegrees);
  }

  /**
   * Rotates a copy of the image by an angle drawn from {@code random}.
   *
   * @param rgb 8-bit RGB pixels in height-width-channel order; not modified
   * @param height image height in pixels
   * @param width image width in pixels
   * @param random the source of the angle
   * @return a new array with the rotated image, same size
   */
  @Override
  public byte[] apply(byte[] rgb, int height, int width, RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    return rotate(rgb, height, width, drawAngle(random));
  }

  /** The angle {@link #apply} uses: one {@code nextDouble} call, or none when the range is zero. */
  double drawAngle(RandomGenerator random) {
    return maxDegrees == 0 ? 0.0 : random.nextDouble(-maxDegrees, maxDegrees);
  }

  /**
   * Rotates a copy of an image by a fixed angle, the deterministic step behind {@link #apply}; useful
   * for test-time augmentation and for checking what a given angle does.
   *
   * @param rgb 8-bit pixels in height-width-channel order, three channels; not modified
   * @param height image height in pixels
   * @param width image width in pixels
   * @param degrees rotation angle, positive counter-clockwise as displayed
   * @return a new array with the rotated image, same size
   */
  @SuppressWarnings("try") // the PointerScope is used only for closing every Mat created inside it
  public static byte[] rotate(byte[] rgb, int height, int width, double degrees) {
    Objects.requireNonNull(rgb, "rgb");
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + height + " x " + width);
    }
    if (!Double.isFinite(degrees)) {
      throw new IllegalArgumentException("rotation angle must be finite, got " + degrees);
    }
    try (PointerScope scope = new PointerScope()) {
      Mat src = MatBytes.copyIn(rgb, height, width);
      Point2f centre = new Point2f((width - 1) / 2f, (height - 1) / 2f);
      Mat matrix = getRotationMatrix2D(centre, degrees, 1.0);
      Mat dst = new Mat();
      warpAffine(src, dst, matrix, new Size(width, height), INTER_LINEAR, BORDER_REPLICATE, new Scalar());
      return MatBytes.copyOut(dst, rgb.length);
    }
  }
}
