package io.github.covidxray.model;

/**
 * Which number of the model Grad-CAM differentiates for a class. Selvaraju et al. use the score before
 * the softmax: it depends on the image only through the class's own evidence, whereas the probability
 * also falls when another class's evidence rises and saturates (vanishing gradients) once the model
 * is confident.
 */
public enum ClassScore {
  /** The class's pre-softmax logit (the paper's choice, the default). */
  LOGIT,
  /** The class's softmax probability. */
  PROBABILITY
}
