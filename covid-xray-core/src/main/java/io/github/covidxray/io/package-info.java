/**
 * File formats and downloads: Keras HDF5 weights files ({@link io.github.covidxray.io.KerasWeightsFile})
 * and a Keras-compatible, hash-checked download cache ({@link io.github.covidxray.io.WeightsRepository}).
 */
package io.github.covidxray.io;
