package io.github.covidxray.data.quality;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.dct;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.github.covidxray.data.ImageDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A crop-tolerant perceptual hash of a preprocessed image, for finding the same radiograph saved
 * twice with a different crop, size, compression or brightness.
 *
 * <p><b>The hash</b> is a 256-bit DCT hash ("pHash") computed with OpenCV: the RGB image is turned
 * to gray ({@code COLOR_RGB2GRAY}), shrunk to 64 x 64 with {@code INTER_AREA}, transformed with a 2-D
 * DCT ({@code cv::dct}, double precision), and the 16 x 16 lowest-frequency coefficients (row-major)
 * become 256 bits: 1 where the coefficient is above their median. Brightness offsets, contrast
 * changes, re-encoding and resizing barely move these coefficients relative to each other.
 *
 * <p><b>Crop tolerance.</b> Copies of one radiograph in public collections are often cropped
 * differently (the tutorial's {@code radiopedia-covid-19-pneumonia-2.jpg} is the upstream
 * {@code covid-19-pneumonia-2.jpg} without its right-hand 13 %), and after the loader's square
 * resize a crop shifts and stretches everything, so a plain hash of the two differs as much as that of
 * two unrelated X-rays. So each image also gets the hashes of 255 sub-views: per axis, the full extent
 * or 96, 92, 88, 84 or 80 % of it aligned to the start, the centre or the end (16 choices per axis,
 * 256 views). {@link #distance} is the smallest Hamming distance between one image's whole-image hash
 * and any view of the other, both ways round, so it finds an image inside a copy with up to about
 * 20 % more margin on any sides. Crops cut from the middle of both axes at once are matched less well.
 *
 * <p><b>Measured on the tutorial's 50 real X-rays</b> (224 x 224, see {@link LeakageCheck} for the
 * threshold): the known duplicate pair above is at distance 12 (whole-image hash: 112); the closest
 * two X-rays of different patients are at 56; the closest same-patient pair (consecutive days) at 26.
 *
 * <p>Instances are immutable. Computing one costs 256 resizes and DCTs (about 0.1 s for a 224-pixel
 * image on one core); comparing two costs at most 512 Hamming distances of 256 bits.
 */
public final class PerceptualHash {

  /** Number of bits of each hash. */
  public static final int BITS = 256;

  /** Side of the low-frequency DCT block that gives the bits. */
  private static final int BLOCK = 16;
  /** Side of the gray image the DCT is taken of. */
  private static final int DOWNSCALE = 64;
  /** Fractions of each axis that the sub-views keep (besides the whole axis). */
  private static final double[] CROP_FRACTIONS = {0.96, 0.92, 0.88, 0.84, 0.80};
  private static final int WORDS = BITS / Long.SIZE;

  /** Hashes of all views, {@link #WORDS} longs each; view 0 is the whole image. */
  private final long[] views;
  private final int viewCount;

  private PerceptualHash(long[] views) {
    this.views = views;
    this.viewCount = views.length / WORDS;
  }

