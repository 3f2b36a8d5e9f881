package io.github.covidxray.data.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Synthetic gray pictures with X-ray-like structure (a smooth background and a dozen blurred
 * ellipses of random brightness), different for every seed, and the edits that make a near-duplicate.
 */
final class SyntheticXrays {

  private SyntheticXrays() {
  }

  /** A gray {@code width x height} picture, the same for the same seed; the caller closes it. */
  static Mat picture(long seed, int width, int height) {
    Random random = new Random(seed);
    Mat mat = new Mat(height, width, CV_8UC1, new Scalar(40 + random.nextInt(40)));
    for (int k = 0; k < 12; k++) {
      try (Point centre = new Point(random.nextInt(width), random.nextInt(height));
          Size axes = new Size(width / 12 + random.nextInt(width / 3), height / 12 + random.nextInt(height / 3));
          Scalar colour = new Scalar(random.nextInt(256))) {
        ellipse(mat, centre, axes, random.nextInt(180), 0, 360, colour, FILLED, 8, 0);
      }
    }
    try (Size kernel = new Size(0, 0)) {
      GaussianBlur(mat, mat, kernel, width / 40.0);
    }
    return mat;
  }

  /**
   * Writes a matrix with OpenCV (format by extension); fails the test if it cannot.
   *
   * @param params {@code imwrite} parameters, e.g. JPEG quality
   */
  static Path write(Path file, Mat mat, int... params) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (IntPointer p = new IntPointer(params)) {
      assertThat(imwrite(file.toString(), mat, p)).as("imwrite %s", file).isTrue();
    }
    return file;
  }

  /** Writes picture {@code seed} as a PNG. */
  static Path writePicture(Path file, long seed, int width, int height) {
    try (Mat mat = picture(seed, width, height)) {
      return write(file, mat);
    }
  }

  /**
   * Writes a near-duplicate of picture {@code seed}: its left {@code keep} fraction (the rest cropped
   * off the right, as the tutorial's radiopedia copy), brightened by {@code brighten} and saved as a
   * quality-80 JPEG.
   */
  static Path writeNearDuplicate(Path file, long seed, int width, int height, double keep, int brighten) {
    try (Mat mat = picture(seed, width, height);
        Mat cropped = mat.colRange(0, (int) Math.round(width * keep));
        Mat brighter = new Mat()) {
      cropped.convertTo(brighter, -1, 1.0, brighten);
      return write(file, brighter, org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 80);
    }
  }

  /** Copies a file byte for byte. */
  static Path copy(Path from, Path to) {
    try {
      Files.createDirectories(to.toAbsolutePath().getParent());
      return Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
