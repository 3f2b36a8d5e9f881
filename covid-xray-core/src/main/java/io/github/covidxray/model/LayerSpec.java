package io.github.covidxray.model;

import java.util.Arrays;

/**
 * One layer with weights in the model: its Keras name, the block it belongs to (1–5 for VGG16's
 * convolution blocks, {@link VggArchitecture#HEAD_BLOCK} for the head) and its kernel shape in Keras's
 * layout (conv HWIO, dense [in, out]); the bias has the kernel's last dimension.
 */
record LayerSpec(String name, int block, int[] kernelShape) {

  LayerSpec {
    kernelShape = kernelShape.clone();
  }

  @Override
  public int[] kernelShape() {
    return kernelShape.clone();
  }

  int[] biasShape() {
    return new int[] {kernelShape[kernelShape.length - 1]};
  }

  /** Whether the layer belongs to the head (which always trains) rather than to the VGG16 base. */
  boolean isHead() {
    return block == VggArchitecture.HEAD_BLOCK;
  }

  /** Whether training updates this layer: the head always, a base layer if its block is fine-tuned. */
  boolean trainsWith(FineTuning fineTuning) {
    return isHead() || fineTuning.trainsBlock(block);
  }

  boolean isConvolution() {
    return kernelShape.length == 4;
  }

  /** Keras's fan-in and fan-out for Glorot initialisation: receptive field times channels. */
  int fanIn() {
    return isConvolution() ? kernelShape[0] * kernelShape[1] * kernelShape[2] : kernelShape[0];
  }

  int fanOut() {
    return isConvolution() ? kernelShape[0] * kernelShape[1] * kernelShape[3] : kernelShape[1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerSpec s
        && name.equals(s.name) && block == s.block && Arrays.equals(kernelShape, s.kernelShape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(kernelShape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(kernelShape);
  }
}
