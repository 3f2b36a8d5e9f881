package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_RST_INTERVAL;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_TIFF_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_TIFF_COMPRESSION_NONE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;

import java.util.Arrays;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Header sizes and truncation detection for every accepted format, on encoder output; every proper
 * prefix of a file must be reported as damaged or rejected, never as a complete image.
 */
class ImageHeaderTest {

  private static final int H = 30;
  private static final int W = 40;

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of(".png", new int[0], ImageHeader.Format.PNG),
        Arguments.of(".jpg", new int[0], ImageHeader.Format.JPEG),
        Arguments.of(".jpg", new int[] {IMWRITE_JPEG_PROGRESSIVE, 1}, ImageHeader.Format.JPEG),
        Arguments.of(".jpg", new int[] {IMWRITE_JPEG_RST_INTERVAL, 1}, ImageHeader.Format.JPEG),
        Arguments.of(".bmp", new int[0], ImageHeader.Format.BMP),
        Arguments.of(".tif", new int[0], ImageHeader.Format.TIFF),
        Arguments.of(".tif", new int[] {IMWRITE_TIFF_COMPRESSION, IMWRITE_TIFF_COMPRESSION_NONE},
            ImageHeader.Format.TIFF),
        Arguments.of(".webp", new int[0], ImageHeader.Format.WEBP),
        Arguments.of(".webp", new int[] {IMWRITE_WEBP_QUALITY, 101}, ImageHeader.Format.WEBP));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("encodings")
  void completeFileGivesFormatAndSize(String ext, int[] params, ImageHeader.Format format) {
    ImageHeader header = ImageHeader.read(encodeNoise(ext, params), "x" + ext);
    assertThat(header.format()).isEqualTo(format);
    assertThat(header.width()).isEqualTo(W);
    assertThat(header.height()).isEqualTo(H);
    assertThat(header.pixels()).isEqualTo((long) W * H);
    assertThat(header.damage()).isNull();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("encodings")
  void everyTruncationIsDetected(String ext, int[] params, ImageHeader.Format format) {
    byte[] full = encodeNoise(ext, params);
    for (int length = 1; length < full.length; length++) {
      byte[] prefix = Arrays.copyOf(full, length);
      ImageHeader header;
      try {
        header = ImageHeader.read(prefix, "cut" + ext);
      } catch (InvalidImageException e) {
        assertThat(e.getMessage()).contains("cut" + ext);
        continue;
      }
      assertThat(header.damage()).as("%s cut to %d of %d bytes", ext, length, full.length).isNotNull();
    }
  }

  @Test
  void jpegCutJustBeforeItsEndMarkerIsTruncatedAlthoughOpenCvWouldDecodeIt() {
    byte[] full = encodeNoise(".jpg", new int[0]);
    assertThat(full[full.length - 2] & 0xFF).isEqualTo(0xFF);
    assertThat(full[full.length - 1] & 0xFF).isEqualTo(0xD9);
    ImageHeader header = ImageHeader.read(Arrays.copyOf(full, full.length - 2), "cut.jpg");
    assertThat(header.damage()).contains("truncated").contains("FFD9");
  }

  @Test
  void endMarkerInsideAnEarlierSegmentDoesNotHideTruncation() {
    byte[] full = encodeNoise(".jpg", new int[0]);
    // an APP2 segment whose payload contains FF D9, as an embedded EXIF thumbnail would
    byte[] withThumbnail = JpegSegments.insertAfterSoi(full,
        JpegSegments.segment(0xE2, new byte[] {1, 2, (byte) 0xFF, (byte) 0xD9, 3}));
    assertThat(ImageHeader.read(withThumbnail, "thumb.jpg").damage()).isNull();
    byte[] cut = Arrays.copyOf(withThumbnail, withThumbnail.length - 40);
    assertThat(ImageHeader.read(cut, "thumb.jpg").damage()).contains("truncated");
  }

  @Test
  void bytesAfterTheEndAreAllowed() {
    for (String ext : new String[] {".jpg", ".png"}) {
      byte[] full = encodeNoise(ext, new int[0]);
      byte[] padded = Arrays.copyOf(full, full.length + 100); // zero padding, as some writers leave
      assertThat(ImageHeader.read(padded, "padded" + ext).damage()).as(ext).isNull();
    }
  }

  @Test
  void headerClaimingHugeSizeIsReadWithoutOverflow() {
    byte[] png = encodeNoise(".png", new int[0]);
    // IHDR width and height at offsets 16 and 20; the CRC is now wrong, which the header reader ignores
    writeU32(png, 16, 100_000);
    writeU32(png, 20, 100_000);
    ImageHeader header = ImageHeader.read(png, "bomb.png");
    assertThat(header.pixels()).isEqualTo(10_000_000_000L);
    assertThat(new ImageHeader(ImageHeader.Format.TIFF, 0xFFFF_FFFFL, 0xFFFF_FFFFL, null).pixels())
        .as("saturates instead of overflowing").isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void emptyAndForeignDataAreRejected() {
    assertThatThrownBy(() -> ImageHeader.read(new byte[0], "zero.jpg"))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("zero.jpg")
        .hasMessageContaining("empty (0 bytes)");
    assertThatThrownBy(() -> ImageHeader.read("GIF89a....".getBytes(), "anim.jpg"))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("not a supported image")
        .hasMessageContaining("47 49 46 38");
    assertThatThrownBy(() -> ImageHeader.read(new byte[] {'I', 'I', 43, 0, 8, 0, 0, 0}, "big.tif"))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("BigTIFF");
  }

  @Test
  void zeroSizeHeaderIsCorrupt() {
    byte[] png = encodeNoise(".png", new int[0]);
    writeU32(png, 16, 0);
    assertThatThrownBy(() -> ImageHeader.read(png, "zero.png"))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("0 x 30");
  }

  private static byte[] encodeNoise(String ext, int[] params) {
    try (Mat mat = TestImages.bgrMat(TestImages.noise(H, W, 11), H, W)) {
      return TestImages.encode(ext, mat, params);
    }
  }

  private static void writeU32(byte[] data, int offset, long value) {
    data[offset] = (byte) (value >>> 24);
    data[offset + 1] = (byte) (value >>> 16);
    data[offset + 2] = (byte) (value >>> 8);
    data[offset + 3] = (byte) value;
  }
}
