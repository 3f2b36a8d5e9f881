package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.covidxray.data.Batch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training support: freezing, Adam against a hand-computed reference, loss, dropout, seeding. */
class VggTransferModelTrainingTest {

  /** The block number this test gives the head's layers: after VGG16's five blocks. */
  private static final int HEAD = 6;

  @ParameterizedTest(name = "trainable from block {0} (6: head only)")
  @ValueSource(ints = {HEAD, 5, 3})
  void onlyTheTrainableLayersChangeAndTheFrozenOnesStayBitIdentical(int trainableFrom) {
    FineTuning fineTuning = trainableFrom == HEAD ? FineTuning.headOnly() : FineTuning.fromBlock(trainableFrom);
    try (VggTransferModel model = TestData.small().fineTuning(fineTuning).build()) {
      model.restore(TestData.heUniform(model.snapshot(), 3));
      model.compile(AdamSettings.keras());
      WeightSnapshot before = model.snapshot();
      Batch batch = TestData.batch(4, 32, 2, 5, null);

      model.trainStep(batch, 1e-3f);
      model.trainStep(batch, 1e-3f);
      WeightSnapshot after = model.snapshot();

      List<String> expectedTrainable = before.layers().keySet().stream()
          .filter(name -> block(name) >= trainableFrom).toList();
      assertThat(model.trainableLayerNames()).containsExactlyElementsOf(expectedTrainable);
      for (String layer : before.layers().keySet()) {
        LayerWeights b = before.layer(layer);
        LayerWeights a = after.layer(layer);
        if (expectedTrainable.contains(layer)) {
          assertThat(Arrays.equals(b.kernel(), a.kernel())).as(layer + " kernel must change").isFalse();
          assertThat(Arrays.equals(b.bias(), a.bias())).as(layer + " bias must change").isFalse();
        } else {
          assertThat(a).as(layer + " must stay bit-identical").isEqualTo(b);
        }
      }
      assertThat(model.iterations()).isEqualTo(2);
    }
  }

  @Test
  void adamStepsMatchAHandComputedKerasReference() {
    AdamSettings adam = AdamSettings.keras();
    try (VggTransferModel model = TestData.small().dropout(0).build()) {
      model.restore(TestData.heUniform(model.snapshot(), 21));
      model.compile(adam);
      float[] sampleWeights = {1f, 2f, 0.5f, 1f};
      Batch batch = TestData.batch(4, 32, 2, 22, sampleWeights);
      // The base is frozen and its 1×1×512 output is the head's input at 32 pixels (pool 1).
      double[] features = HeadTrainingReference.toDouble(model.baseFeatures(batch.images(), 4));
      HeadTrainingReference reference =
          new HeadTrainingReference(model.layerWeights("dense"), model.layerWeights("dense_1"), adam);

      double expectedLoss = reference.loss(features, 4, batch.labels(), sampleWeights);
      StepResult evaluated = model.evaluate(batch);
      StepResult first = model.trainStep(batch, 0.01f);
      reference.step(features, 4, batch.labels(), sampleWeights, 0.01f);
      StepResult second = model.trainStep(batch, 0.005f);
      double expectedSecondLoss = reference.loss(features, 4, batch.labels(), sampleWeights);
      reference.step(features, 4, batch.labels(), sampleWeights, 0.005f);

      System.out.printf("loss: graph %.8f reference %.8f; after one step graph %.8f reference %.8f%n",
          first.loss(), expectedLoss, second.loss(), expectedSecondLoss);
      assertThat((double) evaluated.loss()).isCloseTo(expectedLoss, offset(1e-5));
      // Same forward pass; TensorFlow may fuse the two fetch sets differently (an ulp or so).
      assertThat(first.loss()).as("a step reports the loss before its update")
          .isCloseTo(evaluated.loss(), offset(1e-6f));
      assertThat((double) second.loss()).isCloseTo(expectedSecondLoss, offset(1e-5));
      assertThat(second.loss()).isNotEqualTo(first.loss());

      LayerWeights dense = model.layerWeights("dense");
      LayerWeights dense1 = model.layerWeights("dense_1");
      double diff = Math.max(
          Math.max(HeadTrainingReference.maxAbsDiff(reference.w1, dense.kernel()),
              HeadTrainingReference.maxAbsDiff(reference.b1, dense.bias())),
          Math.max(HeadTrainingReference.maxAbsDiff(reference.w2, dense1.kernel()),
              HeadTrainingReference.maxAbsDiff(reference.b2, dense1.bias())));
      System.out.printf("Adam, two steps (lr 0.01 then 0.005): head weights max abs diff %.3g%n", diff);
      // Each step moves a weight by up to ~lr; the graph must agree far below that.
      assertThat(diff).isLessThan(1e-5);
    }
  }

