package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FineTuningTest {

  @Test
  void headOnlyTrainsNoBlockOfTheBase() {
    FineTuning headOnly = FineTuning.headOnly();

    assertThat(IntStream.rangeClosed(1, 5).filter(headOnly::trainsBlock)).isEmpty();
    assertThat(headOnly.describe()).isEqualTo("head only (VGG16 base frozen)");
    assertThat(headOnly).isEqualTo(new FineTuning.HeadOnly());
  }

  @Test
  void fromABlockTrainsThatBlockAndTheLaterOnes() {
    assertThat(IntStream.rangeClosed(1, 5).filter(FineTuning.fromBlock(3)::trainsBlock)).containsExactly(3, 4, 5);
    assertThat(IntStream.rangeClosed(1, 5).filter(FineTuning.fromBlock(1)::trainsBlock)).containsExactly(1, 2, 3, 4, 5);
    assertThat(IntStream.rangeClosed(1, 5).filter(FineTuning.fromBlock(5)::trainsBlock)).containsExactly(5);
    assertThat(FineTuning.fromBlock(3).describe()).isEqualTo("VGG16 blocks 3-5 and the head");
    assertThat(FineTuning.fromBlock(5).describe()).isEqualTo("VGG16 block 5 and the head");
    assertThat(FineTuning.fromBlock(4)).isEqualTo(new FineTuning.FromBlock(4)).isNotEqualTo(FineTuning.fromBlock(5));
  }

  @ParameterizedTest(name = "fromBlock({0})")
  @ValueSource(ints = {0, 6, -1, Integer.MAX_VALUE})
  void aBlockOutsideOneToFiveIsRefusedNamingTheValueAndTheRange(int block) {
    assertThatThrownBy(() -> FineTuning.fromBlock(block))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 1 to 5").hasMessageContaining("got " + block);
  }
}
