package io.github.covidxray.model;

import java.util.SplittableRandom;

/**
 * Keras's default initialisation of {@code Conv2D} and {@code Dense}: Glorot-uniform kernels
 * (uniform in ±{@code sqrt(6 / (fanIn + fanOut))}, fans counting the receptive field for
 * convolutions) and zero biases.
 *
 * <p>The values are drawn in Java from a {@link SplittableRandom} seeded by the model's seed and the
 * layer's position, so the same seed gives bit-identical weights on every machine, and a layer's values
 * do not depend on which other layers were loaded from a file. They follow Keras's distribution, not
 * Keras's random stream (no two frameworks share one).
 */
final class GlorotUniform {

  private GlorotUniform() {}

  /**
   * Initial weights of one layer.
   *
   * @param spec the layer
   * @param layerIndex the layer's position in the graph (0 = {@code block1_conv1})
   * @param seed the model's seed
   * @return Glorot-uniform kernel and zero bias
   */
  static LayerWeights initialize(LayerSpec spec, int layerIndex, long seed) {
    int[] shape = spec.kernelShape();
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    double limit = Math.sqrt(6.0 / (spec.fanIn() + spec.fanOut()));
    SplittableRandom random = new SplittableRandom(layerSeed(seed, layerIndex));
    float[] kernel = new float[Math.toIntExact(count)];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return new LayerWeights(spec.name(), shape, kernel, new float[spec.biasShape()[0]]);
  }

  /** A well-mixed per-layer seed (SplitMix64 finaliser of seed and index). */
  static long layerSeed(long seed, int layerIndex) {
    long z = seed + 0x9E3779B97F4A7C15L * (layerIndex + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
