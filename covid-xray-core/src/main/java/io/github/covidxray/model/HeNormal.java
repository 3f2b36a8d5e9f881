package io.github.covidxray.model;

import java.util.SplittableRandom;

/**
 * Keras's {@code he_normal} initialisation, the one a randomly initialised ReLU network needs so that
 * its activations neither vanish nor explode: kernels from a normal distribution truncated at two
 * standard deviations, scaled so that their standard deviation is {@code sqrt(2 / fanIn)}, and zero
 * biases. (Keras's {@code VarianceScaling(2.0, "fan_in", "truncated_normal")} divides the requested
 * deviation by 0.8796..., the deviation of a standard normal truncated at ±2, and so does this.)
 *
 * <p>It exists for {@link VggWeights#randomFeatures(long)}: with Glorot-uniform kernels the thirteen
 * VGG16 convolutions halve the signal's variance at every ReLU, and the block-5 features of a random
 * base end up around 1e-3, too small for the head to learn from; He scaling keeps them of order one.
 * Values are drawn per layer from the same SplitMix-seeded stream as {@link GlorotUniform}, so a seed
 * gives bit-identical weights everywhere.
 */
final class HeNormal {

  /** Standard deviation of a standard normal truncated at ±2 (Keras's constant). */
  static final double TRUNCATED_STD = 0.87962566103423978;
  /** Where the normal is truncated, in (untruncated) standard deviations. */
  static final double TRUNCATION = 2.0;

  private HeNormal() {}

  /**
   * Initial weights of one layer.
   *
   * @param spec the layer
   * @param layerIndex the layer's position in the graph (0 = {@code block1_conv1})
   * @param seed the seed of the random features
   * @return He-normal kernel and zero bias
   */
  static LayerWeights initialize(LayerSpec spec, int layerIndex, long seed) {
    int[] shape = spec.kernelShape();
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    double std = Math.sqrt(2.0 / spec.fanIn()) / TRUNCATED_STD;
    SplittableRandom random = new SplittableRandom(GlorotUniform.layerSeed(seed, layerIndex));
    float[] kernel = new float[Math.toIntExact(count)];
    for (int i = 0; i < kernel.length; i++) {
      double z;
      do {
        z = random.nextGaussian();
      } while (Math.abs(z) > TRUNCATION);
      kernel[i] = (float) (z * std);
    }
    return new LayerWeights(spec.name(), shape, kernel, new float[spec.biasShape()[0]]);
  }
}
