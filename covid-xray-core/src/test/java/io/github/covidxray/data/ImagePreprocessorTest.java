package io.github.covidxray.data;

import static io.github.covidxray.data.TestImages.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pixel-exact checks of the decode, colour, depth and resize steps, on images written by OpenCV. */
class ImagePreprocessorTest {

  private static final int H = 30;
  private static final int W = 40;
  private static final int SIZE = 32;

  @TempDir
  Path dir;

  private final ImagePreprocessor pre = ImagePreprocessor.of(SIZE);

  @ParameterizedTest
  @ValueSource(strings = {"png", "bmp", "tif"})
  void pureRedBgrFileBecomesRgbOneZeroZeroAtEveryPixel(String ext) {
    Path file;
    try (Mat red = new Mat(H, W, CV_8UC3, new Scalar(0, 0, 255, 0))) { // OpenCV order: B, G, R
      file = TestImages.write(dir.resolve("red." + ext), red);
    }
    byte[] rgb = pre.preprocess(file);
    assertThat(rgb).hasSize(SIZE * SIZE * 3);
    assertEveryPixel(rgb, 255, 0, 0);
    float[] unit = pre.preprocessToUnitFloats(file);
    for (int i = 0; i < unit.length; i += 3) {
      assertThat(new float[] {unit[i], unit[i + 1], unit[i + 2]}).containsExactly(1f, 0f, 0f);
    }
  }

  @Test
  void losslessWebpIsDecodedToo() {
    Path file;
    try (Mat red = new Mat(H, W, CV_8UC3, new Scalar(0, 0, 255, 0))) {
      file = TestImages.write(dir.resolve("red.webp"), red, IMWRITE_WEBP_QUALITY, 101); // >100: lossless
    }
    assertEveryPixel(pre.preprocess(file), 255, 0, 0);
  }

  @Test
  void jpegRedIsRedWithinCompressionError() {
    Path file;
    try (Mat red = new Mat(H, W, CV_8UC3, new Scalar(0, 0, 255, 0))) {
      file = TestImages.write(dir.resolve("red.jpg"), red);
    }
    byte[] rgb = pre.preprocess(file);
    for (int i = 0; i < rgb.length; i += 3) {
      assertThat(rgb[i] & 0xFF).isGreaterThan(240);
      assertThat(rgb[i + 1] & 0xFF).isLessThan(15);
      assertThat(rgb[i + 2] & 0xFF).isLessThan(15);
    }
  }

  @Test
  void eightBitGrayIsReplicatedToThreeEqualChannels() throws IOException {
    Path file;
    try (Mat gray = new Mat(H, W, CV_8UC1, new Scalar(128))) {
      file = TestImages.write(dir.resolve("gray.png"), gray);
    }
    assertThat(pngColourType(file)).as("PNG colour type (0 = gray)").isZero();
    assertEveryPixel(pre.preprocess(file), 128, 128, 128);
    float[] unit = pre.preprocessToUnitFloats(file);
    for (float v : unit) {
      assertThat(v).isEqualTo(128 / 255f);
    }
  }

  @Test
  void sixteenBitGrayIsScaledByRoundingDivisionBy257() throws IOException {
    assertThat(sixteenBitGray(65535)).isEqualTo(255);
    assertThat(sixteenBitGray(257 * 100)).isEqualTo(100);
    assertThat(sixteenBitGray(0)).isZero();
    // round(200 / 257) = 1; a plain high-byte truncation (200 >> 8) would give 0
    assertThat(sixteenBitGray(200)).isEqualTo(1);
    // round(511 / 257) = round(1.99) = 2; 511 >> 8 = 1
    assertThat(sixteenBitGray(511)).isEqualTo(2);
    // round(32000 / 257) = round(124.51) = 125; 32000 >> 8 = 125
    assertThat(sixteenBitGray(32000)).isEqualTo(125);
  }

  @Test
  void sixteenBitGrayMaximumIsUnitFloatOne() {
    Path file;
    try (Mat max = new Mat(H, W, CV_16UC1, new Scalar(65535))) {
      file = TestImages.write(dir.resolve("max16.png"), max);
    }
    for (float v : pre.preprocessToUnitFloats(file)) {
      assertThat(v).isEqualTo(1f);
    }
    try (Mat hundred = new Mat(H, W, CV_16UC1, new Scalar(257 * 100))) {
      file = TestImages.write(dir.resolve("hundred16.png"), hundred);
    }
    for (float v : pre.preprocessToUnitFloats(file)) {
      assertThat(v).isEqualTo(100 / 255f);
    }
  }

  @Test
  void sixteenBitColourKeepsChannelOrder() throws IOException {
    Path file;
    try (Mat bgr = new Mat(H, W, CV_16UC3, new Scalar(257 * 30, 257 * 20, 257 * 10, 0))) {
      file = TestImages.write(dir.resolve("colour16.png"), bgr);
    }
    assertThat(pngBitDepth(file)).isEqualTo(16);
    assertEveryPixel(pre.preprocess(file), 10, 20, 30);
  }

