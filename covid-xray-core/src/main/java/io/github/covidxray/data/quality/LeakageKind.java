package io.github.covidxray.data.quality;

/** Why two images count as the same evidence, so that one must not be tested against the other. */
public enum LeakageKind {

  /** The two files have identical bytes (same SHA-256). */
  IDENTICAL_FILE("identical file"),

  /**
   * Different files whose preprocessed images are within the near-duplicate distance of each other's
   * {@link PerceptualHash}: the same picture re-encoded, resized, brightened or cropped, or a
   * near-identical film.
   */
  NEAR_DUPLICATE("near-duplicate"),

  /** The two images carry the same group (patient) id. */
  SHARED_GROUP("same group");

  private final String description;

  LeakageKind(String description) {
    this.description = description;
  }

  /**
   * A short description for reports.
   *
   * @return e.g. {@code near-duplicate}
   */
  public String description() {
    return description;
  }
}
