package io.github.covidxray.model;

/**
 * Loss and accuracy of one batch, as Keras reports them for a step: computed by the forward pass of
 * that step, i.e. with the weights before the step's update (and, for a training step, with its
 * dropout mask).
 *
 * @param loss the batch's loss (see {@link VggTransferModel#compile} for its exact definition)
 * @param accuracy the fraction of the batch whose most probable class is the labelled one
 */
public record StepResult(float loss, float accuracy) {}
