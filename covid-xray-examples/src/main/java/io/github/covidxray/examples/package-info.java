/**
 * Command-line programs that do the tutorial's jobs with the covid-xray library: building its data
 * set ({@link io.github.covidxray.examples.BuildCovidDataset},
 * {@link io.github.covidxray.examples.SampleKaggleDataset}), writing a synthetic data set for offline
 * runs ({@link io.github.covidxray.examples.GenerateSyntheticDataset}), training and predicting. Each has
 * {@code --help}; exit codes are 0 on success, 2 for bad usage and 1 for a failure, explained on
 * standard error. Research use only.
 */
package io.github.covidxray.examples;
