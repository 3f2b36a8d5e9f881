package io.github.covidxray.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link GradCamOverlay}: the blend {@code 0.6·image + 0.4·JET(map)} where no text is drawn. */
class GradCamOverlayTest {

  @Test
  void blendsTheJetColourOfTheMapAtAlpha04() throws Exception {
    int w = 200;
    int h = 160;
    byte[] gray = new byte[w * h * 3];
    Arrays.fill(gray, (byte) 100);
    float[][] map = new float[h][w];
    for (int y = 60; y < 100; y++) {
      Arrays.fill(map[y], 120, 180, 1f);
    }
    GradCamResult result = new GradCamResult("x.png", "covid", "covid",
        Map.of("covid", 0.9, "normal", 0.1), map);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(
        GradCamOverlay.render(new RgbImage(w, h, gray), result)));
    assertThat(png.getWidth()).isEqualTo(w);
    assertThat(png.getHeight()).isEqualTo(h);
    // JET(0) is dark blue (RGB 0, 0, 128), JET(1) dark red (128, 0, 0): 0.6·100 + 0.4·128 = 111.2.
    assertRgb(png.getRGB(40, 80), 60, 60, 111);
    assertRgb(png.getRGB(150, 80), 111, 60, 60);
    assertThat(png.getRGB(5, 5)).isNotEqualTo(png.getRGB(5, 60)); // something is written at the top
  }

  @Test
  void anImageOfAnotherSizeIsRefused() {
    GradCamResult result = new GradCamResult("x.png", "covid", "covid", Map.of("covid", 1.0),
        new float[10][10]);
    assertThatThrownBy(() -> GradCamOverlay.render(new RgbImage(12, 10, new byte[360]), result))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.png")
        .hasMessageContaining("12x10").hasMessageContaining("10x10");
  }

  private static void assertRgb(int argb, int r, int g, int b) {
    assertThat((argb >> 16) & 0xFF).as("red").isBetween(r - 2, r + 2);
    assertThat((argb >> 8) & 0xFF).as("green").isBetween(g - 2, g + 2);
    assertThat(argb & 0xFF).as("blue").isBetween(b - 2, b + 2);
  }
}
