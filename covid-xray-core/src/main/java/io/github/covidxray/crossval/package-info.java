/**
 * Cross-validation: stratified group k-fold runs that train a fresh model per fold through the
 * {@link io.github.covidxray.train.Trainer} ({@link io.github.covidxray.crossval.CrossValidation}),
 * with per-fold figures, their mean and sd, and pooled out-of-fold metrics with intervals
 * ({@link io.github.covidxray.crossval.CrossValidationResult}).
 */
package io.github.covidxray.crossval;