  @Test
  void lossIsWeightedBySampleWeightsAndAccuracyIsArgmax() {
    try (VggTransferModel model = TestData.small().build()) {
      model.restore(TestData.heUniform(model.snapshot(), 31));
      model.compile(AdamSettings.keras());
      Batch plain = TestData.batch(4, 32, 2, 32, null);
      float[] weights = {0f, 1f, 2f, 1f};
      Batch weighted = new Batch(plain.images(), plain.labels(), weights, 4, 32, 32, 2);
      float[][] p = model.predict(plain.images(), 4);

      double[] perSample = new double[4];
      int correct = 0;
      for (int i = 0; i < 4; i++) {
        for (int c = 0; c < 2; c++) {
          double y = plain.labels()[i * 2 + c];
          double q = Math.max(Math.min(p[i][c], 1f - 1e-7f), 1e-7f);
          perSample[i] += -(y * Math.log(q + 1e-7f) + (1 - y) * Math.log(1 - q + 1e-7f)) / 2;
        }
        int predicted = p[i][0] >= p[i][1] ? 0 : 1;
        correct += plain.labels()[i * 2 + predicted] == 1f ? 1 : 0;
      }
      double unweighted = Arrays.stream(perSample).sum() / 4;
      double weightedLoss = 0;
      for (int i = 0; i < 4; i++) {
        weightedLoss += weights[i] * perSample[i];
      }
      weightedLoss /= 4; // Keras's sum_over_batch_size divides by the batch size, not by Σw

      StepResult a = model.evaluate(plain);
      StepResult b = model.evaluate(weighted);
      assertThat((double) a.loss()).isCloseTo(unweighted, offset(1e-6));
      assertThat((double) b.loss()).isCloseTo(weightedLoss, offset(1e-6));
      assertThat(a.accuracy()).isEqualTo(correct / 4f);
      assertThat(b.accuracy()).as("accuracy is not weighted").isEqualTo(a.accuracy());
    }
  }

  @Test
  void dropoutIsActiveInTrainingStepsOnly() {
    try (VggTransferModel model = TestData.small().dropout(0.5).build()) {
      model.restore(TestData.heUniform(model.snapshot(), 41));
      model.compile(AdamSettings.keras());
      Batch batch = TestData.batch(4, 32, 2, 42, null);
      WeightSnapshot before = model.snapshot();

      float[][] p1 = model.predict(batch.images(), 4);
      float[][] p2 = model.predict(batch.images(), 4);
      StepResult e1 = model.evaluate(batch);
      StepResult e2 = model.evaluate(batch);
      // Learning rate 0: Adam moves nothing, so only the dropout masks differ between these.
      StepResult t1 = model.trainStep(batch, 0f);
      StepResult t2 = model.trainStep(batch, 0f);
      StepResult e3 = model.evaluate(batch);

      assertThat(p2).isDeepEqualTo(p1);
      assertThat(e2).isEqualTo(e1);
      assertThat(e3).as("lr 0 leaves the weights as they were").isEqualTo(e1);
      assertThat(model.snapshot()).isEqualTo(before);
      assertThat(t1.loss()).isNotEqualTo(e1.loss());
      assertThat(t2.loss()).isNotEqualTo(t1.loss());
    }
  }

