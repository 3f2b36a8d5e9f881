package io.github.covidxray.crossval;

/**
 * What a cross-validation fold's {@link io.github.covidxray.train.Trainer} validates on after every epoch.
 *
 * <ul>
 *   <li>{@link #testPart()} (the default): the fold's held-out part, as the tutorial validates on its
 *       test set. The figures are only watched, so the fold's evaluation stays honest, <em>unless</em>
 *       a listener such as {@link io.github.covidxray.train.EarlyStopping} or {@link io.github.covidxray.train.BestModelCheckpoint} acts on validation
 *       figures: then the held-out part chooses the epoch and the evaluation is optimistic. Use
 *       {@link #innerSplit(double)} for those.
 *   <li>{@link #innerSplit(double)}: a stratified, group-aware split of the fold's training part
 *       ({@link io.github.covidxray.data.ImageDataset#split}, seeded by the cross-validation's
 *       seed); the model trains on the rest, and the held-out part is seen only once, at the end.
 *   <li>{@link #none()}: no validation; the history's validation figures are NaN.
 * </ul>
 */
public sealed interface FoldValidation
    permits FoldValidation.TestPart, FoldValidation.InnerSplit, FoldValidation.None {

  /**
   * Validate on the fold's held-out part (the tutorial's practice).
   *
   * @return the choice
   */
  static FoldValidation testPart() {
    return new TestPart();
  }

  /**
   * Validate on a part of the fold's training images, kept out of its training.
   *
   * @param fraction fraction of each class of the fold's training part, strictly between 0 and 1
   * @return the choice
   * @throws IllegalArgumentException when the fraction is out of range
   */
  static FoldValidation innerSplit(double fraction) {
    return new InnerSplit(fraction);
  }

  /**
   * Train without validation.
   *
   * @return the choice
   */
  static FoldValidation none() {
    return new None();
  }

  /**
   * For reports.
   *
   * @return one line saying what is validated on
   */
  String describe();

  /** Validation on the fold's held-out part. */
  record TestPart() implements FoldValidation {
    @Override
    public String describe() {
      return "each fold's held-out part (as the tutorial validates on its test set; watched only)";
    }
  }

  /**
   * Validation on an inner split of the fold's training part.
   *
   * @param fraction fraction of each class held out of training for validation
   */
  record InnerSplit(double fraction) implements FoldValidation {
    /** Checks the fraction. */
    public InnerSplit {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "the inner validation fraction must be strictly between 0 and 1, got " + fraction);
      }
    }

    @Override
    public String describe() {
      return "an inner split of " + fraction + " of each fold's training part (kept out of its training)";
    }
  }

  /** No validation. */
  record None() implements FoldValidation {
    @Override
    public String describe() {
      return "none";
    }
  }
}
