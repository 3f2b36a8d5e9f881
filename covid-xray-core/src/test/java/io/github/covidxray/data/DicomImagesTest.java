package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.dicom.DicomImage;
import io.github.covidxray.data.dicom.DicomReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DICOM files through the same preprocessing as every other image, against the 8-bit images that
 * {@code fixtures/dicom/make_fixtures.py} computed with numpy from the values it wrote (or, for the lossy
 * codecs, from what pydicom/Pillow decoded). The fixtures are 64 x 64, so at image size 64 the resize is
 * the identity and each RGB pixel must be the expected gray three times.
 */
class DicomImagesTest {

  private static final int SIDE = 64;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // fixture,                      tolerance (0: lossless, exact)
      "mono2_u12_minmax_padding,       0",
      "mono1_u16_implicit_window,      0",
      "mono2_s16_two_windows,          0",
      "mono2_s12_linear_exact,         0",
      "mono2_u10_voi_lut,              0",
      "mono2_u8_deflated,              0",
      "mono2_u12_big_endian,           0",
      "mono2_u12_sigmoid,              0",
      "multiframe_u12,                 0",
      "native_u12,                     0",
      "native_u8_mono1,                0",
      "native_u16,                     0",
      "jpeg_lossless_sv1_u12,          0",
      "jpeg_lossless_sv1_u16,          0",
      "jpeg_lossless_p14_sel6_u12,     0",
      "rle_u12,                        0",
      "rle_u16,                        0",
      "rle_u8_mono1,                   0",
      "j2k_lossless_u12,               0",
      "j2k_lossy_u12,                  3",
      "jpeg_baseline_u8_mono1,         2",
  })
  void pixelsAreWhatAViewerShows(String name, int tolerance) throws IOException {
    Path file = fixture(name + ".dcm");
    byte[] expected = resource(name + ".expected.u8");
    assertThat(expected).hasSize(SIDE * SIDE);

    byte[] rgb = ImagePreprocessor.of(SIDE).preprocess(file);

    assertThat(rgb).hasSize(SIDE * SIDE * 3);
    int worst = 0;
    for (int i = 0; i < SIDE * SIDE; i++) {
      for (int c = 0; c < 3; c++) {
        worst = Math.max(worst, Math.abs((rgb[3 * i + c] & 0xFF) - (expected[i] & 0xFF)));
      }
    }
    assertThat(worst).as("largest difference from the expected gray in %s", name).isLessThanOrEqualTo(tolerance);
    // the expected images use the whole range, so a wrong mapping cannot pass by being flat
    assertThat(IntStream.range(0, expected.length).map(i -> expected[i] & 0xFF).max().getAsInt()
        - IntStream.range(0, expected.length).map(i -> expected[i] & 0xFF).min().getAsInt()).isGreaterThan(100);
  }

  @Test
  void multiFrameFilesGiveTheirFirstFrameAndPatientIdsAreRead() throws IOException {
    DicomImage image = DicomReader.read(resource("multiframe_u12.dcm"), "multiframe_u12.dcm", 1_000_000);

    assertThat(image.frames()).isEqualTo(3);
    assertThat(image.width()).isEqualTo(SIDE);
    assertThat(image.height()).isEqualTo(SIDE);
    assertThat(image.gray()).isEqualTo(resource("multiframe_u12.expected.u8"));
    assertThat(image.patientId()).isEqualTo("PAT-009");
    assertThat(image.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
    assertThat(DicomReader.patientId(resource("mono2_u8_deflated.dcm"), "x")).isEqualTo("PAT-006");
    assertThat(DicomReader.patientId(resource("mono1_u16_implicit_window.dcm"), "x")).isEqualTo("PAT-002");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bad_unsupported_jpegls     | unsupported DICOM transfer syntax 1.2.840.10008.1.2.4.80",
      "bad_no_pixel_data          | no Pixel Data (7FE0,0010)",
      "bad_huge_dimensions        | claims 60000 x 60000 = 3600000000 pixels, more than the pixel budget",
      "bad_truncated              | truncated DICOM",
      "bad_truncated_header       | truncated DICOM",
      "bad_wrong_length           | Pixel Data (7FE0,0010) declares 2147483632 bytes",
  })
  void badFilesAreInvalidImagesNamingTheFileAndTheProblem(String name, String reason) throws IOException {
    Path file = fixture(name + ".dcm");

    assertThatThrownBy(() -> ImagePreprocessor.of(SIDE).preprocess(file))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"native_u12", "mono2_u8_deflated", "jpeg_lossless_sv1_u12", "rle_u16", "j2k_lossless_u12",
      "mono1_u16_implicit_window", "mono2_u10_voi_lut", "jpeg_baseline_u8_mono1"})
  void everyTruncationOrCorruptionIsAnInvalidImageOrAnImageNeverAnotherError(String name) throws IOException {
    byte[] whole = resource(name + ".dcm");
    ImagePreprocessor preprocessor = new ImagePreprocessor(SIDE, 1_000_000);
    for (int cut = 0; cut < whole.length; cut += Math.max(1, whole.length / 300)) {
      assertInvalidOrImage(preprocessor, Arrays.copyOf(whole, cut), name + " cut at " + cut);
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(13);
    for (int trial = 0; trial < 200; trial++) {
      byte[] damaged = whole.clone();
      for (int k = 0; k < 4; k++) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      assertInvalidOrImage(preprocessor, damaged, name + " damaged, trial " + trial);
    }
  }

  private static void assertInvalidOrImage(ImagePreprocessor preprocessor, byte[] data, String what) {
    try {
      assertThat(preprocessor.preprocess(data, what)).as(what).hasSize(SIDE * SIDE * 3);
    } catch (InvalidImageException e) {
      assertThat(e.source()).as(what).isEqualTo(what);
    }
  }

  @Test
  void theLoaderFindsDicomByExtensionAndByPreambleSkipsBadOnesAndPatientIdsComeFromTheFiles() throws IOException {
    Files.createDirectories(dir.resolve("covid"));
    Files.createDirectories(dir.resolve("normal"));
    Files.write(dir.resolve("covid/1.2.840.99"), resource("native_u12.dcm")); // named by its UID
    Files.write(dir.resolve("covid/STUDY0001"), resource("rle_u16.dcm")); // no extension, DICM preamble
    Files.write(dir.resolve("covid/NOTES"), "no extension, not DICOM".getBytes());
    Files.write(dir.resolve("covid/a.DCM"), resource("mono2_u8_deflated.dcm"));
    Files.write(dir.resolve("normal/b.dicom"), resource("jpeg_lossless_sv1_u12.dcm"));
    Files.write(dir.resolve("normal/c.dcm"), resource("bad_unsupported_jpegls.dcm"));

    ImageDataset data = DatasetLoader.builder().directory(dir).imageSize(SIDE).build().load();

    assertThat(IntStream.range(0, data.size()).mapToObj(i -> dir.relativize(data.source(i)).toString()))
        .containsExactly("covid/1.2.840.99", "covid/STUDY0001", "covid/a.DCM", "normal/b.dicom");
    assertThat(data.pixels(1)).isEqualTo(rgb(resource("rle_u16.expected.u8")));
    assertThat(data.skipped()).singleElement().satisfies(s -> {
      assertThat(s.file()).isEqualTo(dir.resolve("normal/c.dcm"));
      assertThat(s.reason()).contains("1.2.840.10008.1.2.4.80");
    });
    assertThatThrownBy(() -> DatasetLoader.builder().directory(dir).imageSize(SIDE).strict().build().load())
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(dir.resolve("normal/c.dcm").toString())
        .hasMessageContaining("1.2.840.10008.1.2.4.80");

    PatientIds ids = PatientIds.of(dir);
    assertThat(ids.apply(dir.resolve("covid/STUDY0001"))).isEqualTo("PAT-012");
    assertThat(ids.apply(dir.resolve("covid/a.DCM"))).isEqualTo("PAT-006"); // deflated: whole file read
    assertThat(ids.apply(dir.resolve("covid/NOTES"))).isNull();
    assertThat(PatientIds.fromDicom(dir.resolve("normal/c.dcm"))).contains("PAT-010");
    assertThat(ImageFileInfo.read(dir.resolve("covid/STUDY0001")))
        .isEqualTo(new ImageFileInfo(dir.resolve("covid/STUDY0001"), SIDE, SIDE, 1, 16));
  }

  @Test
  void dicomIdsArePrefixedWhenManifestsAlsoGiveIds() throws IOException {
    Files.createDirectories(dir.resolve("covid"));
    Files.write(dir.resolve("covid/x.dcm"), resource("native_u12.dcm"));
    Files.write(dir.resolve("covid/y.dcm"), resource("native_u8_mono1.dcm"));
    Files.writeString(dir.resolve("covid/manifest.csv"), "file,patient_id\ncovid/x.dcm,7\n");

    PatientIds ids = PatientIds.of(dir);

    assertThat(ids.apply(dir.resolve("covid/x.dcm"))).isEqualTo("7");
    assertThat(ids.apply(dir.resolve("covid/y.dcm"))).isEqualTo("dicom:PAT-011");
  }

  private static byte[] rgb(byte[] gray) {
    byte[] out = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      Arrays.fill(out, 3 * i, 3 * i + 3, gray[i]);
    }
    return out;
  }

  private Path fixture(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, resource(name));
    return file;
  }

  private static byte[] resource(String name) throws IOException {
    String path = "/fixtures/dicom/" + name;
    try (InputStream in = DicomImagesTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    }
  }
}