  @Test
  void probabilitiesAreRowsSummingToOne() {
    try (VggTransferModel model = TestData.small().classes(List.of("a", "b", "c")).build()) {
      model.restore(TestData.heUniform(model.snapshot(), 51));
      float[][] p = model.predict(TestData.images(3, 32, 52), 3);
      assertThat(p.length).isEqualTo(3);
      for (float[] row : p) {
        assertThat(row).hasSize(3);
        double sum = 0;
        for (float v : row) {
          assertThat(v).isBetween(0f, 1f);
          sum += v;
        }
        assertThat(sum).isCloseTo(1.0, offset(1e-6));
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndTheSameTraining() {
    Batch batch = TestData.batch(4, 32, 2, 61, null);
    try (VggTransferModel a = TestData.small().seed(5).build();
        VggTransferModel b = TestData.small().seed(5).build();
        VggTransferModel c = TestData.small().seed(6).build()) {
      assertThat(a.snapshot()).isEqualTo(b.snapshot());
      assertThat(c.layerWeights("block1_conv1")).isNotEqualTo(a.layerWeights("block1_conv1"));
      assertThat(c.layerWeights("dense")).isNotEqualTo(a.layerWeights("dense"));
      a.compile(AdamSettings.keras());
      b.compile(AdamSettings.keras());
      for (int step = 0; step < 3; step++) {
        assertThat(b.trainStep(batch, 1e-3f)).isEqualTo(a.trainStep(batch, 1e-3f));
      }
      assertThat(a.layerWeights("dense")).isEqualTo(b.layerWeights("dense"));
    }
  }

  @Test
  void glorotUniformInitialisationFollowsKerasLimitsWithZeroBiases() {
    try (VggTransferModel model = TestData.small().build()) {
      for (LayerWeights w : model.weights().values()) {
        int[] s = w.kernelShape();
        double fanIn = s.length == 4 ? s[0] * s[1] * s[2] : s[0];
        double fanOut = s.length == 4 ? s[0] * s[1] * s[3] : s[1];
        double limit = Math.sqrt(6 / (fanIn + fanOut));
        double max = 0;
        double sumSquares = 0;
        for (float v : w.kernel()) {
          max = Math.max(max, Math.abs(v));
          sumSquares += v * (double) v;
        }
        assertThat(max).as(w.layer()).isLessThanOrEqualTo(limit).isGreaterThan(0.95 * limit);
        // uniform(-limit, limit) has variance limit² / 3
        assertThat(sumSquares / w.kernel().length).as(w.layer())
            .isCloseTo(limit * limit / 3, withinPercentage(15));
        assertThat(w.bias()).as(w.layer()).containsOnly(0f);
      }
    }
  }

  @Test
  void trainingNeedsCompileAndMatchingBatches() {
    try (VggTransferModel model = TestData.small().build()) {
      Batch batch = TestData.batch(2, 32, 2, 71, null);
      assertThatThrownBy(() -> model.trainStep(batch, 1e-3f))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("compile");
      model.compile(AdamSettings.keras());
      model.compile(AdamSettings.keras()); // same settings: no-op
      assertThatThrownBy(() -> model.compile(new AdamSettings(0.8, 0.999, 1e-7)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already compiled");
      assertThatThrownBy(() -> model.trainStep(TestData.batch(2, 64, 2, 72, null), 1e-3f))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64x64");
      assertThatThrownBy(() -> model.evaluate(TestData.batch(2, 32, 3, 73, null)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 classes");
      assertThatThrownBy(() -> model.trainStep(batch, Float.NaN))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
      assertThatThrownBy(() -> model.predict(new float[10], 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 3072");
    }
  }

  @Test
  void aClosedModelRefusesWork() {
    VggTransferModel model = TestData.small().build();
    model.close();
    model.close();
    assertThatThrownBy(() -> model.predict(TestData.images(1, 32, 1), 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  private static int block(String layer) {
    return layer.startsWith("block") ? layer.charAt(5) - '0' : HEAD;
  }
}
