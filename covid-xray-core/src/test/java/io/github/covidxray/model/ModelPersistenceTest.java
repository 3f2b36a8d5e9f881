package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.data.Batch;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.metrics.OperatingPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** save → load, the SavedModel as TensorFlow sees it, the metadata file, atomic replacement, errors. */
class ModelPersistenceTest {

  private static final int SIZE = 32;

  @TempDir Path dir;

  /** A small model with He-uniform weights, so that its probabilities are far from 0 and 1. */
  private static VggTransferModel model(long seed, Consumer<VggTransferModel.Builder> settings) {
    VggTransferModel.Builder builder = TestData.small();
    settings.accept(builder);
    VggTransferModel model = builder.build();
    model.restore(TestData.heUniform(model.snapshot(), seed));
    return model;
  }

  private static VggTransferModel model(long seed) {
    return model(seed, b -> { });
  }

  @Test
  void loadedModelGivesBitIdenticalProbabilitiesWeightsAndConfiguration() throws IOException {
    float[] images = TestData.images(3, SIZE, 101);
    Path saved = dir.resolve("model");
    float[][] before;
    WeightSnapshot weights;
    ModelConfig config;
    try (VggTransferModel model = model(1, b -> b.inputScaling(InputScaling.CAFFE).dropout(0.25)
        .headUnits(16).fineTuning(FineTuning.fromBlock(5)).seed(99))) {
      model.restore(TestData.heUniform(model.snapshot(), 1, 0.01)); // CAFFE: keep the head unsaturated
      before = model.predict(images, 3);
      weights = model.snapshot();
      config = model.config();
      model.save(saved);
    }
    try (VggTransferModel loaded = VggTransferModel.load(saved)) {
      assertThat(loaded.config()).isEqualTo(config);
      assertThat(loaded.snapshot()).isEqualTo(weights);
      float[][] after = loaded.predict(images, 3);
      assertThat(after).isDeepEqualTo(before);
      assertThat(before[0][0]).as("probabilities are not saturated").isBetween(0.01f, 0.99f);
    }
    assertThat(listing(dir)).as("no temporary siblings").containsExactly("model");
    assertThat(tree(saved)).containsExactly("covid-xray-model.json", "saved_model.pb", "variables/",
        "variables/variables.data-00000-of-00001", "variables/variables.index");
  }

  @Test
  void loadedModelTrainsExactlyLikeTheOriginal() throws IOException {
    Batch batch = TestData.batch(4, SIZE, 2, 7, null);
    Path saved = dir.resolve("model");
    try (VggTransferModel original = model(2)) {
      WeightSnapshot initial = original.snapshot();
      original.save(saved);
      try (VggTransferModel loaded = VggTransferModel.load(saved)) {
        original.compile(AdamSettings.keras());
        loaded.compile(AdamSettings.keras());
        for (int step = 0; step < 2; step++) {
          StepResult a = original.trainStep(batch, 1e-3f);
          StepResult b = loaded.trainStep(batch, 1e-3f);
          assertThat(b).isEqualTo(a);
        }
        WeightSnapshot trained = loaded.snapshot();
        assertThat(trained).isEqualTo(original.snapshot());
        assertThat(trained.layer("dense_1")).as("the head trained")
            .isNotEqualTo(initial.layer("dense_1"));
      }
    }
  }

