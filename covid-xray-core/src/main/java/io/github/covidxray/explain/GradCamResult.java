package io.github.covidxray.explain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One image's Grad-CAM: which class was explained, what the model predicted with which probabilities,
 * and the heat map, normalised to [0, 1] by its maximum (all zeros when nothing in the layer raises the
 * score) and resized to the image.
 *
 * @param source the image's file or a name for it
 * @param explainedClass the class whose score was differentiated
 * @param predictedClass the class the model predicts, by its decision rule
 * @param probabilities class → probability, in the model's class order
 * @param map rows × columns of values in [0, 1], at the image's size (copied)
 */
public record GradCamResult(String source, String explainedClass, String predictedClass,
    Map<String, Double> probabilities, float[][] map) {

  /** Checks the fields and copies the map. */
  public GradCamResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(explainedClass, "explainedClass");
    Objects.requireNonNull(predictedClass, "predictedClass");
    probabilities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    map = copy(Objects.requireNonNull(map, "map"));
    if (map.length == 0 || map[0].length == 0) {
      throw new IllegalArgumentException("map of " + source + " is empty");
    }
  }

  /** A copy of the map, rows × columns. */
  @Override
  public float[][] map() {
    return copy(map);
  }

  /** Rows of the map (the image's height). */
  public int height() {
    return map.length;
  }

  /** Columns of the map (the image's width). */
  public int width() {
    return map[0].length;
  }

  /** The probability of the predicted class, as drawn on overlays. */
  public double predictedProbability() {
    return probabilities.get(predictedClass);
  }

  /** How much of the map's mass lies in the outer band and the top corners (see {@link AttentionShares}). */
  public AttentionShares attention(double bandFraction) {
    return AttentionShares.of(map, bandFraction);
  }

  static float[][] copy(float[][] map) {
    float[][] out = new float[map.length][];
    for (int y = 0; y < map.length; y++) {
      out[y] = map[y].clone();
      if (out[y].length != map[0].length) {
        throw new IllegalArgumentException("map rows differ in length");
      }
    }
    return out;
  }
}
