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
    assertThat(metadata.config().trainableFromBlock()).isEqualTo(4);
    assertThat(metadata.config().classes()).containsExactly("covid", "normal");
    assertThat(metadata.training()).contains(new TrainingSummary(25, 19, 0.125, 0.9375, 0.25, 0.875, 6.8e-4,
        Duration.ofSeconds(312, 450_000_001)));
    assertThat(metadata.toJson()).as("written back byte for byte").isEqualTo(json);
  }

  @Test
  void aModelWithoutThresholdLoadsWithTheArgmax() throws IOException {
    String json = fixture("metadata-0.1.0-head-only.json");

    ModelMetadata metadata = ModelMetadataJson.read(json, FILE);

    assertThat(metadata.decisionRule()).isEqualTo(DecisionRule.argmax());
    assertThat(metadata.config().baseFrozen()).isTrue();
    assertThat(metadata.training()).isEmpty();
    assertThat(metadata.toJson()).as("written back byte for byte").isEqualTo(json);
  }

  @Test
  void aThresholdGivenByHandIsSavedWithNullValidationFiguresAndReadBack() throws IOException {
    ModelMetadata old = ModelMetadataJson.read(fixture("metadata-0.1.0-head-only.json"), FILE);
    ModelMetadata handGiven = new ModelMetadata(1, old.config(), "1.0.0", Optional.empty(),
        DecisionRule.threshold("normal", 0.25));

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

  private static String fixture(String name) throws IOException {
    String path = "/fixtures/model/" + name;
    try (InputStream in = ModelMetadataCompatibilityTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
