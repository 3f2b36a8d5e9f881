/**
 * Training: fitting a model the tutorial's way ({@link io.github.covidxray.train.Trainer}), the
 * listeners that watch or stop a run, and what a training run produced epoch by epoch
 * ({@link io.github.covidxray.train.TrainingHistory}, exportable as CSV and JSON).
 */
package io.github.covidxray.train;
