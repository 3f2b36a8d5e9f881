package io.github.covidxray.data.dicom;

import io.github.covidxray.data.InvalidImageException;

/**
 * Decodes one frame of DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then
 * one PackBits segment per byte plane, most significant byte first.
 */
final class RleDecoder {

  private RleDecoder() {
  }

  /** Returns the frame's stored values, unsigned, {@code rows * columns} of them. */
  static int[] decode(byte[] frame, int rows, int columns, int bitsAllocated, String source) {
    int planes = bitsAllocated / 8;
    if (frame.length < 64) {
      throw new InvalidImageException(source, "truncated DICOM: the RLE frame is shorter than its 64-byte header");
    }
    int segments = (int) u32(frame, 0);
    if (segments != planes) {
      throw new InvalidImageException(source, "corrupt DICOM: the RLE frame has " + Integer.toUnsignedLong(segments)
          + " segment(s), expected " + planes + " for one " + bitsAllocated + "-bit sample per pixel");
    }
    int n = rows * columns;
    int[] out = new int[n];
    for (int s = 0; s < segments; s++) {
      long start = u32(frame, 4 + 4 * s);
      long end = s + 1 < segments ? u32(frame, 8 + 4 * s) : frame.length;
      if (start < 64 || end > frame.length || start > end) {
        throw new InvalidImageException(source, "corrupt DICOM: RLE segment " + (s + 1) + " lies outside the frame");
      }
      byte[] plane = unpack(frame, (int) start, (int) end, n, source);
      int shift = 8 * (planes - 1 - s);
      for (int i = 0; i < n; i++) {
        out[i] |= (plane[i] & 0xFF) << shift;
      }
    }
    return out;
  }

  private static byte[] unpack(byte[] in, int p, int end, int n, String source) {
    byte[] out = new byte[n];
    int o = 0;
    while (o < n && p < end) {
      int c = in[p++];
      if (c >= 0) {
        int count = Math.min(c + 1, n - o);
        if (p + count > end) {
          break;
        }
        System.arraycopy(in, p, out, o, count);
        p += c + 1;
        o += count;
      } else if (c != -128) {
        if (p >= end) {
          break;
        }
        int count = Math.min(1 - c, n - o);
        java.util.Arrays.fill(out, o, o + count, in[p++]);
        o += count;
      }
    }
    if (o < n) {
      throw new InvalidImageException(source, "truncated DICOM: an RLE segment decodes to " + o + " bytes, expected " + n);
    }
    return out;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }
}
