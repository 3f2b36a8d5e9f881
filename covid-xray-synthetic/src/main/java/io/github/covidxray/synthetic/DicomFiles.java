package io.github.covidxray.synthetic;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Minimal one-frame DICOM files (Explicit VR Little Endian, uncompressed, unsigned samples) for tests
 * and benchmarks that need a DICOM copy of a synthetic image. Only what a reader needs to show the
 * pixels is written; not a general DICOM writer.
 */
public final class DicomFiles {

  private DicomFiles() {}

  /**
   * A DICOM file of the given samples.
   *
   * @param samples pixel data in row order: one byte per pixel for 8 bits, two (little-endian) for 16
   * @param width columns
   * @param height rows
   * @param bits bits allocated and stored: 8 or 16
   * @param photometric {@code MONOCHROME1} or {@code MONOCHROME2}
   * @param patientId the Patient ID (0010,0020)
   * @return the file's bytes, preamble and {@code DICM} included
   */
  public static byte[] explicitVrLittleEndian(byte[] samples, int width, int height, int bits,
      String photometric, String patientId) {
    if (bits != 8 && bits != 16) {
      throw new IllegalArgumentException("bits must be 8 or 16, got " + bits);
    }
    if (samples.length != width * height * (bits / 8)) {
      throw new IllegalArgumentException("expected " + width * height * (bits / 8) + " bytes of samples for "
          + width + "x" + height + " at " + bits + " bits, got " + samples.length);
    }
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", uid("1.2.840.10008.5.1.4.1.1.1.1"));
    element(meta, 0x0002, 0x0003, "UI", uid("1.2.826.0.1.3680043.2.1125.1"));
    element(meta, 0x0002, 0x0010, "UI", uid("1.2.840.10008.1.2.1"));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(new byte[128]);
    file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(file, 0x0002, 0x0000, "UL", le(4).putInt(meta.size()).array());
    file.writeBytes(meta.toByteArray());
    element(file, 0x0010, 0x0020, "LO", text(patientId));
    element(file, 0x0028, 0x0002, "US", us(1));
    element(file, 0x0028, 0x0004, "CS", text(photometric));
    element(file, 0x0028, 0x0010, "US", us(height));
    element(file, 0x0028, 0x0011, "US", us(width));
    element(file, 0x0028, 0x0100, "US", us(bits));
    element(file, 0x0028, 0x0101, "US", us(bits));
    element(file, 0x0028, 0x0102, "US", us(bits - 1));
    element(file, 0x0028, 0x0103, "US", us(0));
    element(file, 0x7FE0, 0x0010, bits == 8 ? "OB" : "OW", samples);
    return file.toByteArray();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] us(int value) {
    return le(2).putShort((short) value).array();
  }

  /** A UID, padded with NUL to even length. */
  private static byte[] uid(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
  }

  /** A text value, padded with a space to even length. */
  private static byte[] text(String s) {
    return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
  }

  private static void element(ByteArrayOutputStream out, int group, int elem, String vr, byte[] value) {
    boolean longForm = List.of("OB", "OW", "OF", "SQ", "UT", "UN").contains(vr);
    ByteBuffer head = le(longForm ? 12 : 8);
    head.putShort((short) group).putShort((short) elem).put(vr.getBytes(StandardCharsets.US_ASCII));
    if (longForm) {
      head.putShort((short) 0).putInt(value.length);
    } else {
      head.putShort((short) value.length);
    }
    out.writeBytes(head.array());
    out.writeBytes(value);
  }
}
