/**
 * A focused DICOM reader for the data loader: the first frame of a monochrome image as a viewer shows
 * it, and the Patient ID. Not exported; {@code ImagePreprocessor}, {@code ImageFileInfo} and
 * {@code PatientIds} are its only users.
 */
package io.github.covidxray.data.dicom;
