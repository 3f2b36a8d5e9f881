package io.github.covidxray.data;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYCOLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYDEPTH;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.github.covidxray.data.dicom.DicomImage;
import io.github.covidxray.data.dicom.DicomReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns one encoded image into the model's input, exactly as the data set loader does for training,
 * so that a single image classified later sees the same pixels a training image saw.
 *
 * <p>The steps follow the tutorial ({@code cv2.imread}, {@code cv2.cvtColor(BGR2RGB)},
 * {@code cv2.resize(224, 224)}, {@code / 255.0}) and make the odd inputs of real X-ray collections
 * come out as proper RGB:
 *
 * <ol>
 *   <li>the header is read first ({@link ImageHeader}): the content must be JPEG, PNG, BMP, TIFF,
 *       WebP or DICOM, must not claim more than {@link #maxPixels()} pixels, and must be structurally complete
 *       (a JPEG must reach its end-of-image marker, a PNG its {@code IEND} chunk); nothing is
 *       decoded otherwise;
 *   <li>DICOM (sniffed from the content: the {@code DICM} preamble) is decoded by the project's own
 *       reader to the 8-bit gray a viewer shows: rescale slope and intercept, then the first VOI LUT or
 *       window (else the min–max of the stored values, Pixel Padding Value excluded), MONOCHROME1
 *       inverted; only the first frame of a multi-frame file is used, with a warning. It then joins
 *       the other formats at the resize step;
 *   <li>OpenCV decodes it with {@code IMREAD_ANYDEPTH | IMREAD_ANYCOLOR}: 16-bit samples are kept,
 *       gray stays one channel, palette images are expanded, the alpha channel is dropped, and the
 *       EXIF orientation is applied as {@code cv2.imread} does;
 *   <li>16-bit samples are scaled to 8 bits by {@code round(v / 257)}, which maps 0..65535 onto
 *       0..255 exactly (65535 to 255, 257 x k to k); libpng's own reduction would truncate
 *       ({@code v >> 8}) and bias dark;
 *   <li>the image is resized to {@link #imageSize()} square with bilinear interpolation
 *       ({@code INTER_LINEAR}, OpenCV's and the tutorial's default), ignoring the aspect ratio;
 *   <li>gray is replicated to three channels and BGR(A) is reordered to RGB. (Resizing before this
 *       step gives the same pixels as resizing after it, with a third of the work for gray images.)
 * </ol>
 *
 * <p>The result is 8-bit RGB in height-width-channel order; {@link #toUnitFloats(byte[])} gives the
 * model's [0, 1] floats. Instances are immutable and thread-safe.
 *
 * @param imageSize side of the square output image in pixels
 * @param maxPixels largest number of pixels (width x height) a header may declare
 */
public record ImagePreprocessor(int imageSize, long maxPixels) {

  /** Side of the tutorial's (and VGG16's) input images. */
  public static final int DEFAULT_IMAGE_SIZE = 224;

  /** Default pixel budget: 100 megapixels, far above any real radiograph (a 43 x 43 cm plate at 100 um). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /** Largest accepted output side, so that one image stays well below 2 GiB in every representation. */
  public static final int MAX_IMAGE_SIZE = 8192;

  /** Checks the arguments so that a bad configuration fails here, not in the middle of a load. */
  public ImagePreprocessor {
    if (imageSize < 1 || imageSize > MAX_IMAGE_SIZE) {
      throw new IllegalArgumentException(
          "imageSize must be between 1 and " + MAX_IMAGE_SIZE + " pixels, got " + imageSize);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
  }

  /**
   * The image files a path names: the file itself, or every image below a directory (recursively, by
   * extension or DICOM preamble as the data set loader finds them; hidden files and folders skipped),
   * sorted by path. For classifying whole archives.
   *
   * @param path a file or a directory
   * @return the image files; for a file, the file itself whatever its name
   * @throws IOException if the directory cannot be walked
   */
  public static List<Path> findImages(Path path) throws IOException {
    return findImages(path, Integer.MAX_VALUE);
  }

  /**
   * As {@link #findImages(Path)}, looking at most {@code maxDepth} levels below a directory (1: the
   * files directly in it).
   *
   * @param path a file or a directory
   * @param maxDepth how deep to look, at least 1
   * @return the image files; for a file, the file itself whatever its name
   * @throws IOException if the directory cannot be walked
   */
  public static List<Path> findImages(Path path, int maxDepth) throws IOException {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> files = Files.walk(path, maxDepth)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !hidden(path, p))
          .filter(ClassFolderScanner::isImageFile)
          .sorted()
          .toList();
    }
  }

  /** Whether the file, or a folder between the root and it, is hidden, as the data set loader decides. */
  private static boolean hidden(Path root, Path file) {
    for (Path at = file; at != null && !at.equals(root); at = at.getParent()) {
      if (ClassFolderScanner.isHidden(at)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A preprocessor with the default pixel budget.
   *
   * @param imageSize side of the square output image (224 for VGG16)
   * @return the preprocessor
   */
  public static ImagePreprocessor of(int imageSize) {
    return new ImagePreprocessor(imageSize, DEFAULT_MAX_PIXELS);
  }

  /**
   * Number of bytes of one preprocessed image: {@code imageSize * imageSize * 3}.
   *
   * @return the length of the arrays {@link #preprocess(Path)} returns
   */
  public int bytesPerImage() {
    return imageSize * imageSize * Batch.CHANNELS;
  }

  /**
   * Reads and preprocesses one image file.
   *
   * @param file the image file
   * @return 8-bit RGB pixels in height-width-channel order, {@link #bytesPerImage()} long
   * @throws InvalidImageException when the file cannot be read, is empty, is not a supported image,
   *     is truncated or corrupt, or its header claims more than {@link #maxPixels()} pixels
   */
  public byte[] preprocess(Path file) {
    Objects.requireNonNull(file, "file");
    return preprocess(readFile(file), file.toString());
  }

  /**
   * Preprocesses one image that is already in memory (an upload, a database blob).
   *
   * @param encoded the encoded file content (JPEG, PNG, BMP, TIFF, WebP or DICOM)
   * @param source a name for the image, used in error messages
   * @return 8-bit RGB pixels in height-width-channel order, {@link #bytesPerImage()} long
   * @throws InvalidImageException when the data is empty, not a supported image, truncated or
   *     corrupt, or its header claims more than {@link #maxPixels()} pixels
   */
  @SuppressWarnings("try") // the PointerScope is used only for closing every Mat created inside it
  public byte[] preprocess(byte[] encoded, String source) {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(source, "source");
    if (DicomReader.looksLikeDicom(encoded)) {
      return preprocessDicom(DicomReader.read(encoded, source, maxPixels), source);
    }
    checkHeader(encoded, source);
    try (PointerScope scope = new PointerScope()) {
      Mat decoded = decode(encoded, source);
      Mat eightBit = toEightBit(decoded, source);
      Mat resized = new Mat();
      resize(eightBit, resized, new Size(imageSize, imageSize), 0, 0, INTER_LINEAR);
      Mat rgb = toRgb(resized, source);
      return MatBytes.copyOut(rgb, bytesPerImage());
    } catch (RuntimeException e) {
      if (e instanceof InvalidImageException) {
        throw e;
      }
      throw new InvalidImageException(source, "OpenCV failed on it: " + e.getMessage(), e);
    }
  }

  /**
   * Checks a file without decoding its pixels, as far as that is possible: it must be readable, of a
   * supported format, within the pixel budget and structurally complete (what {@link #preprocess}
   * checks before decoding). A DICOM file is parsed in full, its pixel data included, since its
   * structure is only known then. Streaming data sets use it to skip bad files at load time without
   * decoding every JPEG.
   *
   * @param file the image file
   * @throws InvalidImageException as {@link #preprocess(Path)} for what the header shows
   */
  void check(Path file) {
    byte[] encoded = readFile(file);
    String source = file.toString();
    if (DicomReader.looksLikeDicom(encoded)) {
      DicomReader.read(encoded, source, maxPixels);
    } else {
      checkHeader(encoded, source);
    }
  }

  @SuppressWarnings("try") // the PointerScope is used only for closing every Mat created inside it
  private byte[] preprocessDicom(DicomImage dicom, String source) {
    try (PointerScope scope = new PointerScope()) {
      Mat gray = new Mat(dicom.height(), dicom.width(), CV_8UC1);
      gray.data().put(dicom.gray());
      Mat resized = new Mat();
      resize(gray, resized, new Size(imageSize, imageSize), 0, 0, INTER_LINEAR);
      return MatBytes.copyOut(toRgb(resized, source), bytesPerImage());
    } catch (RuntimeException e) {
      if (e instanceof InvalidImageException) {
        throw e;
      }
      throw new InvalidImageException(source, "OpenCV failed on it: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and decodes one image file at its own size, with the same checks and conversions as
   * {@link #preprocess(Path)} (pixel budget, 16-bit to 8-bit, gray or BGRA to RGB) but no resizing:
   * the image an explanation is drawn on.
   *
   * @param file the image file
   * @return the decoded image
   * @throws InvalidImageException as {@link #preprocess(Path)}
   */
  @SuppressWarnings("try") // the PointerScope is used only for closing every Mat created inside it
  public RgbImage decode(Path file) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    byte[] encoded = readFile(file);
    checkHeader(encoded, source);
    try (PointerScope scope = new PointerScope()) {
      Mat rgb = toRgb(toEightBit(decode(encoded, source), source), source);
      return new RgbImage(rgb.cols(), rgb.rows(),
          MatBytes.copyOut(rgb, rgb.cols() * rgb.rows() * Batch.CHANNELS));
    } catch (RuntimeException e) {
      if (e instanceof InvalidImageException) {
        throw e;
      }
      throw new InvalidImageException(source, "OpenCV failed on it: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and preprocesses one image file into the model's input scale.
   *
   * @param file the image file
   * @return RGB floats in [0, 1], height-width-channel order
   * @throws InvalidImageException as {@link #preprocess(Path)}
   */
  public float[] preprocessToUnitFloats(Path file) {
    return toUnitFloats(preprocess(file));
  }

  /**
   * Scales 8-bit pixels to [0, 1] floats ({@code v / 255}), the tutorial's {@code / 255.0}.
   *
   * @param pixels 8-bit samples, any layout
   * @return one float per sample, in the same order
   */
  public static float[] toUnitFloats(byte[] pixels) {
    float[] out = new float[pixels.length];
    toUnitFloats(pixels, out, 0);
    return out;
  }

  /** Writes {@code v / 255} for every sample into {@code out} from {@code offset}; used by batches. */
  static void toUnitFloats(byte[] pixels, float[] out, int offset) {
    for (int i = 0; i < pixels.length; i++) {
      out[offset + i] = (pixels[i] & 0xFF) / 255f;
    }
  }

  private void checkHeader(byte[] encoded, String source) {
    ImageHeader header = ImageHeader.read(encoded, source);
    if (header.pixels() > maxPixels) {
      throw new InvalidImageException(source, String.format(Locale.ROOT,
          "its %s header claims %d x %d = %d pixels, more than the pixel budget of %d (maxPixels); "
              + "it was not decoded. Raise maxPixels if the image is genuine",
          header.format(), header.width(), header.height(), header.pixels(), maxPixels));
    }
    if (header.damage() != null) {
      throw new InvalidImageException(source, header.damage());
    }
  }

  private static byte[] readFile(Path file) {
    try {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 16) {
        throw new InvalidImageException(file.toString(), "the file is too large (" + size + " bytes)");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidImageException(file.toString(), "it cannot be read (" + e + ")", e);
    }
  }

  private static Mat decode(byte[] encoded, String source) {
    BytePointer data = new BytePointer(encoded);
    Mat buffer = new Mat(1, encoded.length, CV_8UC1, data);
    Mat decoded = imdecode(buffer, IMREAD_ANYDEPTH | IMREAD_ANYCOLOR);
    if (decoded == null || decoded.empty()) {
      throw new InvalidImageException(source, "OpenCV could not decode it (corrupt or unsupported image data)");
    }
    return decoded;
  }

  private static Mat toEightBit(Mat decoded, String source) {
    int depth = decoded.depth();
    if (depth == CV_8U) {
      return decoded;
    }
    if (depth == CV_16U) {
      Mat out = new Mat();
      decoded.convertTo(out, CV_8U, 1.0 / 257.0, 0.0); // saturate_cast rounds to nearest
      return out;
    }
    throw new InvalidImageException(source,
        "unsupported sample depth (OpenCV depth " + depth + "); expected 8- or 16-bit unsigned samples");
  }

  private static Mat toRgb(Mat bgr, String source) {
    int code = switch (bgr.channels()) {
      case 1 -> COLOR_GRAY2RGB;
      case 3 -> COLOR_BGR2RGB;
      case 4 -> COLOR_BGRA2RGB;
      default -> throw new InvalidImageException(source,
          "unsupported number of channels " + bgr.channels() + "; expected gray, BGR or BGRA");
    };
    Mat rgb = new Mat();
    cvtColor(bgr, rgb, code);
    return rgb;
  }
}
