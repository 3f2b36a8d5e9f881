package io.github.covidxray.study;

/** How a study's hold-out split treats patient ids. */
public enum SplitMode {
  /** By patient when the data set has patient ids, otherwise stratified by image (the default). */
  AUTO,
  /** Stratified by image, ignoring any patient ids (the tutorial's split). */
  BY_IMAGE,
  /** By patient; a data set without patient ids is an error. */
  BY_PATIENT
}
