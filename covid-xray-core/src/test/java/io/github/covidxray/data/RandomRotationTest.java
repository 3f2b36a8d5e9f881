package io.github.covidxray.data;

import static io.github.covidxray.data.TestImages.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Rotation by OpenCV checked against exact expectations and an independent pure-Java rotation. */
class RandomRotationTest {

  private static final int N = 32;

  @Test
  void zeroDegreesIsTheIdentity() {
    byte[] noise = TestImages.noise(N, N + 8, 3);
    assertThat(RandomRotation.rotate(noise, N, N + 8, 0)).isEqualTo(noise).isNotSameAs(noise);
    byte[] viaApply = RandomRotation.ofDegrees(0).apply(noise, N, N + 8, new SplittableRandom(1));
    assertThat(viaApply).isEqualTo(noise);
  }

  @Test
  void ninetyDegreesTurnsCounterClockwiseExactly() {
    byte[] noise = TestImages.noise(N, N, 4);
    byte[] turned = RandomRotation.rotate(noise, N, N, 90);
    for (int r = 0; r < N; r++) {
      for (int c = 0; c < N; c++) {
        for (int ch = 0; ch < 3; ch++) {
          // counter-clockwise: the source's top row becomes the left column, its right column the top row
          assertThat(at(turned, N, r, c, ch)).isEqualTo(at(noise, N, c, N - 1 - r, ch));
        }
      }
    }
  }

  @Test
  void fifteenDegreesKeepsShapeAndReplicatesTheBorderIntoTheCorners() {
    int h = N;
    int w = N + 8;
    // a frame of one known colour around random content: every pixel a rotation pulls in from
    // outside the image must repeat the frame colour, never black
    byte[] framed = TestImages.noise(h, w, 5);
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        if (r == 0 || c == 0 || r == h - 1 || c == w - 1) {
          int i = (r * w + c) * 3;
          framed[i] = (byte) 200;
          framed[i + 1] = 100;
          framed[i + 2] = 50;
        }
      }
    }
    for (double degrees : new double[] {15, -15}) {
      byte[] rotated = RandomRotation.rotate(framed, h, w, degrees);
      assertThat(rotated).hasSameSizeAs(framed);
      for (int[] corner : new int[][] {{0, 0}, {0, w - 1}, {h - 1, 0}, {h - 1, w - 1}}) {
        int[] pixel = {at(rotated, w, corner[0], corner[1], 0), at(rotated, w, corner[0], corner[1], 1),
            at(rotated, w, corner[0], corner[1], 2)};
        assertThat(pixel).as("corner %d,%d at %s degrees", corner[0], corner[1], degrees).containsExactly(200, 100, 50);
      }
      assertThat(rotated).as("the content moved").isNotEqualTo(framed);
    }
  }

  @Test
  void matchesAnIndependentRotationOfASmoothImage() {
    int h = N;
    int w = N + 8;
    byte[] smooth = new byte[h * w * 3];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int i = (r * w + c) * 3;
        smooth[i] = (byte) (4 * c + 2 * r);
        smooth[i + 1] = (byte) (255 - 5 * r);
        smooth[i + 2] = (byte) (3 * c + 40);
      }
    }
    for (double degrees : new double[] {15, -15, 7.3, -2.5}) {
      byte[] expected = TestImages.rotate(smooth, h, w, degrees);
      // OpenCV quantises source positions to 1/32 pixel, worth at most ~0.3 levels here, plus rounding
      assertThat(TestImages.maxAbsDiff(RandomRotation.rotate(smooth, h, w, degrees), expected))
          .as("%s degrees", degrees).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void applyDrawsAnAngleInRangeFromTheGivenGeneratorAndLeavesTheInputAlone() {
    RandomRotation rotation = RandomRotation.ofDegrees(15);
    RandomGenerator random = new SplittableRandom(42);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int i = 0; i < 2000; i++) {
      double angle = rotation.drawAngle(random);
      min = Math.min(min, angle);
      max = Math.max(max, angle);
    }
    assertThat(min).isGreaterThanOrEqualTo(-15).isLessThan(-14.5);
    assertThat(max).isLessThan(15).isGreaterThan(14.5);

    byte[] noise = TestImages.noise(N, N, 6);
    byte[] copy = noise.clone();
    byte[] applied = rotation.apply(noise, N, N, new SplittableRandom(7));
    assertThat(noise).as("input untouched").isEqualTo(copy);
    double angle = rotation.drawAngle(new SplittableRandom(7));
    assertThat(applied).isEqualTo(RandomRotation.rotate(noise, N, N, angle));
    assertThat(rotation.apply(noise, N, N, new SplittableRandom(7))).as("same seed, same image").isEqualTo(applied);
    assertThat(rotation.apply(noise, N, N, new SplittableRandom(8))).as("other seed").isNotEqualTo(applied);
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> RandomRotation.ofDegrees(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDegrees");
    assertThatThrownBy(() -> RandomRotation.ofDegrees(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RandomRotation.ofDegrees(181)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RandomRotation.rotate(new byte[10], N, N, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 32 x 32 x 3");
  }
}
