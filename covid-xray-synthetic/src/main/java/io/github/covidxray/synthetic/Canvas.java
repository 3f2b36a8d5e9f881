package io.github.covidxray.synthetic;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Random;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Scratch OpenCV buffers for painting one image: shapes are drawn anti-aliased into an 8-bit mask,
 * softened with a Gaussian blur and handed back as floats in [0, 1], so that the painter can
 * composite layers with plain arithmetic.
 *
 * <p>The buffers are native memory owned by this object's pointers; create a canvas inside a
 * {@link org.bytedeco.javacpp.PointerScope} (as {@link ChestPainter} does) so that they are released
 * when the image is done. Not thread-safe: one canvas per image being painted.
 */
final class Canvas {

  /** Sub-pixel bits used for drawing coordinates: positions are given in 1/16 pixel. */
  static final int SHIFT = 4;

  /** Widest blur, in pixels, applied at full size; see {@link #softened(double)}. */
  static final double DIRECT_SIGMA = 3.0;

  private final int width;
  private final int height;
  private final int n;
  private final BytePointer maskData;
  private final Mat mask;
  private final FloatPointer floatData;
  private final Mat floats;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.n = width * height;
    this.maskData = new BytePointer(n);
    this.mask = new Mat(height, width, CV_8UC1, maskData);
    this.floatData = new FloatPointer(n);
    this.floats = new Mat(height, width, CV_32FC1, floatData);
  }

  /** A drawing coordinate in 1/16 pixel for {@code pixels}, as OpenCV's {@code shift} expects. */
  static int fixed(double pixels) {
    return (int) Math.round(pixels * (1 << SHIFT));
  }

  /**
   * Paints with {@code draw} (on a black 8-bit mask; 255 is full strength) and returns the mask as
   * floats in [0, 1], blurred with {@code sigma} pixels (not at all if {@code sigma <= 0}).
   */
  float[] mask(Consumer<Mat> draw, double sigma) {
    maskData.position(0).limit(n).zero();
    draw.accept(mask);
    return softened(sigma);
  }

  /** A hard 8-bit mask (0 or 255 per pixel) blurred with {@code sigma} pixels, as floats in [0, 1]. */
  float[] soften(byte[] hard, double sigma) {
    if (hard.length != n) {
      throw new IllegalArgumentException("expected " + n + " mask values, got " + hard.length);
    }
    maskData.position(0).limit(n).put(hard);
    return softened(sigma);
  }

  /**
   * Smooth random texture with features about {@code sigma} pixels across, scaled to mean 0 and
   * standard deviation 1: Gaussian noise on a grid coarser by about {@code sigma}, blurred there and
   * resized up bilinearly, which costs a fraction of blurring full-size noise.
   */
  float[] smoothNoise(Random random, double sigma) {
    int step = Math.max(1, (int) Math.floor(sigma));
    int coarseWidth = width / step + 2;
    int coarseHeight = height / step + 2;
    int coarseN = coarseWidth * coarseHeight;
    float[] coarse = new float[coarseN];
    for (int i = 0; i < coarseN; i++) {
      coarse[i] = (float) random.nextGaussian();
    }
    try (FloatPointer coarseData = new FloatPointer(coarse);
         Mat small = new Mat(coarseHeight, coarseWidth, CV_32FC1, coarseData);
         Size none = new Size(0, 0);
         Size full = new Size(width, height)) {
      GaussianBlur(small, small, none, sigma / step, sigma / step, BORDER_REPLICATE);
      resize(small, floats, full, 0, 0, INTER_LINEAR);
    }
    float[] out = new float[n];
    floatData.position(0).limit(n).get(out);
    double sum = 0;
    double squares = 0;
    for (float v : out) {
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(squares / n - mean * mean, 1e-12));
    for (int i = 0; i < n; i++) {
      out[i] = (float) ((out[i] - mean) / std);
    }
    return out;
  }

  /**
   * The 8-bit mask as floats in [0, 1], blurred. Blurs up to {@value #DIRECT_SIGMA} pixels run at
   * full size; wider ones on a copy shrunk by about {@code sigma / 2} (area averaging), then resized
   * back bilinearly: the result is smooth at that scale anyway, and a wide kernel at full size would
   * cost many times more.
   */
  private float[] softened(double sigma) {
    mask.convertTo(floats, CV_32F, 1.0 / 255.0, 0.0);
    if (sigma > DIRECT_SIGMA) {
      int step = (int) Math.floor(sigma / 2);
      try (Mat small = new Mat();
           Size smallSize = new Size(Math.max(1, width / step), Math.max(1, height / step));
           Size full = new Size(width, height);
           Size none = new Size(0, 0)) {
        resize(floats, small, smallSize, 0, 0, INTER_AREA);
        GaussianBlur(small, small, none, sigma / step, sigma / step, BORDER_REPLICATE);
        resize(small, floats, full, 0, 0, INTER_LINEAR);
      }
    } else if (sigma > 0) {
      try (Size none = new Size(0, 0)) {
        GaussianBlur(floats, floats, none, sigma, sigma, BORDER_REPLICATE);
      }
    }
    float[] out = new float[n];
    floatData.position(0).limit(n).get(out);
    return out;
  }
}
