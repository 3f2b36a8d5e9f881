package io.github.covidxray.data.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.ImagePreprocessor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PerceptualHash}: against a pure-Java DCT hash, and on edited copies of synthetic pictures. */
class PerceptualHashTest {

  @TempDir
  Path dir;

  @Test
  void wholeImageBitsMatchAnIndependentDctHash() {
    // a random 64 x 64 gray picture, each pixel doubled to 128 x 128 RGB: gray conversion is exact
    // (R = G = B) and INTER_AREA's 2:1 reduction averages four equal samples, so the reference can
    // start from the 64 x 64 picture itself
    int n = 64;
    double[][] small = new double[n][n];
    Random random = new Random(5);
    byte[] rgb = new byte[128 * 128 * 3];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        int v = random.nextInt(256);
        small[r][c] = v;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            int at = ((2 * r + dy) * 128 + 2 * c + dx) * 3;
            rgb[at] = (byte) v;
            rgb[at + 1] = (byte) v;
            rgb[at + 2] = (byte) v;
          }
        }
      }
    }
    assertThat(PerceptualHash.of(rgb, 128).bits()).containsExactly(referenceHash(small));
  }

  @Test
  void sameImageIsZeroAndEditedCopiesStayClose() {
    ImagePreprocessor pre = ImagePreprocessor.of(224);
    Path original = SyntheticXrays.writePicture(dir.resolve("a.png"), 1, 400, 360);
    Path copy = SyntheticXrays.writeNearDuplicate(dir.resolve("a-crop.jpg"), 1, 400, 360, 0.88, 15);
    Path brighter = SyntheticXrays.writeNearDuplicate(dir.resolve("a-bright.jpg"), 1, 400, 360, 1.0, 25);
    PerceptualHash a = PerceptualHash.of(pre.preprocess(original), 224);
    PerceptualHash cropped = PerceptualHash.of(pre.preprocess(copy), 224);
    PerceptualHash bright = PerceptualHash.of(pre.preprocess(brighter), 224);

    assertThat(a.distance(PerceptualHash.of(pre.preprocess(original), 224))).isZero();
    assertThat(a.wholeImageDistance(bright)).as("brightness and JPEG barely move the hash").isLessThanOrEqualTo(8);
    // a 12 % crop stretches the picture by the square resize: the whole-image hashes differ a lot,
    // the crop views find it
    assertThat(a.distance(cropped)).isLessThan(a.wholeImageDistance(cropped))
        .isLessThanOrEqualTo(LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE / 2);
    assertThat(a.distance(cropped)).as("symmetric").isEqualTo(cropped.distance(a));
  }

  @Test
  void unrelatedPicturesAreFarApart() {
    ImagePreprocessor pre = ImagePreprocessor.of(224);
    PerceptualHash[] hashes = new PerceptualHash[4];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = PerceptualHash.of(pre.preprocess(SyntheticXrays.writePicture(dir.resolve(i + ".png"), 100 + i,
          300, 300)), 224);
    }
    for (int i = 0; i < hashes.length; i++) {
      for (int j = i + 1; j < hashes.length; j++) {
        assertThat(hashes[i].distance(hashes[j])).as("%d ~ %d", i, j)
            .isGreaterThan(LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE)
            .isLessThanOrEqualTo(hashes[i].wholeImageDistance(hashes[j]));
      }
    }
  }

  @Test
  void valueSemanticsAndArgumentChecks() {
    byte[] rgb = new byte[16 * 16 * 3];
    new Random(3).nextBytes(rgb);
    PerceptualHash h = PerceptualHash.of(rgb, 16);
    assertThat(h).isEqualTo(PerceptualHash.of(rgb.clone(), 16)).hasSameHashCodeAs(PerceptualHash.of(rgb, 16));
    assertThat(h.toString()).hasSize(64).matches("[0-9a-f]+");
    assertThat(h.toString()).startsWith(String.format("%016x", h.bits()[0]));
    long[] bits = h.bits();
    bits[0] = ~bits[0];
    assertThat(h.bits()[0]).isNotEqualTo(bits[0]);
    assertThat(Arrays.stream(h.bits()).map(Long::bitCount).sum()).as("bits above the median: half").isEqualTo(128);
    assertThatThrownBy(() -> PerceptualHash.of(rgb, 15)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15 x 15 x 3");
  }

  /**
   * 256-bit DCT hash of a 64 x 64 gray picture: orthonormal 2-D DCT-II (OpenCV's {@code dct} scaling),
   * the 16 x 16 lowest frequencies in row-major order, bit set where above their median.
   */
  private static long[] referenceHash(double[][] x) {
    int n = x.length;
    double[][] basis = new double[16][n];
    for (int k = 0; k < 16; k++) {
      double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
      for (int i = 0; i < n; i++) {
        basis[k][i] = scale * Math.cos(Math.PI * (2 * i + 1) * k / (2.0 * n));
      }
    }
    double[] block = new double[256];
    for (int u = 0; u < 16; u++) {
      for (int v = 0; v < 16; v++) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
          for (int c = 0; c < n; c++) {
            sum += basis[u][r] * basis[v][c] * x[r][c];
          }
        }
        block[u * 16 + v] = sum;
      }
    }
    double[] sorted = block.clone();
    Arrays.sort(sorted);
    double median = (sorted[127] + sorted[128]) / 2;
    long[] bits = new long[4];
    for (int i = 0; i < 256; i++) {
      if (block[i] > median) {
        bits[i / 64] |= 1L << (i % 64);
      }
    }
    return bits;
  }
}
