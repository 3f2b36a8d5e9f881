package io.github.covidxray.explain;

import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.data.InvalidImageException;
import io.github.covidxray.data.RgbImage;
import io.github.covidxray.data.dicom.DicomImage;
import io.github.covidxray.data.dicom.DicomReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Decodes an image file at its own size for an overlay, DICOM included: what a heat map is drawn on.
 * {@link ImagePreprocessor#decode(Path)} reads the formats OpenCV decodes, while
 * {@link ImagePreprocessor#preprocess(Path)} (what the model sees) also reads DICOM; so that every file
 * the model can classify can also be explained, a DICOM file is decoded here with {@link DicomReader}
 * (its first frame, as a viewer shows it, the same 8-bit gray the preprocessor resizes) and its gray
 * copied into R, G and B, exactly as the preprocessor's RGB conversion does.
 */
public final class OriginalImages {

  private OriginalImages() {}

  /**
   * Decodes one file at its own size.
   *
   * @param file a JPEG, PNG, BMP, TIFF, WebP or DICOM file
   * @param preprocessor whose checks (pixel budget, damage) apply
   * @return the image as stored, 8-bit RGB
   * @throws InvalidImageException naming the file when it cannot be read or decoded
   */
  public static RgbImage decode(Path file, ImagePreprocessor preprocessor) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(preprocessor, "preprocessor");
    if (!isDicom(file)) {
      return preprocessor.decode(file);
    }
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidImageException(file.toString(), "it could not be read: " + e.getMessage(), e);
    }
    DicomImage dicom = DicomReader.read(data, file.toString(), preprocessor.maxPixels());
    return fromGray(dicom.width(), dicom.height(), dicom.gray());
  }

  /** Gray copied into the three channels. */
  static RgbImage fromGray(int width, int height, byte[] gray) {
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0, j = 0; i < width * height; i++) {
      rgb[j++] = gray[i];
      rgb[j++] = gray[i];
      rgb[j++] = gray[i];
    }
    return new RgbImage(width, height, rgb);
  }

  /** Whether the file starts like DICOM; a file that cannot be opened is left to the preprocessor's message. */
  private static boolean isDicom(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return DicomReader.looksLikeDicom(in.readNBytes(132));
    } catch (IOException e) {
      return false;
    }
  }
}
