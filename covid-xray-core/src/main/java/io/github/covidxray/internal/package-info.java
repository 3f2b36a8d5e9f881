/**
 * Files in and out: a small RFC 4180 CSV reader and writer, atomic writes of files
 * ({@link io.github.covidxray.io.AtomicFiles}) and whole directories
 * ({@link io.github.covidxray.io.AtomicDirectory}), the data set manifest
 * that records where each image came from (patient, view, licence, source), the reader for
 * Joseph Cohen's covid-chestxray-dataset {@code metadata.csv}, Keras HDF5 weights files
 * ({@link io.github.covidxray.io.KerasWeightsFile}) and a Keras-compatible, hash-checked download
 * cache ({@link io.github.covidxray.io.WeightsRepository}).
 */
package io.github.covidxray.io;
