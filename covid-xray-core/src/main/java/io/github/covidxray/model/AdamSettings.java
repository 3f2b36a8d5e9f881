package io.github.covidxray.model;

/**
 * Adam's constants. The learning rate is not among them: it is fed with every training step, so a
 * trainer can apply a schedule such as Keras's time-based decay.
 *
 * <p>The update is TensorFlow's {@code ApplyAdam}, what Keras's Adam runs: with step t (from 1),
 * {@code lr_t = lr · sqrt(1 − β2^t) / (1 − β1^t)}, {@code m = β1·m + (1 − β1)·g},
 * {@code v = β2·v + (1 − β2)·g²}, {@code w −= lr_t · m / (sqrt(v) + ε)}.
 *
 * @param beta1 decay of the first-moment estimate, in [0, 1)
 * @param beta2 decay of the second-moment estimate, in [0, 1)
 * @param epsilon the ε added to {@code sqrt(v)}, positive ("epsilon hat" of the Adam paper)
 */
public record AdamSettings(double beta1, double beta2, double epsilon) {

  /** Checks the ranges. */
  public AdamSettings {
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
    }
  }

  /** Keras's defaults (β1 0.9, β2 0.999, ε 1e-7), what the tutorial's {@code Adam(lr=INIT_LR, decay=...)} uses. */
  public static AdamSettings keras() {
    return new AdamSettings(0.9, 0.999, 1e-7);
  }
}
