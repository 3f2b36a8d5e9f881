package io.github.covidxray.data.dicom;

/**
 * The first frame of a DICOM image as a viewer shows it, in 8-bit gray, ready for the same resizing
 * and RGB conversion as every other image.
 *
 * @param width columns
 * @param height rows
 * @param gray one byte per pixel, row-major, 0 black to 255 white (bone bright)
 * @param bitsAllocated bits per stored sample in the file, 8 or 16
 * @param frames number of frames in the file (only the first is here)
 * @param transferSyntaxUid the file's transfer syntax
 * @param patientId the Patient ID (0010,0020), or {@code null} when absent or empty
 */
public record DicomImage(int width, int height, byte[] gray, int bitsAllocated, int frames, String transferSyntaxUid,
    String patientId) {
}
