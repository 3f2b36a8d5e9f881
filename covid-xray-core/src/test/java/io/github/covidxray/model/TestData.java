package io.github.covidxray.model;

import io.github.covidxray.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random weights, images and batches for tests, all from explicit seeds. */
final class TestData {

  static final List<String> CLASSES = List.of("covid", "normal");

  private TestData() {}

  /**
   * Weights shaped like {@code shapes} but drawn He-uniform (±sqrt(6 / fanIn)) with small random
   * biases, so activations keep their scale through 13 ReLU layers and no layer is dead.
   */
  static WeightSnapshot heUniform(WeightSnapshot shapes, long seed) {
    return heUniform(shapes, seed, 1.0);
  }

  /**
   * As {@link #heUniform(WeightSnapshot, long)}, with the head's hidden kernel scaled by
   * {@code headScale} (to keep the logits, and so the probabilities, away from saturation when the
   * base's outputs are large).
   */
  static WeightSnapshot heUniform(WeightSnapshot shapes, long seed, double headScale) {
    SplittableRandom random = new SplittableRandom(seed);
    List<LayerWeights> layers = new ArrayList<>();
    for (LayerWeights w : shapes.layers().values()) {
      int[] shape = w.kernelShape();
      int fanIn = 1;
      for (int i = 0; i < shape.length - 1; i++) {
        fanIn *= shape[i];
      }
      double limit = Math.sqrt(6.0 / fanIn) * (w.layer().equals("dense") ? headScale : 1.0);
      float[] kernel = new float[w.kernel().length];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
      }
      float[] bias = new float[w.bias().length];
      for (int i = 0; i < bias.length; i++) {
        bias[i] = (float) ((random.nextDouble() * 2 - 1) * 0.05);
      }
      layers.add(new LayerWeights(w.layer(), shape, kernel, bias));
    }
    return WeightSnapshot.of(layers);
  }

  /** {@code count} random RGB images of side {@code size}, values uniform in [0, 1). */
  static float[] images(int count, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] images = new float[count * size * size * 3];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    return images;
  }

  /** A batch of random images with alternating one-hot labels (class i % numClasses). */
  static Batch batch(int count, int size, int numClasses, long seed, float[] sampleWeights) {
    float[] labels = new float[count * numClasses];
    for (int i = 0; i < count; i++) {
      labels[i * numClasses + i % numClasses] = 1f;
    }
    return new Batch(images(count, size, seed), labels, sampleWeights, count, size, size, numClasses);
  }

  /** A small fast model: 32×32 input, random weights. */
  static VggTransferModel.Builder small() {
    return VggTransferModel.builder().inputSize(32).weights(VggWeights.none()).classes(CLASSES).seed(7);
  }

  /** Maps {@code [n][h][w]} as one array, image after image, row after row. */
  static float[] flatten(float[][][] maps) {
    int side = maps[0].length;
    float[] flat = new float[maps.length * side * side];
    int k = 0;
    for (float[][] map : maps) {
      for (float[] row : map) {
        for (float v : row) {
          flat[k++] = v;
        }
      }
    }
    return flat;
  }
}
