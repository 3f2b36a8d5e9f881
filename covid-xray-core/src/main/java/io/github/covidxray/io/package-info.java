/**
 * Files in and out: a small RFC 4180 CSV reader and writer, atomic writes, the data set manifest
 * that records where each image came from (patient, view, licence, source), and the reader for
 * Joseph Cohen's covid-chestxray-dataset {@code metadata.csv}.
 */
package io.github.covidxray.io;
