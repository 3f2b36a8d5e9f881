/**
 * The VGG16 transfer-learning model ({@link io.github.covidxray.model.VggTransferModel}): Keras's
 * VGG16 base and the tutorial's head as a TensorFlow Java graph, its weights (ImageNet, a Keras HDF5
 * file, or seeded random initialisation), its training step, and its persistence: a saved model is a
 * directory holding a standard TensorFlow SavedModel and a JSON {@link
 * io.github.covidxray.model.ModelMetadata} (configuration, SDK version, training summary, decision
 * threshold), written atomically. Single images are classified with
 * {@link io.github.covidxray.model.VggTransferModel#classify(java.nio.file.Path)}. For research use
 * only.
 */
package io.github.covidxray.model;
