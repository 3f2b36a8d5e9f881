package io.github.covidxray.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  private static final List<String> NAMES = List.of("covid", "normal");

  @Test
  void rowsAreTrueClassesAndColumnsPredictedOnes() {
    // two covid predicted covid, one covid predicted normal, one normal predicted covid
    ConfusionMatrix matrix = ConfusionMatrix.of(NAMES, new int[] {0, 0, 0, 1, 1}, new int[] {0, 0, 1, 0, 1});

    assertThat(matrix.count(0, 0)).isEqualTo(2);
    assertThat(matrix.count(0, 1)).isEqualTo(1);
    assertThat(matrix.count("normal", "covid")).isEqualTo(1);
    assertThat(matrix.count("normal", "normal")).isEqualTo(1);
    assertThat(matrix.support(0)).isEqualTo(3);
    assertThat(matrix.predictedCount(0)).isEqualTo(3);
    assertThat(matrix.total()).isEqualTo(5);
    assertThat(matrix.correct()).isEqualTo(3);
    assertThat(matrix).hasToString("[[2 1]\n [1 1]]");
  }

  @Test
  void printsLikeNumpyWithOneWidthForAllEntries() {
    ConfusionMatrix matrix = ConfusionMatrix.ofCounts(List.of("a", "b", "c"),
        new long[][] {{100, 2, 3}, {3, 45, 1000}, {0, 0, 0}});

    // numpy: print(np.array([[100, 2, 3], [3, 45, 1000], [0, 0, 0]]))
    assertThat(matrix).hasToString("[[ 100    2    3]\n [   3   45 1000]\n [   0    0    0]]");
  }

  @Test
  void unknownClassNameListsTheKnownOnes() {
    ConfusionMatrix matrix = ConfusionMatrix.of(NAMES, new int[] {0, 1}, new int[] {0, 1});

    assertThatThrownBy(() -> matrix.count("COVID", "normal"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'COVID'")
        .hasMessageContaining("[covid, normal]");
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> ConfusionMatrix.of(NAMES, new int[] {0, 2}, new int[] {0, 1}))
        .hasMessageContaining("trueLabels[1] = 2");
    assertThatThrownBy(() -> ConfusionMatrix.of(NAMES, new int[] {0, 1}, new int[] {0}))
        .hasMessageContaining("2 samples").hasMessageContaining("has 1");
    assertThatThrownBy(() -> ConfusionMatrix.of(NAMES, new int[0], new int[0]))
        .hasMessageContaining("0 samples");
    assertThatThrownBy(() -> ConfusionMatrix.of(List.of("a", "a"), new int[] {0}, new int[] {0}))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> ConfusionMatrix.ofCounts(NAMES, new long[][] {{1, -1}, {0, 0}}))
        .hasMessageContaining("non-negative");
    assertThatThrownBy(() -> ConfusionMatrix.ofCounts(NAMES, new long[][] {{1, 0}}))
        .hasMessageContaining("1 rows, expected 2");
  }

  @Test
  void isImmutableAndComparesByValue() {
    long[][] counts = {{1, 2}, {3, 4}};
    ConfusionMatrix matrix = ConfusionMatrix.ofCounts(NAMES, counts);
    counts[0][0] = 99;
    matrix.toArray()[0][0] = 99;

    assertThat(matrix.count(0, 0)).isEqualTo(1);
    assertThat(matrix).isEqualTo(ConfusionMatrix.of(NAMES,
        new int[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, new int[] {0, 1, 1, 0, 0, 0, 1, 1, 1, 1}));
  }
}
