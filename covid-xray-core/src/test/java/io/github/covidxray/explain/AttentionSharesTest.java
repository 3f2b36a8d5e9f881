package io.github.covidxray.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** {@link AttentionShares} and {@link AttentionRule} on maps whose shares are known by construction. */
class AttentionSharesTest {

  @Test
  void aFlatMapPutsTheBandsAreaFractionInTheBand() {
    float[][] flat = new float[100][100];
    for (float[] row : flat) {
      java.util.Arrays.fill(row, 0.3f);
    }
    AttentionShares shares = AttentionShares.of(flat, 0.15);
    assertThat(shares.outerBand()).isCloseTo(1 - 0.7 * 0.7, offset(1e-9));
    assertThat(shares.topLeft()).isCloseTo(0.15 * 0.15, offset(1e-9));
    assertThat(shares.topRight()).isCloseTo(0.15 * 0.15, offset(1e-9));
    assertThat(AttentionRule.defaults().flags(shares)).isTrue(); // 0.51 >= 0.5: flat maps are listed
  }

  @Test
  void aBlobInTheTopRightCornerIsAllThere() {
    float[][] map = new float[40][60];
    map[2][57] = 1f; // band is 6 rows and 9 columns deep
    map[3][58] = 0.5f;
    AttentionShares shares = AttentionShares.of(map, 0.15);
    assertThat(shares).isEqualTo(new AttentionShares(1, 0, 1));
    float[][] centre = new float[40][60];
    centre[20][30] = 1f;
    centre[6][9] = 1f; // first row and column inside the band
    assertThat(AttentionShares.of(centre, 0.15)).isEqualTo(new AttentionShares(0, 0, 0));
    assertThat(AttentionRule.defaults().flags(AttentionShares.of(centre, 0.15))).isFalse();
  }
}
