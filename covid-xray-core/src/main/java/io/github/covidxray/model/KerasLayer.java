package io.github.covidxray.model;

import java.util.List;
import java.util.Objects;

/**
 * The weights of one Keras layer in the order its {@code weight_names} attribute lists them (Keras
 * writes a kernel before its bias). Layers without weights (input, pooling, flatten, dropout) have an
 * empty list.
 *
 * @param name the layer's name, for example {@code block1_conv1} or {@code dense_1}
 * @param weights the layer's weight arrays in file order
 */
record KerasLayer(String name, List<KerasWeight> weights) {

  /** Makes the list immutable. */
  public KerasLayer {
    Objects.requireNonNull(name, "name");
    weights = List.copyOf(weights);
  }

  /** Whether the layer holds any weights (Keras skips weightless layers when loading). */
  public boolean hasWeights() {
    return !weights.isEmpty();
  }
}
