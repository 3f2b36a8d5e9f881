package io.github.covidxray.explain;

import java.util.Objects;

/**
 * Where a heat map's mass lies: the share in the image's outer band (a frame {@code bandFraction} of
 * the height deep at the top and bottom and of the width at the sides) and in the top-left and
 * top-right corner squares (the band's corners). On a chest film the lungs lie inside the band, while
 * burned-in text, markers and scanner labels sit at the edges and in the top corners, so a map that
 * lives there hints at a shortcut. It is a heuristic: a uniform map already puts
 * {@code 1 − (1 − 2·bandFraction)²} of its mass in the band (0.51 at 15%), and lungs or pathology can
 * reach the band on a tightly cropped image.
 *
 * @param outerBand share of the mass in the outer band, in [0, 1]
 * @param topLeft share in the top-left corner square
 * @param topRight share in the top-right corner square
 */
public record AttentionShares(double outerBand, double topLeft, double topRight) {

  /** The default depth of the band, as a fraction of each side: 15%. */
  public static final double DEFAULT_BAND_FRACTION = 0.15;

  /** Checks that every share is in [0, 1]. */
  public AttentionShares {
    check("outerBand", outerBand);
    check("topLeft", topLeft);
    check("topRight", topRight);
  }

  /**
   * Measures a map. A map with no mass (all zeros) has every share 0.
   *
   * @param map rows × columns of non-negative values
   * @param bandFraction the band's depth as a fraction of each side, in (0, 0.5)
   * @return the shares
   */
  public static AttentionShares of(float[][] map, double bandFraction) {
    Objects.requireNonNull(map, "map");
    if (!(bandFraction > 0 && bandFraction < 0.5)) {
      throw new IllegalArgumentException("bandFraction must be in (0, 0.5), got " + bandFraction);
    }
    int h = map.length;
    int w = map[0].length;
    int by = Math.max(1, (int) Math.round(bandFraction * h));
    int bx = Math.max(1, (int) Math.round(bandFraction * w));
    double total = 0;
    double band = 0;
    double left = 0;
    double right = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = Math.max(0, map[y][x]);
        total += v;
        if (y < by || y >= h - by || x < bx || x >= w - bx) {
          band += v;
        }
        if (y < by && x < bx) {
          left += v;
        }
        if (y < by && x >= w - bx) {
          right += v;
        }
      }
    }
    if (total == 0) {
      return new AttentionShares(0, 0, 0);
    }
    return new AttentionShares(clamp(band / total), clamp(left / total), clamp(right / total));
  }

  /** The larger of the two top corners' shares. */
  public double topCorners() {
    return Math.max(topLeft, topRight);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static void check(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }
}
