package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageFileInfo}: stored size, channels and depth as written, and the header checks. */
class ImageFileInfoTest {

  @TempDir
  Path dir;

  @Test
  void reportsTheStoredLayoutOfEachKindOfFile() {
    assertThat(info("gray.png", new Mat(30, 40, CV_8UC1, new Scalar(7)))).isEqualTo("40x30 1ch 8bit 8-bit gray");
    assertThat(info("rgb.jpg", new Mat(20, 50, CV_8UC3, new Scalar(1, 2, 3, 0)))).isEqualTo("50x20 3ch 8bit 8-bit RGB");
    assertThat(info("rgba.png", new Mat(10, 12, CV_8UC4, new Scalar(1, 2, 3, 4))))
        .isEqualTo("12x10 4ch 8bit 8-bit RGBA");
    assertThat(info("deep.png", new Mat(9, 11, CV_16UC1, new Scalar(40000)))).isEqualTo("11x9 1ch 16bit 16-bit gray");
  }

  @Test
  void rejectsNonImagesTruncatedFilesAndOversizedHeaders() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.jpg"), "not an image");
    assertThatThrownBy(() -> ImageFileInfo.read(text)).isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("notes.jpg").hasMessageContaining("not a supported image");
    Path png = TestImages.write(dir.resolve("big.png"), new Mat(100, 100, CV_8UC1, new Scalar(3)));
    assertThatThrownBy(() -> ImageFileInfo.read(png, 9_999)).isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("pixel budget of 9999");
    byte[] bytes = Files.readAllBytes(png);
    Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ImageFileInfo.read(cut)).isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> ImageFileInfo.read(dir.resolve("missing.png"))).isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("cannot be read");
  }

  private String info(String name, Mat mat) {
    try (mat) {
      ImageFileInfo info = ImageFileInfo.read(TestImages.write(dir.resolve(name), mat));
      return info.width() + "x" + info.height() + " " + info.channels() + "ch " + info.bitDepth() + "bit "
          + info.layout();
    }
  }
}
