/**
 * The data side of the pipeline: loading a folder-per-class X-ray collection with OpenCV
 * ({@link io.github.covidxray.data.DatasetLoader}), the preprocessing shared by training and
 * prediction ({@link io.github.covidxray.data.ImagePreprocessor}), compact in-memory data sets with
 * stratified splits and float batches ({@link io.github.covidxray.data.ImageDataset}), patient-level
 * splits and cross-validation folds ({@link io.github.covidxray.data.ImageDataset#split},
 * {@link io.github.covidxray.data.StratifiedGroupKFold}), and on-the-fly augmentation
 * ({@link io.github.covidxray.data.RandomRotation}). Quality checks (leakage, audits) live in
 * {@code io.github.covidxray.data.quality}. For research use only.
 */
package io.github.covidxray.data;
