package io.github.covidxray.explain;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLORMAP_JET;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.applyColorMap;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import io.github.covidxray.data.RgbImage;
import io.github.covidxray.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The usual Grad-CAM picture: the X-ray with the heat map in OpenCV's {@code COLORMAP_JET} blended
 * over it at {@value #ALPHA} ({@code (1 − α)·image + α·colour}), the predicted class and its
 * probability written at the top and "research use only" at the bottom, as a PNG.
 */
public final class GradCamOverlay {

  /** Weight of the coloured map in the blend. */
  public static final double ALPHA = 0.4;

  /** What every overlay says at the bottom. */
  static final String NOTICE = "research use only - not a diagnosis";

  private GradCamOverlay() {}

  /**
   * Draws the overlay.
   *
   * @param image the image the map was computed for, at the map's size
   * @param result its Grad-CAM
   * @return PNG bytes
   * @throws IllegalArgumentException if the image and the map differ in size
   */
  @SuppressWarnings("try")
  public static byte[] render(RgbImage image, GradCamResult result) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(result, "result");
    if (image.width() != result.width() || image.height() != result.height()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "image of %s is %dx%d but its map is %dx%d", result.source(), image.width(), image.height(),
          result.width(), result.height()));
    }
    int w = image.width();
    int h = image.height();
    float[][] map = result.map();
    float[] flat = new float[w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(map[y], 0, flat, y * w, w);
    }
    try (PointerScope scope = new PointerScope()) {
      Mat rgb = new Mat(h, w, CV_8UC3);
      rgb.data().put(image.pixels());
      Mat bgr = new Mat();
      cvtColor(rgb, bgr, COLOR_RGB2BGR);
      Mat values = new Mat(h, w, CV_32FC1);
      new FloatPointer(values.data()).put(flat);
      Mat gray = new Mat();
      values.convertTo(gray, CV_8U, 255.0, 0.0);
      Mat heat = new Mat();
      applyColorMap(gray, heat, COLORMAP_JET);
      Mat blended = new Mat();
      addWeighted(bgr, 1 - ALPHA, heat, ALPHA, 0.0, blended);
      double scale = Math.max(0.3, w / 640.0);
      int thickness = Math.max(1, (int) Math.round(scale * 1.5));
      int line = (int) Math.round(24 * scale);
      String caption = String.format(Locale.ROOT, "%s %.2f (Grad-CAM: %s)", result.predictedClass(),
          result.predictedProbability(), result.explainedClass());
      text(blended, caption, new Point(4, line), scale, thickness);
      text(blended, NOTICE, new Point(4, h - Math.max(4, line / 3)), scale * 0.7, Math.max(1, thickness - 1));
      BytePointer png = new BytePointer();
      if (!imencode(".png", blended, png)) {
        throw new IllegalStateException("OpenCV could not encode the overlay of " + result.source());
      }
      byte[] bytes = new byte[(int) png.limit()];
      png.get(bytes);
      return bytes;
    }
  }

  /**
   * Draws the overlay and writes it (through a temporary sibling, moved into place).
   *
   * @param file the {@code .png} file
   * @param image the image, at the map's size
   * @param result its Grad-CAM
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, RgbImage image, GradCamResult result) throws IOException {
    byte[] png = render(image, result);
    AtomicFiles.write(file, out -> out.write(png));
  }

  /** White text with a black outline, readable on any colour of the map. */
  private static void text(Mat image, String text, Point at, double scale, int thickness) {
    putText(image, text, at, FONT_HERSHEY_SIMPLEX, scale, new Scalar(0, 0, 0, 0), thickness + 2, LINE_AA,
        false);
    putText(image, text, at, FONT_HERSHEY_SIMPLEX, scale, new Scalar(255, 255, 255, 0), thickness, LINE_AA,
        false);
  }
}