  @Test
  void sixteenBitTiffIsScaledToo() {
    Path file;
    try (Mat gray = new Mat(H, W, CV_16UC1, new Scalar(257 * 77))) {
      file = TestImages.write(dir.resolve("gray16.tif"), gray);
    }
    assertEveryPixel(pre.preprocess(file), 77, 77, 77);
  }

  @Test
  void transparentRgbaKeepsItsColourAndDropsAlpha() throws IOException {
    Path file;
    try (Mat bgra = new Mat(H, W, CV_8UC4, new Scalar(30, 20, 10, 0))) { // B, G, R, alpha 0
      file = TestImages.write(dir.resolve("rgba.png"), bgra);
    }
    assertThat(pngColourType(file)).as("PNG colour type (6 = RGBA)").isEqualTo(6);
    assertEveryPixel(pre.preprocess(file), 10, 20, 30);
  }

  @Test
  void palettePngIsExpandedToItsRgbColours() throws IOException {
    byte[] r = {(byte) 200, 10};
    byte[] g = {100, 20};
    byte[] b = {50, (byte) 230};
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 2, r, g, b));
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        raster.setSample(x, y, 0, y < H / 2 ? 0 : 1); // top half palette entry 0, bottom half entry 1
      }
    }
    Path file = dir.resolve("palette.png");
    assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
    assertThat(pngColourType(file)).as("PNG colour type (3 = palette)").isEqualTo(3);

    ImagePreprocessor sameSize = new ImagePreprocessor(H, ImagePreprocessor.DEFAULT_MAX_PIXELS);
    byte[] rgb = sameSize.preprocess(file);
    // resized 40 -> 30 horizontally only; rows away from the boundary keep their palette colour
    for (int x = 0; x < H; x++) {
      assertThat(new int[] {at(rgb, H, 0, x, 0), at(rgb, H, 0, x, 1), at(rgb, H, 0, x, 2)})
          .containsExactly(200, 100, 50);
      assertThat(new int[] {at(rgb, H, H - 1, x, 0), at(rgb, H, H - 1, x, 1), at(rgb, H, H - 1, x, 2)})
          .containsExactly(10, 20, 230);
    }
  }

  @Test
  void outputHasImageSizeSquareShapeAndUnitRange() {
    byte[] noise = TestImages.noise(H, W, 1);
    Path file = TestImages.writeRgbPng(dir.resolve("noise.png"), noise, H, W);
    for (int size : new int[] {7, 32, 64}) {
      ImagePreprocessor p = ImagePreprocessor.of(size);
      assertThat(p.preprocess(file)).hasSize(size * size * 3).hasSize(p.bytesPerImage());
      float[] unit = p.preprocessToUnitFloats(file);
      assertThat(unit).hasSize(size * size * 3);
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float v : unit) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertThat(min).isGreaterThanOrEqualTo(0f);
      assertThat(max).isLessThanOrEqualTo(1f);
      assertThat(max - min).as("noise keeps contrast").isGreaterThan(0.5f);
    }
  }

  @Test
  void constantImageStaysExactlyConstantAfterResize() {
    Path file = TestImages.writeRgbPng(dir.resolve("const.png"), TestImages.solid(H, W, 37, 150, 211), H, W);
    assertEveryPixel(pre.preprocess(file), 37, 150, 211);
  }

  @Test
  void leftAndRightHalvesKeepTheirColoursAwayFromTheSeam() {
    byte[] halves = new byte[H * W * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int i = (y * W + x) * 3;
        halves[i] = (byte) (x < W / 2 ? 255 : 0); // left red
        halves[i + 2] = (byte) (x < W / 2 ? 0 : 255); // right blue
      }
    }
    Path file = TestImages.writeRgbPng(dir.resolve("halves.png"), halves, H, W);
    byte[] rgb = pre.preprocess(file);
    int pureLeft = 0;
    int pureRight = 0;
    for (int col = 0; col < SIZE; col++) {
      // bilinear source position of this output column, OpenCV's pixel-centre convention
      double sx = (col + 0.5) * W / SIZE - 0.5;
      int x0 = (int) Math.floor(sx);
      boolean left = x0 + 1 <= W / 2 - 1;
      boolean right = x0 >= W / 2;
      for (int row = 0; row < SIZE; row++) {
        int red = at(rgb, SIZE, row, col, 0);
        int blue = at(rgb, SIZE, row, col, 2);
        assertThat(at(rgb, SIZE, row, col, 1)).isZero();
        assertThat(red + blue).isBetween(254, 256);
        if (left) {
          assertThat(red).as("column %d", col).isEqualTo(255);
        } else if (right) {
          assertThat(blue).as("column %d", col).isEqualTo(255);
        }
      }
      pureLeft += left ? 1 : 0;
      pureRight += right ? 1 : 0;
    }
    assertThat(pureLeft).as("columns checked as pure red").isGreaterThanOrEqualTo(14);
    assertThat(pureRight).as("columns checked as pure blue").isGreaterThanOrEqualTo(14);
  }

  @Test
  void resizeMatchesIndependentBilinearReferenceWithinOneLevel() {
    for (int[] dims : new int[][] {{H, W}, {12, 20}, {100, 90}}) {
      int h = dims[0];
      int w = dims[1];
      byte[] noise = TestImages.noise(h, w, h * 31L + w);
      Path file = TestImages.writeRgbPng(dir.resolve("noise" + h + "x" + w + ".png"), noise, h, w);
      byte[] expected = TestImages.bilinearResize(noise, h, w, SIZE, SIZE);
      assertThat(TestImages.maxAbsDiff(pre.preprocess(file), expected)).as("%d x %d", h, w).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void exifOrientationIsAppliedAsCv2ImreadDoes() {
    byte[] halves = new byte[H * W * 3]; // left red, right blue
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        halves[(y * W + x) * 3 + (x < W / 2 ? 0 : 2)] = (byte) 255;
      }
    }
    byte[] jpeg;
    try (Mat bgr = TestImages.bgrMat(TestImages.swapRedBlue(halves), H, W)) {
      jpeg = TestImages.encode(".jpg", bgr);
    }
    // orientation 6: display rotated 90 degrees clockwise, so the left half ends up on top
    byte[] rotated = JpegSegments.insertAfterSoi(jpeg, JpegSegments.exifOrientation(6));
    byte[] rgb = pre.preprocess(rotated, "exif.jpg");
    assertThat(at(rgb, SIZE, 2, SIZE - 3, 0)).as("top right is red").isGreaterThan(200);
    assertThat(at(rgb, SIZE, SIZE - 3, 2, 2)).as("bottom left is blue").isGreaterThan(200);
    byte[] plain = pre.preprocess(jpeg, "plain.jpg");
    assertThat(at(plain, SIZE, 2, SIZE - 3, 2)).as("without EXIF, top right is blue").isGreaterThan(200);
  }

  @Test
  void inMemoryAndFileInputsGiveTheSamePixels() throws IOException {
    Path file = TestImages.writeRgbPng(dir.resolve("noise.png"), TestImages.noise(H, W, 5), H, W);
    assertThat(pre.preprocess(Files.readAllBytes(file), "upload")).isEqualTo(pre.preprocess(file));
  }

  @Test
  void badInputNamesTheSourceAndTheProblem() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.png"));
    assertThatThrownBy(() -> pre.preprocess(empty))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("empty");
    Path missing = dir.resolve("missing.png");
    assertThatThrownBy(() -> pre.preprocess(missing))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> pre.preprocess("hello, not an image".getBytes(), "upload-7"))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("upload-7")
        .hasMessageContaining("not a supported image");
  }

  @Test
  void truncatedJpegIsRejectedAlthoughOpenCvAloneWouldDecodeIt() {
    byte[] jpeg;
    try (Mat noise = TestImages.bgrMat(TestImages.noise(H, W, 8), H, W)) {
      jpeg = TestImages.encode(".jpg", noise);
    }
    byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);
    try (Mat buffer = new Mat(half); Mat partial = imdecode(buffer, IMREAD_COLOR)) {
      assertThat(partial.empty()).as("libjpeg returns a partly grey image with only a warning").isFalse();
    }
    assertThatThrownBy(() -> pre.preprocess(half, "half.jpg"))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("half.jpg")
        .hasMessageContaining("truncated");
  }

  @Test
  void imageOverPixelBudgetIsRejectedNamingTheBudget() {
    Path file = TestImages.writeRgbPng(dir.resolve("big.png"), TestImages.solid(H, W, 1, 2, 3), H, W);
    ImagePreprocessor small = new ImagePreprocessor(SIZE, H * W - 1);
    assertThatThrownBy(() -> small.preprocess(file))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("40 x 30 = 1200 pixels")
        .hasMessageContaining("budget of 1199");
    assertThat(new ImagePreprocessor(SIZE, H * W).preprocess(file)).hasSize(SIZE * SIZE * 3);
  }

  @Test
  void invalidConfigurationIsRejected() {
    assertThatThrownBy(() -> ImagePreprocessor.of(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imageSize");
    assertThatThrownBy(() -> new ImagePreprocessor(224, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels");
  }

  private int sixteenBitGray(int value) throws IOException {
    Path file;
    try (Mat gray = new Mat(H, W, CV_16UC1, new Scalar(value))) {
      file = TestImages.write(dir.resolve("gray16-" + value + ".png"), gray);
    }
    assertThat(pngBitDepth(file)).isEqualTo(16);
    byte[] rgb = pre.preprocess(file);
    int first = rgb[0] & 0xFF;
    assertEveryPixel(rgb, first, first, first);
    return first;
  }

  private static void assertEveryPixel(byte[] rgb, int r, int g, int b) {
    for (int i = 0; i < rgb.length; i += 3) {
      int[] pixel = {rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF};
      assertThat(pixel).as("pixel %d", i / 3).containsExactly(r, g, b);
    }
  }

  private static int pngColourType(Path png) throws IOException {
    return Files.readAllBytes(png)[25] & 0xFF; // IHDR: 8 signature + 8 chunk head + 4 w + 4 h + 1 depth
  }

  private static int pngBitDepth(Path png) throws IOException {
    return Files.readAllBytes(png)[24] & 0xFF;
  }
}
