package io.github.covidxray.data.dicom;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import io.github.covidxray.data.InvalidImageException;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes one compressed frame into stored values: JPEG baseline through OpenCV (libjpeg-turbo), JPEG
 * 2000 through jai-imageio's pure-Java JJ2000 (the OpenCV build's JPEG 2000 codec, Jasper, is disabled
 * by default and reads JP2 files, not the bare code streams DICOM holds).
 */
final class FrameDecoders {

  private FrameDecoders() {
  }

  @SuppressWarnings("try") // the scope only closes the native matrices made inside it
  static int[] jpegBaseline(byte[] frame, int rows, int columns, String source) {
    try (PointerScope scope = new PointerScope()) {
      Mat buffer = new Mat(1, frame.length, CV_8UC1, new BytePointer(frame));
      Mat decoded = imdecode(buffer, IMREAD_GRAYSCALE);
      if (decoded == null || decoded.empty() || decoded.depth() != CV_8U) {
        throw new InvalidImageException(source, "corrupt DICOM: OpenCV could not decode the JPEG baseline frame");
      }
      checkSize(decoded.cols(), decoded.rows(), rows, columns, "JPEG", source);
      Mat continuous = decoded.isContinuous() ? decoded : decoded.clone();
      byte[] bytes = new byte[rows * columns];
      continuous.data().get(bytes);
      int[] out = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        out[i] = bytes[i] & 0xFF;
      }
      return out;
    }
  }

  static int[] jpeg2000(byte[] frame, int rows, int columns, String source) {
    ImageReader reader = null;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
      reader = new J2KImageReaderSpi().createReaderInstance(null);
      reader.setInput(in);
      checkSize(reader.getWidth(0), reader.getHeight(0), rows, columns, "JPEG 2000", source);
      Raster raster = reader.readRaster(0, null);
      if (raster.getNumBands() != 1) {
        throw new InvalidImageException(source, "the JPEG 2000 frame has " + raster.getNumBands()
            + " components, expected 1 (gray)");
      }
      return raster.getSamples(raster.getMinX(), raster.getMinY(), columns, rows, 0, new int[rows * columns]);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidImageException invalid) {
        throw invalid;
      }
      throw new InvalidImageException(source, "corrupt DICOM: the JPEG 2000 frame cannot be decoded (" + e + ")", e);
    } finally {
      if (reader != null) {
        reader.dispose();
      }
    }
  }

  private static void checkSize(int width, int height, int rows, int columns, String codec, String source) {
    if (width != columns || height != rows) {
      throw new InvalidImageException(source, "corrupt DICOM: the " + codec + " frame is " + width + " x " + height
          + " but the DICOM header says " + columns + " x " + rows);
    }
  }
}
