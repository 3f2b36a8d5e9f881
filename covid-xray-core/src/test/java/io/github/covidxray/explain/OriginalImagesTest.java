package io.github.covidxray.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.data.InvalidImageException;
import io.github.covidxray.data.RgbImage;
import io.github.covidxray.synthetic.SyntheticClass;
import io.github.covidxray.synthetic.SyntheticXray;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OriginalImages}: the image an overlay is drawn on, for DICOM files as for the others, checked
 * against the fixtures' expected gray (made by pydicom, see {@code fixtures/dicom/make_fixtures.py}).
 */
class OriginalImagesTest {

  @TempDir Path dir;

  @Test
  void aDicomFileDecodesToItsViewerGrayInAllThreeChannels() throws IOException {
    for (String name : new String[] {"native_u12", "mono1_u16_implicit_window", "rle_u8_mono1"}) {
      Path file = dir.resolve(name + ".dcm");
      Files.write(file, resource(name + ".dcm"));
      byte[] expected = resource(name + ".expected.u8");
      RgbImage image = OriginalImages.decode(file, ImagePreprocessor.of(32));
      assertThat(image.width() * image.height()).as(name).isEqualTo(expected.length);
      byte[] rgb = image.pixels();
      for (int i = 0; i < expected.length; i++) {
        for (int c = 0; c < 3; c++) {
          assertThat(rgb[3 * i + c]).as("%s pixel %d channel %d", name, i, c).isEqualTo(expected[i]);
        }
      }
    }
  }

  @Test
  void otherFormatsDecodeAsThePreprocessorDecodesThemAndBadFilesNameTheFile() throws IOException {
    SyntheticXray xray = new SyntheticXrays(40, 34, 1).generate(SyntheticClass.NORMAL, 0);
    Path png = dir.resolve("chest.png");
    Files.write(png, xray.toPng());
    RgbImage image = OriginalImages.decode(png, ImagePreprocessor.of(32));
    assertThat(image.width()).isEqualTo(40);
    assertThat(image.height()).isEqualTo(34);
    byte[] gray = xray.pixels();
    byte[] rgb = image.pixels();
    for (int i = 0; i < gray.length; i++) {
      assertThat(rgb[3 * i]).isEqualTo(gray[i]);
    }

    Path truncated = dir.resolve("truncated.dcm");
    Files.write(truncated, resource("bad_truncated.dcm"));
    assertThatThrownBy(() -> OriginalImages.decode(truncated, ImagePreprocessor.of(32)))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining(truncated.toString())
        .hasMessageContaining("truncated DICOM");
    Path missing = dir.resolve("missing.dcm");
    assertThatThrownBy(() -> OriginalImages.decode(missing, ImagePreprocessor.of(32)))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining(missing.toString());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = OriginalImagesTest.class.getResourceAsStream("/fixtures/dicom/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
