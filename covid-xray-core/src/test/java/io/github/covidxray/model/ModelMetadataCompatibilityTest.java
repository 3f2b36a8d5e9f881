package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.OperatingPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Models saved by earlier code keep loading: metadata files written by 0.1.0 (see
 * {@code fixtures/model/README.md}) are read into today's types and written back unchanged.
 */
class ModelMetadataCompatibilityTest {

  private static final Path FILE = Path.of("covid-xray-model.json");

  @Test
  void aThresholdSavedAsDecisionThresholdLoadsAsADecisionRuleWithItsOperatingPoint() throws IOException {
    String json = fixture("metadata-0.1.0-threshold-block4.json");

    ModelMetadata metadata = ModelMetadataJson.read(json, FILE);

    assertThat(metadata.decisionRule())
        .isEqualTo(DecisionRule.at("covid", new OperatingPoint(0.41, 0.9, 0.8, "Youden's J")));
    assertThat(metadata.config().fineTuning()).isEqualTo(FineTuning.fromBlock(4));
    assertThat(metadata.config().classes()).containsExactly("covid", "normal");
    assertThat(metadata.training()).contains(new TrainingSummary(25, 19, 0.125, 0.9375, 0.25, 0.875, 6.8e-4,
        Duration.ofSeconds(312, 450_000_001)));
    assertThat(withoutFingerprint(metadata.toJson())).as("written back byte for byte").isEqualTo(json);
  }

  @Test
  void aModelWithoutThresholdLoadsWithTheArgmax() throws IOException {
    String json = fixture("metadata-0.1.0-head-only.json");

    ModelMetadata metadata = ModelMetadataJson.read(json, FILE);

    assertThat(metadata.decisionRule()).isEqualTo(DecisionRule.argmax());
    assertThat(metadata.config().fineTuning()).as("trainable_from_block 6").isEqualTo(FineTuning.headOnly());
    assertThat(metadata.config().baseFrozen()).isTrue();
    assertThat(metadata.training()).isEmpty();
    assertThat(withoutFingerprint(metadata.toJson())).as("written back byte for byte").isEqualTo(json);
  }

  @Test
  void aThresholdGivenByHandIsSavedWithNullValidationFiguresAndReadBack() throws IOException {
    ModelMetadata old = ModelMetadataJson.read(fixture("metadata-0.1.0-head-only.json"), FILE);
    ModelMetadata handGiven = new ModelMetadata(1, old.config(), "1.0.0", Optional.empty(),
        DecisionRule.threshold("normal", 0.25), Precision.FP32);

    String json = handGiven.toJson();

    assertThat(json).contains("\"positive_class\" : \"normal\"", "\"threshold\" : 0.25",
        "\"criterion\" : \"fixed threshold\"", "\"validation_sensitivity\" : null",
        "\"validation_specificity\" : null");
    assertThat(ModelMetadataJson.read(json, FILE)).isEqualTo(handGiven);
  }

  @Test
  void halfAnOperatingPointIsAFormatError() throws IOException {
    String json = fixture("metadata-0.1.0-threshold-block4.json")
        .replace("\"validation_specificity\" : 0.8", "\"validation_specificity\" : null");

    assertThatThrownBy(() -> ModelMetadataJson.read(json, FILE))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("validation_sensitivity and validation_specificity must both be");
  }

  @Test
  void aThresholdOnAClassTheModelLacksIsAFormatError() throws IOException {
    String json = fixture("metadata-0.1.0-threshold-block4.json")
        .replace("\"positive_class\" : \"covid\"", "\"positive_class\" : \"pneumonia\"");

    assertThatThrownBy(() -> ModelMetadataJson.read(json, FILE))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("'pneumonia'").hasMessageContaining(List.of("covid", "normal").toString());
  }

  @Test
  void fineTuningIsSavedAsTheTrainableFromBlockNumberOldCodeWroteAndReadBack() throws IOException {
    ModelMetadata old = ModelMetadataJson.read(fixture("metadata-0.1.0-head-only.json"), FILE);
    ModelConfig c = old.config();
    int[] blockNumbers = {6, 1, 2, 3, 4, 5}; // what 0.1.0 wrote: 6 for head only, else the first block
    FineTuning[] fineTunings = {FineTuning.headOnly(), FineTuning.fromBlock(1), FineTuning.fromBlock(2),
        FineTuning.fromBlock(3), FineTuning.fromBlock(4), FineTuning.fromBlock(5)};
    for (int i = 0; i < fineTunings.length; i++) {
      ModelMetadata metadata = new ModelMetadata(1, new ModelConfig(c.inputSize(), c.classes(), c.headUnits(),
          c.headPoolSize(), c.dropout(), c.inputScaling(), fineTunings[i], c.seed(), c.weightsSource()),
          "1.0.0", Optional.empty(), DecisionRule.argmax(), Precision.FP32);

      String json = metadata.toJson();

      assertThat(json).as("%s", fineTunings[i]).contains("\"trainable_from_block\" : " + blockNumbers[i] + ",");
      assertThat(ModelMetadataJson.read(json, FILE)).isEqualTo(metadata);
    }
  }

  @Test
  void aTrainableFromBlockOutsideOneToSixIsAFormatError() throws IOException {
    for (String value : new String[] {"0", "7"}) {
      String json = fixture("metadata-0.1.0-head-only.json")
          .replace("\"trainable_from_block\" : 6", "\"trainable_from_block\" : " + value);

      assertThatThrownBy(() -> ModelMetadataJson.read(json, FILE))
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("trainable_from_block is " + value).hasMessageContaining("from 1 to 5");
    }
  }

  private static String fixture(String name) throws IOException {
    String path = "/fixtures/model/" + name;
    try (InputStream in = ModelMetadataCompatibilityTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The JSON without the lines that models written since carry and the fixtures predate: the
   * {@code classes_sha256} fingerprint (which must be that of the class list) and the precision.
   */
  private static String withoutFingerprint(String json) {
    String line = "  \"classes_sha256\" : \"" + ClassListFingerprint.of(java.util.List.of("covid", "normal")) + "\",\n";
    assertThat(json).contains(line);
    String precision = "  \"precision\" : \"fp32\",\n";   // recorded since bf16 exists; the fixtures ran in fp32
    assertThat(json).contains(precision);
    return json.replace(line, "").replace(precision, "");
  }
}
