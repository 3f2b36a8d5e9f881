/**
 * Synthetic, clearly labelled chest-radiograph-like images for running and testing the pipeline
 * without real data: {@link io.github.covidxray.synthetic.SyntheticXrays} draws them
 * deterministically from a seed, with OpenCV, in two classes that a small network can learn, and
 * writes them as a data set directory (one folder per class) that covid-xray-core's {@code DatasetLoader} reads. Every
 * image carries the text "SYNTHETIC"; none is a medical image, and a model trained on them learns
 * nothing about real X-rays. Research use only.
 */
package io.github.covidxray.synthetic;

