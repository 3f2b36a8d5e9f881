package io.github.covidxray.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-class loss weights for imbalanced data, as Keras's {@code class_weight}: each training sample's
 * loss is multiplied by its class's weight. Validation loss is never weighted.
 */
public final class ClassWeights {
  private final Map<String, Double> explicit;

  private ClassWeights(Map<String, Double> explicit) {
    this.explicit = explicit;
  }

  /** Every class weighs 1 (the tutorial). */
  public static ClassWeights none() {
    return new ClassWeights(Map.of());
  }

  /**
   * scikit-learn's "balanced" weights, {@code n_samples / (n_classes * count(class))}, computed from
   * the training set given to {@link Trainer#fit}.
   */
  public static ClassWeights balanced() {
    return new ClassWeights(null);
  }

  /**
   * Explicit weights by class name; classes not named weigh 1.
   *
   * @throws IllegalArgumentException if a weight is not positive and finite
   */
  public static ClassWeights of(Map<String, Double> weights) {
    Objects.requireNonNull(weights, "weights");
    Map<String, Double> copy = new LinkedHashMap<>();
    weights.forEach((name, w) -> {
      if (w == null || !(w > 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException(
            "class weight for '" + name + "' must be positive and finite, got " + w);
      }
      copy.put(Objects.requireNonNull(name, "class name"), w);
    });
    return new ClassWeights(Map.copyOf(copy));
  }

  /** True when every class weighs 1, so batches need no sample weights. */
  public boolean isUniform() {
    return explicit != null && explicit.values().stream().allMatch(w -> w == 1.0);
  }

  /**
   * The weight of each class index.
   *
   * @param classNames class names in label order
   * @param classCounts number of training images per class, in the same order
   * @throws IllegalArgumentException if a weight names a class the data does not have, or balanced
   *     weights are asked for with an empty class
   */
  public double[] resolve(List<String> classNames, int[] classCounts) {
    if (classNames.size() != classCounts.length) {
      throw new IllegalArgumentException(
          classNames.size() + " class names but " + classCounts.length + " class counts");
    }
    double[] weights = new double[classNames.size()];
    if (explicit == null) {
      long total = 0;
      for (int count : classCounts) {
        total += count;
      }
      for (int c = 0; c < weights.length; c++) {
        if (classCounts[c] == 0) {
          throw new IllegalArgumentException(
              "balanced class weights need at least one training image of class '" + classNames.get(c) + "'");
        }
        weights[c] = (double) total / (weights.length * (double) classCounts[c]);
      }
      return weights;
    }
    for (String name : explicit.keySet()) {
      if (!classNames.contains(name)) {
        throw new IllegalArgumentException(
            "class weight given for unknown class '" + name + "'; the classes are " + classNames);
      }
    }
    for (int c = 0; c < weights.length; c++) {
      weights[c] = explicit.getOrDefault(classNames.get(c), 1.0);
    }
    return weights;
  }

  @Override
  public String toString() {
    return explicit == null ? "balanced" : explicit.isEmpty() ? "none" : explicit.toString();
  }
}
