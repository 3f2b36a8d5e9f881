package io.github.covidxray.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of every layer of a model at one moment, in graph order: what early stopping keeps to
 * restore the best weights ({@link VggTransferModel#restore}), and what persistence writes. Optimizer
 * state (Adam's moments) is not part of it, as in Keras's {@code get_weights}/{@code set_weights}.
 *
 * @param layers layer name → its weights, in graph order
 */
public record WeightSnapshot(Map<String, LayerWeights> layers) {

  /** Keeps the order and makes the map immutable; checks each entry's key against its layer name. */
  public WeightSnapshot {
    Objects.requireNonNull(layers, "layers");
    layers.forEach((name, weights) -> {
      if (!name.equals(weights.layer())) {
        throw new IllegalArgumentException(
            "snapshot entry '" + name + "' holds the weights of layer '" + weights.layer() + "'");
      }
    });
    layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
  }

  /**
   * A snapshot of layers given in order.
   *
   * @param layers the layers' weights
   * @return the snapshot
   */
  public static WeightSnapshot of(List<LayerWeights> layers) {
    Map<String, LayerWeights> map = new LinkedHashMap<>();
    for (LayerWeights w : layers) {
      if (map.put(w.layer(), w) != null) {
        throw new IllegalArgumentException("layer '" + w.layer() + "' given twice");
      }
    }
    return new WeightSnapshot(map);
  }

  /**
   * One layer's weights.
   *
   * @param name the layer's Keras name
   * @return its weights
   * @throws IllegalArgumentException if the snapshot has no such layer
   */
  public LayerWeights layer(String name) {
    LayerWeights w = layers.get(name);
    if (w == null) {
      throw new IllegalArgumentException("no layer '" + name + "' in snapshot; layers: " + layers.keySet());
    }
    return w;
  }
}
