package io.github.covidxray.train;

import java.time.Duration;

/**
 * Where an epoch stands after a step: what a progress bar shows.
 *
 * @param epoch 1-based epoch
 * @param step 1-based step within the epoch
 * @param stepsPerEpoch number of steps in every epoch
 * @param loss mean training loss of the epoch's steps so far
 * @param accuracy mean training accuracy of the epoch's steps so far
 * @param learningRate learning rate used by this step
 * @param elapsed time since the epoch started
 */
public record StepProgress(
    int epoch, int step, int stepsPerEpoch, double loss, double accuracy, double learningRate,
    Duration elapsed) {}