  @Test
  void savedModelIsAStandardSavedModelWhoseServingSignatureGivesTheModelsProbabilities()
      throws IOException {
    int count = 4;
    float[] images = TestData.images(count, SIZE, 202);
    Path saved = dir.resolve("model");
    float[][] expected;
    try (VggTransferModel model = model(3)) {
      expected = model.predict(images, count);
      model.save(saved);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(saved.toString(), "serve")) {
      Signature signature = bundle.function("serving_default").signature();
      assertThat(signature.methodName()).isEqualTo("tensorflow/serving/predict");
      assertThat(signature.inputNames()).containsExactly("images");
      assertThat(signature.getInputs().get("images").shape.asArray()).containsExactly(-1, SIZE, SIZE, 3);
      assertThat(signature.getInputs().get("images").dataType).isEqualTo(DataType.DT_FLOAT);
      assertThat(signature.outputNames()).containsExactlyInAnyOrder("probabilities", "predicted_class");
      assertThat(signature.getOutputs().get("probabilities").shape.asArray()).containsExactly(-1, 2);
      assertThat(signature.getOutputs().get("predicted_class").shape.asArray()).containsExactly(-1);
      assertThat(signature.getOutputs().get("predicted_class").dataType).isEqualTo(DataType.DT_INT64);

      float[][] served = new float[count][2];
      long[] classes = new long[count];
      try (TFloat32 input = TFloat32.tensorOf(Shape.of(count, SIZE, SIZE, 3), DataBuffers.of(images));
          Result result = bundle.function("serving_default").call(Map.of("images", input))) {
        TFloat32 probabilities = (TFloat32) result.get("probabilities").orElseThrow();
        TInt64 predicted = (TInt64) result.get("predicted_class").orElseThrow();
        assertThat(probabilities.shape().asArray()).containsExactly(count, 2);
        for (int i = 0; i < count; i++) {
          for (int c = 0; c < 2; c++) {
            served[i][c] = probabilities.getFloat(i, c);
          }
          classes[i] = predicted.getLong(i);
        }
      }
      if (BaseLayout.preferred(Precision.FP32) == BaseLayout.NHWC) {
        assertThat(served).isDeepEqualTo(expected);
      } else {
        // the SavedModel is NHWC throughout, the model runs blocks 4 and 5 channels-first: the same
        // arithmetic summed in another order
        for (int i = 0; i < count; i++) {
          for (int c = 0; c < 2; c++) {
            assertThat(served[i][c]).as("image %d class %d", i, c)
                .isCloseTo(expected[i][c], org.assertj.core.data.Offset.offset(1e-6f));
          }
        }
      }
      for (int i = 0; i < count; i++) {
        assertThat(classes[i]).as("argmax of image %d", i).isEqualTo(expected[i][0] >= expected[i][1] ? 0 : 1);
      }
    }
  }

  @Test
  void theStoredThresholdDecidesTheSavedModelsPredictedClass() throws IOException {
    // Three classes, so that "otherwise the most probable other class" is a real choice.
    List<String> classes = List.of("covid", "normal", "pneumonia");
    int count = 8;
    float[] images = TestData.images(count, SIZE, 303);
    Path saved = dir.resolve("model");
    DecisionRule threshold = null;
    int[] expected = new int[count];
    try (VggTransferModel model = model(4, b -> b.classes(classes))) {
      float[][] probabilities = model.predict(images, count);
      // Thresholds at the images' own p(covid) values split them both ways; keep the first that
      // changes some argmax prediction (at most one split coincides with the argmax's).
      double[] pCovid = Arrays.stream(probabilities).mapToDouble(p -> p[0]).sorted().toArray();
      for (int k = 1; k < count && threshold == null; k++) {
        DecisionRule candidate = DecisionRule.at("covid", new OperatingPoint(pCovid[k], 0.9, 0.6, "test"));
        int differences = 0;
        for (int i = 0; i < count; i++) {
          double[] p = toDouble(probabilities[i]);
          expected[i] = candidate.predict(p, classes);
          differences += expected[i] != DecisionRule.argmax().predict(p, classes) ? 1 : 0;
        }
        if (differences > 0) {
          threshold = candidate;
        }
      }
      assertThat(threshold).as("some threshold changes a prediction").isNotNull();
      assertThat(expected).as("both branches of the rule are used").contains(0).containsAnyOf(1, 2);
      model.setDecisionRule(threshold);
      model.save(saved);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(saved.toString(), "serve");
        TFloat32 input = TFloat32.tensorOf(Shape.of(count, SIZE, SIZE, 3), DataBuffers.of(images));
        Result result = bundle.function("serving_default").call(Map.of("images", input))) {
      TInt64 predicted = (TInt64) result.get("predicted_class").orElseThrow();
      for (int i = 0; i < count; i++) {
        assertThat(predicted.getLong(i)).as("image %d", i).isEqualTo(expected[i]);
      }
    }
    try (VggTransferModel loaded = VggTransferModel.load(saved)) {
      assertThat(loaded.decisionRule()).isEqualTo(threshold);
    }
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every path under {@code root}, relative, directories with a trailing slash, sorted. */
  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : ""))
          .sorted().toList();
    }
  }
}
