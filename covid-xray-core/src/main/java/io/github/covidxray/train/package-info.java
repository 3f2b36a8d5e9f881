/**
 * Training: what a training run produced, epoch by epoch ({@link io.github.covidxray.train.TrainingHistory}),
 * exportable as CSV and JSON.
 */
package io.github.covidxray.train;
