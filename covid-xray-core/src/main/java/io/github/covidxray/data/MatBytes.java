package io.github.covidxray.data;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Copies 8-bit three-channel pixels between Java arrays and OpenCV matrices. */
final class MatBytes {

  private MatBytes() {
  }

  /**
   * Wraps a copy of {@code pixels} in a new matrix; the caller closes it (or its pointer scope).
   *
   * @param pixels HWC samples, {@code height * width * 3} long
   * @param height rows
   * @param width columns
   * @return a continuous {@code CV_8UC3} matrix owning native copies of the samples
   */
  static Mat copyIn(byte[] pixels, int height, int width) {
    if (pixels.length != (long) height * width * 3) {
      throw new IllegalArgumentException(String.format(
          "pixel array has %d bytes, expected %d x %d x 3 = %d", pixels.length, height, width,
          (long) height * width * 3));
    }
    Mat mat = new Mat(height, width, CV_8UC3);
    mat.data().put(pixels);
    return mat;
  }

  /**
   * Copies an 8-bit matrix out into a new array, checking it has the expected size.
   *
   * @param mat an 8-bit matrix
   * @param expectedLength number of samples the caller expects
   * @return the samples in row-major, channel-interleaved order
   */
  static byte[] copyOut(Mat mat, int expectedLength) {
    long samples = mat.total() * mat.channels();
    if (mat.depth() != CV_8U || samples != expectedLength) {
      throw new IllegalStateException(String.format(
          "expected an 8-bit matrix with %d samples, got depth %d with %d samples",
          expectedLength, mat.depth(), samples));
    }
    Mat continuous = mat.isContinuous() ? mat : mat.clone();
    byte[] out = new byte[expectedLength];
    BytePointer data = continuous.data();
    data.get(out);
    return out;
  }
}
