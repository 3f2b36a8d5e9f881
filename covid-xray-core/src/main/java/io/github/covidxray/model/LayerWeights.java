package io.github.covidxray.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * The kernel and bias of one layer, in Keras's layout: a convolution kernel is
 * {@code [height, width, inChannels, outChannels]} (HWIO), a dense kernel {@code [in, out]}; values
 * are row-major, so they match {@code layer.get_weights()} in Keras element for element.
 *
 * <p>The arrays are shared, not copied (a VGG16 snapshot is ~59 MB); treat them as read-only.
 *
 * @param layer the layer's Keras name, e.g. {@code block1_conv1} or {@code dense_1}
 * @param kernelShape the kernel's dimensions
 * @param kernel the kernel's values, row-major
 * @param bias the bias, one value per output channel or unit
 */
public record LayerWeights(String layer, int[] kernelShape, float[] kernel, float[] bias) {

  /** Checks that the array lengths match the shape. */
  public LayerWeights {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(kernelShape, "kernelShape");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(bias, "bias");
    if (kernelShape.length < 2) {
      throw new IllegalArgumentException(
          "layer " + layer + ": kernel shape must have at least 2 dimensions, got "
              + Arrays.toString(kernelShape));
    }
    long count = 1;
    for (int d : kernelShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "layer " + layer + ": kernel shape must be positive, got " + Arrays.toString(kernelShape));
      }
      count *= d;
    }
    if (kernel.length != count) {
      throw new IllegalArgumentException(String.format("layer %s: kernel has %d values, shape %s needs %d",
          layer, kernel.length, Arrays.toString(kernelShape), count));
    }
    if (bias.length != kernelShape[kernelShape.length - 1]) {
      throw new IllegalArgumentException(String.format(
          "layer %s: bias has %d values, expected %d (the kernel's last dimension)",
          layer, bias.length, kernelShape[kernelShape.length - 1]));
    }
    kernelShape = kernelShape.clone();
  }

  /** A copy of the kernel's dimensions. */
  @Override
  public int[] kernelShape() {
    return kernelShape.clone();
  }

  /** The bias's shape, {@code [outputs]}. */
  public int[] biasShape() {
    return new int[] {bias.length};
  }

  /**
   * One kernel value by its Keras index, e.g. {@code kernelAt(ky, kx, in, out)} for a convolution.
   *
   * @param index one index per kernel dimension
   * @return the value at that index
   */
  public float kernelAt(int... index) {
    if (index.length != kernelShape.length) {
      throw new IllegalArgumentException("kernel of " + layer + " has " + kernelShape.length
          + " dimensions, got index " + Arrays.toString(index));
    }
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= kernelShape[i]) {
        throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside kernel shape "
            + Arrays.toString(kernelShape) + " of " + layer);
      }
      flat = flat * kernelShape[i] + index[i];
    }
    return kernel[flat];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerWeights w
        && layer.equals(w.layer)
        && Arrays.equals(kernelShape, w.kernelShape)
        && Arrays.equals(kernel, w.kernel)
        && Arrays.equals(bias, w.bias);
  }

  @Override
  public int hashCode() {
    return Objects.hash(layer, Arrays.hashCode(kernelShape), Arrays.hashCode(kernel),
        Arrays.hashCode(bias));
  }

  @Override
  public String toString() {
    return "LayerWeights[" + layer + " kernel " + Arrays.toString(kernelShape) + ", bias ["
        + bias.length + "]]";
  }
}
