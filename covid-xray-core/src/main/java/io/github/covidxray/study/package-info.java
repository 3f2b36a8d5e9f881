/**
 * The whole study in one call: load a folder-per-class data set (with patient ids from its manifests),
 * check it for leakage, split it (by patient when ids exist) or cross-validate it, train the VGG16
 * transfer model, evaluate it with intervals for a named positive class, and save the model, plot and
 * a JSON record of the run ({@link io.github.covidxray.study.TransferStudy},
 * {@link io.github.covidxray.study.StudyResult}). The command line's {@code TrainCovid19} is this
 * package plus argument parsing. Research use only.
 */
package io.github.covidxray.study;
