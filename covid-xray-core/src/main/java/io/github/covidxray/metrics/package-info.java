/**
 * Evaluation of classifiers from their predicted class probabilities: confusion matrix,
 * scikit-learn-compatible classification report, sensitivity / specificity / PPV / NPV for an
 * explicitly named positive class with Wilson score intervals, ROC curve and AUC with a stratified
 * bootstrap interval, and threshold selection on validation data (the ROC plot is in
 * {@code io.github.covidxray.plot}).
 *
 * <p>Everything here is plain Java over arrays (no TensorFlow), so it can be checked against
 * independent reference values (scikit-learn, statsmodels). Undefined figures (a 0/0 proportion) are
 * represented explicitly and printed as {@code n/a}, never as NaN. Research use only: nothing here
 * diagnoses anyone.
 */
package io.github.covidxray.metrics;
