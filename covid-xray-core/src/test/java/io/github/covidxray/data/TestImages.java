package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Synthetic test images written with OpenCV, and pure-Java reference computations to check against. */
final class TestImages {

  private TestImages() {
  }

  /** Writes a matrix with OpenCV's encoder chosen by the file extension; fails the test if it cannot. */
  static Path write(Path file, Mat mat, int... params) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(imwrite(file.toString(), mat, params)).as("imwrite %s", file).isTrue();
    return file;
  }

  /** Encodes a matrix in memory ({@code ext} like ".png") with OpenCV. */
  static byte[] encode(String ext, Mat mat, int... params) {
    try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params)) {
      assertThat(imencode(ext, mat, out, p)).as("imencode %s", ext).isTrue();
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /** An 8-bit BGR matrix holding the given HWC BGR samples; the caller closes it. */
  static Mat bgrMat(byte[] bgr, int height, int width) {
    Mat mat = new Mat(height, width, CV_8UC3);
    mat.data().put(bgr);
    return mat;
  }

  /** HWC RGB samples of a solid colour. */
  static byte[] solid(int height, int width, int r, int g, int b) {
    byte[] out = new byte[height * width * 3];
    for (int i = 0; i < height * width; i++) {
      out[3 * i] = (byte) r;
      out[3 * i + 1] = (byte) g;
      out[3 * i + 2] = (byte) b;
    }
    return out;
  }

  /** Random HWC samples from a seeded generator. */
  static byte[] noise(int height, int width, long seed) {
    byte[] out = new byte[height * width * 3];
    new Random(seed).nextBytes(out);
    return out;
  }

  /** Swaps the first and third sample of every pixel (RGB to BGR and back). */
  static byte[] swapRedBlue(byte[] pixels) {
    byte[] out = pixels.clone();
    for (int i = 0; i + 2 < out.length; i += 3) {
      out[i] = pixels[i + 2];
      out[i + 2] = pixels[i];
    }
    return out;
  }

  /** Writes an RGB image as a lossless PNG (OpenCV stores BGR, so the samples are swapped first). */
  static Path writeRgbPng(Path file, byte[] rgb, int height, int width) {
    try (Mat mat = bgrMat(swapRedBlue(rgb), height, width)) {
      return write(file, mat);
    }
  }

  /** Sample {@code c} of pixel (row, col) of an HWC image with 3 channels, as 0..255. */
  static int at(byte[] hwc, int width, int row, int col, int c) {
    return hwc[(row * width + col) * 3 + c] & 0xFF;
  }

  /**
   * Independent bilinear resize with OpenCV's pixel-centre convention ({@code src = (dst + 0.5) *
   * scale - 0.5}, clamped at the edges), in double precision and rounded.
   */
  static byte[] bilinearResize(byte[] src, int height, int width, int outHeight, int outWidth) {
    byte[] out = new byte[outHeight * outWidth * 3];
    double sy = (double) height / outHeight;
    double sx = (double) width / outWidth;
    for (int r = 0; r < outHeight; r++) {
      for (int c = 0; c < outWidth; c++) {
        double y = (r + 0.5) * sy - 0.5;
        double x = (c + 0.5) * sx - 0.5;
        for (int ch = 0; ch < 3; ch++) {
          out[(r * outWidth + c) * 3 + ch] = (byte) Math.round(sampleClamped(src, height, width, y, x, ch));
        }
      }
    }
    return out;
  }

  /**
   * Independent rotation about {@code ((w-1)/2, (h-1)/2)}, counter-clockwise as displayed, with
   * bilinear sampling and edge replication, by inverse mapping of every output pixel.
   */
  static byte[] rotate(byte[] src, int height, int width, double degrees) {
    double t = Math.toRadians(degrees);
    double cos = Math.cos(t);
    double sin = Math.sin(t);
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    byte[] out = new byte[src.length];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        double dx = c - cx;
        double dy = r - cy;
        // a counter-clockwise turn on screen (y down) sends (dx, dy) to (cos dx + sin dy, -sin dx + cos dy);
        // the source of an output pixel is the inverse turn
        double x = cx + cos * dx - sin * dy;
        double y = cy + sin * dx + cos * dy;
        for (int ch = 0; ch < 3; ch++) {
          out[(r * width + c) * 3 + ch] = (byte) Math.round(sampleClamped(src, height, width, y, x, ch));
        }
      }
    }
    return out;
  }

  private static double sampleClamped(byte[] src, int height, int width, double y, double x, int ch) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * px(src, height, width, y0, x0, ch) + fx * px(src, height, width, y0, x0 + 1, ch);
    double bottom = (1 - fx) * px(src, height, width, y0 + 1, x0, ch)
        + fx * px(src, height, width, y0 + 1, x0 + 1, ch);
    return (1 - fy) * top + fy * bottom;
  }

  private static int px(byte[] src, int height, int width, int row, int col, int ch) {
    int r = Math.max(0, Math.min(height - 1, row));
    int c = Math.max(0, Math.min(width - 1, col));
    return src[(r * width + c) * 3 + ch] & 0xFF;
  }

  /** Largest absolute difference between two equally long sample arrays. */
  static int maxAbsDiff(byte[] a, byte[] b) {
    assertThat(a).hasSameSizeAs(b);
    int max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
    }
    return max;
  }
}
