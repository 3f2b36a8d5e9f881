package io.github.covidxray.data;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8S;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import io.github.covidxray.data.dicom.DicomImage;
import io.github.covidxray.data.dicom.DicomReader;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How an image file is stored, before any preprocessing: its size and its channel layout. Data set
 * audits use it to show how mixed a collection is (the tutorial's X-rays are 8-bit gray and 8-bit
 * colour JPEGs from 700 to 3342 pixels wide), which the preprocessed 224 x 224 RGB images hide.
 *
 * <p>The file is decoded by OpenCV with {@code IMREAD_UNCHANGED}, so the numbers are what the file
 * holds: the stored width and height (an EXIF orientation is not applied), the stored channels
 * (1 gray, 2 gray with alpha, 3 colour, 4 colour with alpha; a palette PNG counts as the colours it
 * expands to) and the sample depth; a DICOM file counts as one gray channel of its Bits Allocated.
 * As in {@link ImagePreprocessor}, the header is checked first, so a
 * file that claims more than the pixel budget, or is truncated, is rejected without decoding.
 *
 * @param file the image file
 * @param width stored width in pixels
 * @param height stored height in pixels
 * @param channels stored channels, 1 to 4
 * @param bitDepth bits per sample: 8, 16, 32 or 64
 */
public record ImageFileInfo(Path file, int width, int height, int channels, int bitDepth) {

  /** Requires a file and positive numbers. */
  public ImageFileInfo {
    Objects.requireNonNull(file, "file");
    if (width < 1 || height < 1 || channels < 1 || bitDepth < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s: width, height, channels and bit depth must be positive, got %d x %d, %d channel(s), %d bit",
          file, width, height, channels, bitDepth));
    }
  }

  /**
   * Reads an image file's stored size and layout, with the default pixel budget.
   *
   * @param file the image file
   * @return its size and layout
   * @throws InvalidImageException when the file cannot be read, is not a supported image, is truncated
   *     or corrupt, or claims more than {@link ImagePreprocessor#DEFAULT_MAX_PIXELS} pixels
   */
  public static ImageFileInfo read(Path file) {
    return read(file, ImagePreprocessor.DEFAULT_MAX_PIXELS);
  }

  /**
   * Reads an image file's stored size and layout.
   *
   * @param file the image file
   * @param maxPixels largest width x height the header may declare
   * @return its size and layout
   * @throws InvalidImageException when the file cannot be read, is not a supported image, is truncated
   *     or corrupt, or claims more than {@code maxPixels} pixels
   */
  @SuppressWarnings("try") // the PointerScope is used only for closing every Mat created inside it
  public static ImageFileInfo read(Path file, long maxPixels) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    byte[] encoded;
    try {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 16) {
        throw new InvalidImageException(source, "the file is too large (" + size + " bytes)");
      }
      encoded = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidImageException(source, "it cannot be read (" + e + ")", e);
    }
    if (DicomReader.looksLikeDicom(encoded)) { // decoded in full: the header alone may lie about the pixels
      DicomImage dicom = DicomReader.read(encoded, source, maxPixels);
      return new ImageFileInfo(file, dicom.width(), dicom.height(), 1, dicom.bitsAllocated());
    }
    ImageHeader header = ImageHeader.read(encoded, source);
    if (header.pixels() > maxPixels) {
      throw new InvalidImageException(source, String.format(Locale.ROOT,
          "its %s header claims %d x %d pixels, more than the pixel budget of %d; it was not decoded",
          header.format(), header.width(), header.height(), maxPixels));
    }
    if (header.damage() != null) {
      throw new InvalidImageException(source, header.damage());
    }
    try (PointerScope scope = new PointerScope()) {
      Mat buffer = new Mat(1, encoded.length, CV_8UC1, new BytePointer(encoded));
      Mat decoded = imdecode(buffer, IMREAD_UNCHANGED);
      if (decoded == null || decoded.empty()) {
        throw new InvalidImageException(source, "OpenCV could not decode it (corrupt or unsupported image data)");
      }
      return new ImageFileInfo(file, decoded.cols(), decoded.rows(), decoded.channels(), bits(decoded.depth()));
    } catch (InvalidImageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidImageException(source, "OpenCV failed on it: " + e.getMessage(), e);
    }
  }

  /**
   * The channel layout in words, e.g. {@code 8-bit gray}, {@code 8-bit RGB}, {@code 16-bit gray},
   * {@code 8-bit RGBA}, {@code 8-bit gray+alpha}.
   *
   * @return bit depth and channel layout
   */
  public String layout() {
    String kind = switch (channels) {
      case 1 -> "gray";
      case 2 -> "gray+alpha";
      case 3 -> "RGB";
      case 4 -> "RGBA";
      default -> channels + "-channel";
    };
    return bitDepth + "-bit " + kind;
  }

  private static int bits(int depth) {
    if (depth == CV_8U || depth == CV_8S) {
      return 8;
    }
    if (depth == CV_16U || depth == CV_16S) {
      return 16;
    }
    if (depth == CV_32S || depth == CV_32F) {
      return 32;
    }
    if (depth == CV_64F) {
      return 64;
    }
    return 16; // CV_16F, the only other OpenCV depth
  }
}
