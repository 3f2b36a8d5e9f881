package io.github.covidxray.data;

import java.io.ByteArrayOutputStream;

/** Builds JPEG marker segments by hand, to add EXIF data or awkward content to encoder output. */
final class JpegSegments {

  private JpegSegments() {
  }

  /** A marker segment {@code FF marker, length, payload}. */
  static byte[] segment(int marker, byte[] payload) {
    int length = payload.length + 2;
    byte[] out = new byte[payload.length + 4];
    out[0] = (byte) 0xFF;
    out[1] = (byte) marker;
    out[2] = (byte) (length >> 8);
    out[3] = (byte) length;
    System.arraycopy(payload, 0, out, 4, payload.length);
    return out;
  }

  /** An APP1 EXIF segment whose only tag is Orientation (0x0112) with the given value, big-endian TIFF. */
  static byte[] exifOrientation(int orientation) {
    byte[] payload = {
        'E', 'x', 'i', 'f', 0, 0,
        'M', 'M', 0, 42, 0, 0, 0, 8, // TIFF header, first directory at offset 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1 value
        0, 0, 0, 0 // no next directory
    };
    return segment(0xE1, payload);
  }

  /** Inserts segments right after the start-of-image marker of a JPEG. */
  static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    for (byte[] s : segments) {
      out.write(s, 0, s.length);
    }
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
