/**
 * Training: fitting a model the tutorial's way ({@link io.github.covidxray.train.Trainer}), what a
 * training run produced epoch by epoch ({@link io.github.covidxray.train.TrainingHistory}, exportable
 * as CSV and JSON), and stratified group k-fold cross-validation that trains a fresh model per fold
 * ({@link io.github.covidxray.train.CrossValidation}).
 */
package io.github.covidxray.train;
