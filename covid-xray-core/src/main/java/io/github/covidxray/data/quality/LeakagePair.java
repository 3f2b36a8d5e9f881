package io.github.covidxray.data.quality;

import java.util.Locale;
import java.util.Objects;

/**
 * Two images that should not be on different sides of a train/test split (or, in a single data set,
 * that are really one image twice), and why.
 *
 * @param kind why they count as the same evidence
 * @param first an image (the training side when comparing train with test)
 * @param second the other image (the test side when comparing train with test)
 * @param hashDistance the crop-tolerant {@link PerceptualHash} distance of their preprocessed images,
 *     0 to {@link PerceptualHash#BITS}, for every kind (so a shared-group pair shows how alike the two
 *     films are)
 */
public record LeakagePair(LeakageKind kind, ImageRef first, ImageRef second, int hashDistance) {

  /** Requires every part and a distance in range. */
  public LeakagePair {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    if (hashDistance < 0 || hashDistance > PerceptualHash.BITS) {
      throw new IllegalArgumentException(
          "hashDistance must be 0.." + PerceptualHash.BITS + ", got " + hashDistance);
    }
  }

  /** E.g. {@code near-duplicate (hash distance 12/256): a.jpg [covid] ~ b.jpg [covid]}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (hash distance %d/%d): %s ~ %s", kind.description(), hashDistance,
        PerceptualHash.BITS, first, second);
  }
}