  /**
   * Hashes one preprocessed image.
   *
   * @param rgb 8-bit RGB samples in height-width-channel order, {@code imageSize * imageSize * 3} long
   * @param imageSize side of the square image
   * @return the hash with its crop views
   * @throws IllegalArgumentException when the array does not hold a square image of that size
   */
  @SuppressWarnings("try") // the PointerScope is used only for closing every Mat created inside it
  public static PerceptualHash of(byte[] rgb, int imageSize) {
    Objects.requireNonNull(rgb, "rgb");
    if (imageSize < 1 || rgb.length != (long) imageSize * imageSize * 3) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "expected %d x %d x 3 RGB samples for image size %d, got %d", imageSize, imageSize, imageSize,
          rgb.length));
    }
    List<Rect> rects = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      Mat color = new Mat(imageSize, imageSize, CV_8UC3);
      color.data().put(rgb);
      Mat gray = new Mat();
      cvtColor(color, gray, COLOR_RGB2GRAY);
      for (int[] y : spans(imageSize)) {
        for (int[] x : spans(imageSize)) {
          rects.add(new Rect(x[0], y[0], x[1], y[1]));
        }
      }
      long[] views = new long[rects.size() * WORDS];
      for (int v = 0; v < rects.size(); v++) {
        hashInto(new Mat(gray, rects.get(v)), views, v * WORDS);
      }
      return new PerceptualHash(views);
    }
  }

  /**
   * Hashes image {@code index} of a data set (its preprocessed pixels).
   *
   * @param data the data set
   * @param index the image
   * @return the hash with its crop views
   */
  public static PerceptualHash of(ImageDataset data, int index) {
    return of(data.pixels(index), data.imageSize());
  }

  /**
   * Crop-tolerant distance: the smallest Hamming distance between this image's whole-image hash and
   * any view of {@code other}, or {@code other}'s whole-image hash and any view of this one.
   *
   * @param other another hash
   * @return 0 (same picture) to {@link #BITS}; for unrelated chest X-rays typically around 90
   */
  public int distance(PerceptualHash other) {
    Objects.requireNonNull(other, "other");
    int best = BITS;
    for (int v = 0; v < other.viewCount && best > 0; v++) {
      best = Math.min(best, hamming(views, 0, other.views, v * WORDS));
    }
    for (int v = 0; v < viewCount && best > 0; v++) {
      best = Math.min(best, hamming(other.views, 0, views, v * WORDS));
    }
    return best;
  }

  /**
   * Hamming distance of the whole-image hashes alone, without crop tolerance.
   *
   * @param other another hash
   * @return 0 to {@link #BITS}
   */
  public int wholeImageDistance(PerceptualHash other) {
    Objects.requireNonNull(other, "other");
    return hamming(views, 0, other.views, 0);
  }

  /**
   * The whole-image hash: bit {@code 16 * row + column} of the DCT block is bit {@code i % 64} of word
   * {@code i / 64}.
   *
   * @return a copy of the {@value #BITS} bits as {@code BITS / 64} words
   */
  public long[] bits() {
    return Arrays.copyOf(views, WORDS);
  }

  /** The whole-image hash as 64 hexadecimal digits, word 0 first, for logs and reports. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(BITS / 4);
    for (int w = 0; w < WORDS; w++) {
      s.append(String.format(Locale.ROOT, "%016x", views[w]));
    }
    return s.toString();
  }

  /** Equal when the whole-image hashes and all views are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PerceptualHash other && Arrays.equals(views, other.views);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(views);
  }

  /** The (offset, length) choices along one axis: the whole axis, then each fraction at start, centre, end. */
  private static List<int[]> spans(int size) {
    Set<List<Integer>> unique = new LinkedHashSet<>();
    unique.add(List.of(0, size));
    for (double fraction : CROP_FRACTIONS) {
      int length = Math.max(1, (int) Math.round(size * fraction));
      int slack = size - length;
      unique.add(List.of(0, length));
      unique.add(List.of(slack / 2, length));
      unique.add(List.of(slack, length));
    }
    return unique.stream().map(l -> new int[] {l.get(0), l.get(1)}).toList();
  }

  /** DCT hash of one gray view into {@code out[offset..offset + WORDS)}. */
  private static void hashInto(Mat grayView, long[] out, int offset) {
    Mat small = new Mat();
    resize(grayView, small, new Size(DOWNSCALE, DOWNSCALE), 0, 0, INTER_AREA);
    Mat real = new Mat();
    small.convertTo(real, CV_64F);
    Mat coefficients = new Mat();
    dct(real, coefficients);
    double[] block = new double[BLOCK * BLOCK];
    try (DoubleIndexer ix = coefficients.createIndexer()) {
      for (int r = 0; r < BLOCK; r++) {
        for (int c = 0; c < BLOCK; c++) {
          block[r * BLOCK + c] = ix.get(r, c);
        }
      }
    }
    double[] sorted = block.clone();
    Arrays.sort(sorted);
    double median = (sorted[block.length / 2 - 1] + sorted[block.length / 2]) / 2;
    for (int i = 0; i < block.length; i++) {
      if (block[i] > median) {
        out[offset + i / Long.SIZE] |= 1L << (i % Long.SIZE);
      }
    }
  }

  private static int hamming(long[] a, int aOffset, long[] b, int bOffset) {
    int d = 0;
    for (int w = 0; w < WORDS; w++) {
      d += Long.bitCount(a[aOffset + w] ^ b[bOffset + w]);
    }
    return d;
  }
}
