package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The builder's defaults, validation and the head's pool rule. */
class VggTransferModelBuilderTest {

  @Test
  void defaultsAreTheTutorials() {
    try (VggTransferModel model = VggTransferModel.builder().inputSize(32).weights(VggWeights.none())
        .classes(List.of("covid", "normal")).build()) {
      ModelConfig c = model.config();
      assertThat(c.classes()).containsExactly("covid", "normal");
      assertThat(c.headUnits()).isEqualTo(64);
      assertThat(c.headPoolSize()).isEqualTo(4);
      assertThat(c.dropout()).isEqualTo(0.5);
      assertThat(c.inputScaling()).isEqualTo(InputScaling.UNIT);
      assertThat(c.fineTuning()).isEqualTo(FineTuning.headOnly());
      assertThat(c.baseFrozen()).isTrue();
      assertThat(c.seed()).isEqualTo(42);
      assertThat(c.weightsSource()).startsWith("none");
      assertThat(model.layerNames()).containsExactly(
          "block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2",
          "block3_conv1", "block3_conv2", "block3_conv3", "block4_conv1", "block4_conv2",
          "block4_conv3", "block5_conv1", "block5_conv2", "block5_conv3", "dense", "dense_1");
      assertThat(model.trainableLayerNames()).containsExactly("dense", "dense_1");
    }
  }

  @ParameterizedTest(name = "input {0}, pool {1}")
  @CsvSource({"32,4", "64,4", "128,4", "160,4", "224,4", "256,4", "224,1", "224,3"})
  void theHeadPoolIsCappedAtTheBaseOutputAndFollowsKerasValidPooling(int input, int pool) {
    ModelConfig c = new ModelConfig(input, List.of("a", "b"), 64, pool, 0.5, InputScaling.UNIT,
        FineTuning.headOnly(), 1, "test");
    int base = input / 32; // five 2x2 max-pools
    int used = Math.min(pool, base);
    int pooled = (base - used) / used + 1; // Keras VALID pooling output size
    assertThat(c.baseOutputSize()).isEqualTo(base);
    assertThat(c.effectiveHeadPoolSize()).isEqualTo(used);
    assertThat(c.headPooledSize()).isEqualTo(pooled);
    assertThat(c.headInputFeatures()).isEqualTo(pooled * pooled * 512);
    if (input == 224 && pool == 4) {
      assertThat(c.headInputFeatures()).as("the tutorial's Flatten output").isEqualTo(512);
    }
  }

  @Test
  void baseOutputShapeAndFeaturesFollowTheInputSize() {
    try (VggTransferModel model = TestData.small().inputSize(64).build()) {
      assertThat(model.baseOutputShape()).containsExactly(2, 2, 512);
      assertThat(model.baseFeatures(TestData.images(3, 64, 1), 3)).hasSize(3 * 2 * 2 * 512);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "inputSize 48|multiple of 32",
    "inputSize 16|at least 32",
    "one class|at least two classes",
    "duplicate classes|distinct",
    "blank class|blank",
    "headUnits 0|headUnits",
    "headPoolSize 0|headPoolSize",
    "dropout 1|dropout",
    "dropout NaN|dropout",
    "fineTuning fromBlock 0|VGG16 block from 1 to 5, got 0",
    "fineTuning fromBlock 6|VGG16 block from 1 to 5, got 6",
    "no classes|classes must be set"
  })
  void invalidSettingsAreRejectedByName(String setting, String message) {
    UnaryOperator<VggTransferModel.Builder> change = switch (setting) {
      case "inputSize 48" -> b -> b.inputSize(48);
      case "inputSize 16" -> b -> b.inputSize(16);
      case "one class" -> b -> b.classes(List.of("covid"));
      case "duplicate classes" -> b -> b.classes(List.of("covid", "covid"));
      case "blank class" -> b -> b.classes(List.of("covid", " "));
      case "headUnits 0" -> b -> b.headUnits(0);
      case "headPoolSize 0" -> b -> b.headPoolSize(0);
      case "dropout 1" -> b -> b.dropout(1.0);
      case "dropout NaN" -> b -> b.dropout(Double.NaN);
      case "fineTuning fromBlock 0" -> b -> b.fineTuning(FineTuning.fromBlock(0));
      case "fineTuning fromBlock 6" -> b -> b.fineTuning(FineTuning.fromBlock(6));
      case "no classes" -> b -> VggTransferModel.builder().inputSize(32).weights(VggWeights.none());
      default -> throw new IllegalArgumentException(setting);
    };
    assertThatThrownBy(() -> change.apply(TestData.small()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void adamSettingsAreValidatedAndDefaultToKeras() {
    assertThat(AdamSettings.keras()).isEqualTo(new AdamSettings(0.9, 0.999, 1e-7));
    assertThatThrownBy(() -> new AdamSettings(1.0, 0.999, 1e-7)).hasMessageContaining("beta1");
    assertThatThrownBy(() -> new AdamSettings(0.9, -0.1, 1e-7)).hasMessageContaining("beta2");
    assertThatThrownBy(() -> new AdamSettings(0.9, 0.999, 0)).hasMessageContaining("epsilon");
  }

  @Test
  void aConfigRebuildsTheSameModel() {
    try (VggTransferModel a = TestData.small().headUnits(8).dropout(0.25).fineTuning(FineTuning.fromBlock(4)).seed(99)
            .inputScaling(InputScaling.CAFFE).build();
        VggTransferModel b = VggTransferModel.builder().config(a.config()).weights(VggWeights.none())
            .build()) {
      assertThat(b.config()).isEqualTo(a.config());
      assertThat(b.snapshot()).isEqualTo(a.snapshot());
    }
  }

  @Test
  void graphNamesAreStableForPersistence() {
    try (VggTransferModel model = TestData.small().build()) {
      model.compile(AdamSettings.keras());
      for (String layer : model.layerNames()) {
        assertThat(model.graph().operation(layer + "/kernel").type()).isEqualTo("VariableV2");
        assertThat(model.graph().operation(layer + "/bias").type()).isEqualTo("VariableV2");
      }
      assertThat(model.graph().operation("images").type()).isEqualTo("Placeholder");
      assertThat(model.graph().operation("probabilities").type()).isEqualTo("Softmax");
      assertThat(model.graph().operation("base_output")).isNotNull();
      assertThat(model.graph().operation("adam/dense/kernel/m").type()).isEqualTo("VariableV2");
      assertThat(model.graph().operation("adam/iterations").type()).isEqualTo("VariableV2");
      assertThat(model.graph().operation("adam/block1_conv1/kernel/m"))
          .as("no optimizer state for frozen layers").isNull();
    }
  }
}
