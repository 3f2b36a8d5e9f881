package io.github.covidxray.synthetic;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * One generated chest-radiograph-like image with its ground truth: 8-bit grey pixels, the mask of
 * the visible lung fields, and the mask of the drawn opacities (empty for {@link SyntheticClass#NORMAL}).
 *
 * <p>The masks let a test check what a model or an explanation method should see (the opacities lie
 * inside the lungs) without re-deriving the drawing. Every image carries the burned-in text
 * {@value #LABEL} in its top-left corner. Not a medical image.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class SyntheticXray {

  /** The text burned into the top-left corner of every image. */
  public static final String LABEL = "SYNTHETIC";

  /** Grey level of the burned-in label. */
  static final int LABEL_LEVEL = 235;

  private final SyntheticClass label;
  private final int index;
  private final int width;
  private final int height;
  private final byte[] pixels;
  private final byte[] lungMask;
  private final byte[] opacityMask;

  SyntheticXray(SyntheticClass label, int index, int width, int height, byte[] pixels, byte[] lungMask,
      byte[] opacityMask) {
    this.label = Objects.requireNonNull(label, "label");
    this.index = index;
    this.width = width;
    this.height = height;
    int n = width * height;
    if (pixels.length != n || lungMask.length != n || opacityMask.length != n) {
      throw new IllegalArgumentException("pixels and masks must have width x height = " + n + " values");
    }
    this.pixels = pixels.clone();
    this.lungMask = lungMask.clone();
    this.opacityMask = opacityMask.clone();
  }

  /**
   * The class the image was drawn for.
   *
   * @return {@link SyntheticClass#COVID} or {@link SyntheticClass#NORMAL}
   */
  public SyntheticClass label() {
    return label;
  }

  /**
   * The image's number within its class; with the generator's seed it determines the image.
   *
   * @return 0 or more
   */
  public int index() {
    return index;
  }

  /**
   * Image width.
   *
   * @return columns
   */
  public int width() {
    return width;
  }

  /**
   * Image height.
   *
   * @return rows
   */
  public int height() {
    return height;
  }

  /**
   * The grey levels, row by row.
   *
   * @return a copy, {@code width * height} unsigned bytes
   */
  public byte[] pixels() {
    return pixels.clone();
  }

  /**
   * Where the lung fields are visible (the drawn lung outlines minus the heart shadow).
   *
   * @return a copy, {@code width * height} bytes: 255 inside the lungs, 0 elsewhere
   */
  public byte[] lungMask() {
    return lungMask.clone();
  }

  /**
   * Where the drawn opacities brighten the lungs by at least
   * {@value ChestPainter#OPACITY_THRESHOLD} grey levels (before the exposure is applied); always
   * inside the {@link #lungMask()}.
   *
   * @return a copy, {@code width * height} bytes: 255 where opaque, 0 elsewhere (all 0 for a
   *     normal image)
   */
  public byte[] opacityMask() {
    return opacityMask.clone();
  }

  /**
   * The image as a lossless 8-bit greyscale PNG, as {@link SyntheticXrays#writeDataset} writes it.
   *
   * @return the encoded file content
   */
  @SuppressWarnings("try") // the PointerScope only releases the native buffers made inside it
  public byte[] toPng() {
    try (PointerScope scope = new PointerScope()) {
      BytePointer data = new BytePointer(pixels);
      Mat mat = new Mat(height, width, CV_8UC1, data);
      BytePointer encoded = new BytePointer();
      if (!imencode(".png", mat, encoded)) {
        throw new IllegalStateException("OpenCV could not encode a " + width + "x" + height + " PNG");
      }
      byte[] out = new byte[(int) encoded.limit()];
      encoded.get(out);
      return out;
    }
  }

  @Override
  public String toString() {
    return "SyntheticXray[" + label.folderName() + " #" + index + ", " + width + "x" + height + "]";
  }

  /**
   * Draws {@link #LABEL} into the top-left corner of {@code pixels} (8-bit grey, row-major), about a
   * quarter of the image wide.
   */
  @SuppressWarnings("try") // the PointerScope only releases the native buffers made inside it
  static void burnInLabel(byte[] pixels, int width, int height) {
    try (PointerScope scope = new PointerScope()) {
      BytePointer data = new BytePointer(pixels);
      Mat mat = new Mat(height, width, CV_8UC1, data);
      int[] baseline = new int[1];
      Size unit = getTextSize(LABEL, FONT_HERSHEY_SIMPLEX, 1.0, 1, baseline);
      double scale = 0.25 * width / unit.width();
      int textHeight = (int) Math.ceil(unit.height() * scale);
      Point origin = new Point((int) Math.round(0.025 * width),
          (int) Math.round(0.025 * height) + textHeight);
      putText(mat, LABEL, origin, FONT_HERSHEY_SIMPLEX, scale, new Scalar(LABEL_LEVEL), 1, LINE_AA, false);
      data.position(0).get(pixels);
    }
  }
}
