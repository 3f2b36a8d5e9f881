package io.github.covidxray.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassWeightsTest {
  private static final List<String> CLASSES = List.of("covid", "normal");

  @Test
  void balancedMatchesScikitLearnFormula() {
    // sklearn compute_class_weight("balanced"): n_samples / (n_classes * bincount) = 40 / (2 * [10, 30])
    assertThat(ClassWeights.balanced().resolve(CLASSES, new int[] {10, 30}))
        .containsExactly(2.0, 40.0 / 60.0);
    assertThat(ClassWeights.balanced().isUniform()).isFalse();
  }

  @Test
  void explicitWeightsDefaultToOne() {
    assertThat(ClassWeights.of(Map.of("covid", 3.0)).resolve(CLASSES, new int[] {5, 5}))
        .containsExactly(3.0, 1.0);
    assertThat(ClassWeights.none().isUniform()).isTrue();
    assertThat(ClassWeights.of(Map.of("covid", 1.0)).isUniform()).isTrue();
  }

  @Test
  void unknownClassAndBadWeightsAreNamed() {
    assertThatThrownBy(() -> ClassWeights.of(Map.of("pneumonia", 2.0)).resolve(CLASSES, new int[] {1, 1}))
        .hasMessageContaining("pneumonia").hasMessageContaining("[covid, normal]");
    assertThatThrownBy(() -> ClassWeights.of(Map.of("covid", -1.0))).hasMessageContaining("covid");
    assertThatThrownBy(() -> ClassWeights.balanced().resolve(CLASSES, new int[] {0, 4}))
        .hasMessageContaining("covid");
  }
}
