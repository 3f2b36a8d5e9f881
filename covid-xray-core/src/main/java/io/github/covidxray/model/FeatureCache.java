package io.github.covidxray.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The frozen base's outputs of images the model has already seen, so that an image that is not
 * augmented (a validation image every epoch, a training image when augmentation is off, a test image
 * after training) goes through the base once, not once per epoch.
 *
 * <p>Keyed by the image's pixel values (a 128-bit hash of the float bits and their count), not by any
 * file or index, so it is right whatever data set, order or batch an image comes in. Bounded by a byte
 * budget: once full it keeps what it holds and further images are computed every time. Only valid
 * while the base's weights cannot change, which the model guarantees by using it only when no base
 * layer trains. Not thread-safe: the model calls it under its own lock.
 */
final class FeatureCache {

  /** Per entry, beyond the feature values: the key, the map entry and the array header (an estimate). */
  private static final long ENTRY_OVERHEAD_BYTES = 96;

  private final long budgetBytes;
  private final int featureValues;
  private final Map<Key, float[]> features = new HashMap<>();
  private long bytes;
  private long baseEvaluations;
  private long hits;

  /**
   * @param budgetBytes the most heap the cached features may take; 0 caches nothing
   * @param featureValues values in one image's base output ({@code s × s × 512})
   */
  FeatureCache(long budgetBytes, int featureValues) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("featureCacheBytes must be at least 0, got " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
    this.featureValues = featureValues;
  }

  /** The key of image {@code index} of an NHWC batch with {@code imageValues} values per image. */
  static Key keyOf(float[] images, int index, int imageValues) {
    long h1 = 0x9E3779B97F4A7C15L;
    long h2 = 0xC2B2AE3D27D4EB4FL ^ imageValues;
    int from = index * imageValues;
    for (int i = from, end = from + imageValues; i < end; i++) {
      long v = Float.floatToRawIntBits(images[i]) & 0xFFFFFFFFL;
      h1 = Long.rotateLeft(h1 ^ v * 0xFF51AFD7ED558CCDL, 31) * 0x9E3779B97F4A7C15L;
      h2 = Long.rotateLeft(h2 + v * 0xC4CEB9FE1A85EC53L, 27) * 0x94D049BB133111EBL + h1;
    }
    return new Key(mix(h1), mix(h2 ^ h1));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Whether anything can be cached at all (a budget of at least one image). */
  boolean enabled() {
    return budgetBytes >= entryBytes();
  }

  /** The cached features of an image, or {@code null}; counts a hit. */
  float[] get(Key key) {
    float[] found = features.get(key);
    if (found != null) {
      hits++;
    }
    return found;
  }

  /** Records that {@code images} went through the base (whether or not their features are kept). */
  void countBaseEvaluations(int images) {
    baseEvaluations += images;
  }

  /** Keeps an image's features if the budget allows; returns whether it did. */
  boolean put(Key key, float[] values) {
    if (values.length != featureValues) {
      throw new IllegalArgumentException("expected " + featureValues + " feature values, got " + values.length);
    }
    if (features.containsKey(key)) {
      return true;
    }
    if (bytes + entryBytes() > budgetBytes) {
      return false;
    }
    features.put(key, values);
    bytes += entryBytes();
    return true;
  }

  private long entryBytes() {
    return 4L * featureValues + ENTRY_OVERHEAD_BYTES;
  }

  /** Drops every held output (the counts stay), e.g. when the model closes. */
  void clear() {
    features.clear();
    bytes = 0;
  }

  FeatureCacheStatistics statistics() {
    return new FeatureCacheStatistics(baseEvaluations, hits, features.size(), bytes, budgetBytes);
  }

  /** A 128-bit content hash: a collision between two different images is practically impossible. */
  record Key(long high, long low) {}
}
