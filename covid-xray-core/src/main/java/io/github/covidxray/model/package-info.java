/**
 * The VGG16 transfer-learning model ({@link io.github.covidxray.model.VggTransferModel}): Keras's
 * VGG16 base and the tutorial's head as a TensorFlow Java graph, its weights (ImageNet, a Keras HDF5
 * file, or seeded random initialisation) and its training step. For research use only.
 */
package io.github.covidxray.model;
