/**
 * The data side of the pipeline: loading a folder-per-class X-ray collection with OpenCV
 * ({@link io.github.covidxray.data.DatasetLoader}), the preprocessing shared by training and
 * prediction ({@link io.github.covidxray.data.ImagePreprocessor}), compact in-memory data sets with
 * stratified splits and float batches ({@link io.github.covidxray.data.ImageDataset}), and on-the-fly
 * augmentation ({@link io.github.covidxray.data.RandomRotation}). For research use only.
 */
package io.github.covidxray.data;
