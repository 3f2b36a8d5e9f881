package io.github.covidxray.explain;

/**
 * When a heat map is listed as a "possible shortcut": its share in the outer band reaches
 * {@code bandThreshold}, or one top corner's share reaches {@code cornerThreshold}. A heuristic for
 * what to look at, not a finding: a flat map already puts 0.51 of its mass in a 15% band and is listed
 * at the default 0.5 (a map that does not single out the lungs deserves a look too), and lungs reach
 * the band on tightly cropped films.
 *
 * @param bandFraction depth of the outer band as a fraction of each side, in (0, 0.5)
 * @param bandThreshold outer-band share from which a map is listed, in (0, 1]
 * @param cornerThreshold top-corner share from which a map is listed, in (0, 1]
 */
public record AttentionRule(double bandFraction, double bandThreshold, double cornerThreshold) {

  /** Default band threshold: half the map's mass at the edges. */
  public static final double DEFAULT_BAND_THRESHOLD = 0.5;

  /**
   * Default corner threshold: 0.1, over four times the 0.0225 a flat map puts in a 15% corner square,
   * where burned-in labels and markers sit.
   */
  public static final double DEFAULT_CORNER_THRESHOLD = 0.1;

  /** Checks the ranges. */
  public AttentionRule {
    if (!(bandFraction > 0 && bandFraction < 0.5)) {
      throw new IllegalArgumentException("bandFraction must be in (0, 0.5), got " + bandFraction);
    }
    if (!(bandThreshold > 0 && bandThreshold <= 1)) {
      throw new IllegalArgumentException("bandThreshold must be in (0, 1], got " + bandThreshold);
    }
    if (!(cornerThreshold > 0 && cornerThreshold <= 1)) {
      throw new IllegalArgumentException("cornerThreshold must be in (0, 1], got " + cornerThreshold);
    }
  }

  /** The defaults: a 15% band, 0.5 and 0.1. */
  public static AttentionRule defaults() {
    return new AttentionRule(AttentionShares.DEFAULT_BAND_FRACTION, DEFAULT_BAND_THRESHOLD,
        DEFAULT_CORNER_THRESHOLD);
  }

  /** Measures a map with this rule's band. */
  public AttentionShares measure(float[][] map) {
    return AttentionShares.of(map, bandFraction);
  }

  /** Whether shares measured with this rule's band are listed as a possible shortcut. */
  public boolean flags(AttentionShares shares) {
    return shares.outerBand() >= bandThreshold || shares.topCorners() >= cornerThreshold;
  }
}
