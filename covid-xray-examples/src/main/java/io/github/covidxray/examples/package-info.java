/**
 * The {@code covid-xray} command ({@link io.github.covidxray.examples.CovidXray}) and its subcommands,
 * command-line programs that do the tutorial's jobs with the covid-xray library: building its data
 * set ({@link io.github.covidxray.examples.BuildCovidDataset},
 * {@link io.github.covidxray.examples.SampleKaggleDataset}), writing a synthetic data set for offline
 * runs ({@link io.github.covidxray.examples.GenerateSyntheticDataset}), training and evaluating the
 * tutorial's model ({@link io.github.covidxray.examples.TrainCovid19}, whose {@code --demo} runs it all
 * offline) and classifying images with it ({@link io.github.covidxray.examples.PredictXray}). Each has
 * {@code --help}; exit codes are 0 on success, 2 for bad usage and 1 for a failure, explained on
 * standard error. Research use only.
 */
package io.github.covidxray.examples;
