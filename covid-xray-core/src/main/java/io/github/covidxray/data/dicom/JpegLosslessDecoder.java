package io.github.covidxray.data.dicom;

import io.github.covidxray.data.InvalidImageException;

/**
 * Decodes a lossless JPEG (ITU T.81 process 14, any predictor, one component, 2 to 16 bits), which
 * DICOM's JPEG Lossless transfer syntaxes (SV1 and process 14) carry and OpenCV's libjpeg cannot read.
 * Every read is bounds-checked: missing data is an {@link InvalidImageException}, not garbage.
 */
final class JpegLosslessDecoder {

  /** A Huffman table as T.81 Annex F.2.2.3 decodes it. */
  private record Huffman(int[] minCode, int[] maxCode, int[] valPtr, int[] values) {
  }

  private final byte[] d;
  private final String source;
  private int pos;
  private int bitBuffer;
  private int bitCount;
  private int phantomBytes;

  private JpegLosslessDecoder(byte[] data, String source) {
    this.d = data;
    this.source = source;
  }

  /** Returns the decoded samples, {@code rows * columns}, checking the frame has that size. */
  static int[] decode(byte[] data, int rows, int columns, String source) {
    try {
      return new JpegLosslessDecoder(data, source).run(rows, columns);
    } catch (IndexOutOfBoundsException e) {
      throw new InvalidImageException(source, "truncated DICOM: the lossless JPEG data ends early", e);
    }
  }

  private int[] run(int rows, int columns) {
    if (d.length < 4 || (d[0] & 0xFF) != 0xFF || (d[1] & 0xFF) != 0xD8) {
      throw bad("the lossless JPEG frame does not start with a JPEG SOI marker");
    }
    pos = 2;
    Huffman[] tables = new Huffman[4];
    int precision = -1;
    int restartInterval = 0;
    while (true) {
      int marker = nextMarker();
      int length = u16(pos);
      int segmentEnd = pos + length;
      if (length < 2 || segmentEnd > d.length) {
        throw bad("a lossless JPEG marker segment runs past the end of the frame");
      }
      switch (marker) {
        case 0xC3 -> {
          precision = d[pos + 2] & 0xFF;
          int height = u16(pos + 3);
          int width = u16(pos + 5);
          int components = d[pos + 7] & 0xFF;
          if (components != 1) {
            throw bad("the lossless JPEG frame has " + components + " components, expected 1 (gray)");
          }
          if (precision < 2 || precision > 16) {
            throw bad("the lossless JPEG precision is " + precision + " bits, expected 2 to 16");
          }
          if (height != rows || width != columns) {
            throw bad("the lossless JPEG frame is " + width + " x " + height + " but the DICOM header says "
                + columns + " x " + rows);
          }
        }
        case 0xC4 -> {
          int p = pos + 2;
          while (p < segmentEnd) {
            int id = d[p] & 0x0F;
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
              counts[i] = d[p + i] & 0xFF;
              total += counts[i];
            }
            if (p + 17 + total > segmentEnd) {
              throw bad("a Huffman table runs past its segment");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
              values[i] = d[p + 17 + i] & 0xFF;
            }
            tables[id & 3] = huffman(counts, values);
            p += 17 + total;
          }
        }
        case 0xDD -> restartInterval = u16(pos + 2);
        case 0xDA -> {
          if (precision < 0) {
            throw bad("the lossless JPEG scan starts before a lossless frame header (SOF3)");
          }
          if ((d[pos + 2] & 0xFF) != 1) {
            throw bad("the lossless JPEG scan has " + (d[pos + 2] & 0xFF) + " components, expected 1");
          }
          int tableId = (d[pos + 4] >> 4) & 3;
          int predictor = d[pos + 5] & 0xFF;
          int pointTransform = d[pos + 7] & 0x0F;
          if (tables[tableId] == null) {
            throw bad("the lossless JPEG scan uses a Huffman table that is not defined");
          }
          if (predictor < 1 || predictor > 7) {
            throw bad("the lossless JPEG predictor is " + predictor + ", expected 1 to 7");
          }
          pos = segmentEnd;
          return scan(tables[tableId], rows, columns, precision, predictor, pointTransform, restartInterval);
        }
        case 0xC0, 0xC1, 0xC2, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
            throw bad(String.format("the frame is not a lossless process-14 JPEG (marker FF%02X)", marker));
        default -> { } // APPn, COM, DQT, ...: skipped
      }
      pos = segmentEnd;
    }
  }

  private int[] scan(Huffman table, int rows, int columns, int precision, int predictor, int pt, int restart) {
    int[] out = new int[rows * columns];
    int initial = 1 << (precision - pt - 1);
    int firstRow = 0;
    int sinceRestart = 0;
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < columns; x++) {
        boolean resetHere = false;
        if (restart > 0 && sinceRestart == restart) {
          restartMarker();
          sinceRestart = 0;
          resetHere = true;
          if (x == 0) {
            firstRow = y;
          }
        }
        sinceRestart++;
        int i = y * columns + x;
        int prediction;
        if (resetHere || (y == firstRow && x == 0)) {
          prediction = initial;
        } else if (y == firstRow) {
          prediction = out[i - 1];
        } else if (x == 0) {
          prediction = out[i - columns];
        } else {
          int a = out[i - 1];
          int b = out[i - columns];
          int c = out[i - columns - 1];
          prediction = switch (predictor) {
            case 1 -> a;
            case 2 -> b;
            case 3 -> c;
            case 4 -> a + b - c;
            case 5 -> a + ((b - c) >> 1);
            case 6 -> b + ((a - c) >> 1);
            default -> (a + b) >> 1;
          };
        }
        out[i] = (prediction + difference(table)) & 0xFFFF;
      }
    }
    int mask = (1 << precision) - 1;
    for (int i = 0; i < out.length; i++) {
      out[i] = (out[i] << pt) & mask;
    }
    return out;
  }

  private int difference(Huffman h) {
    int code = bit();
    int length = 1;
    while (length <= 16 && code > h.maxCode()[length]) {
      code = (code << 1) | bit();
      length++;
    }
    if (length > 16) {
      throw bad("the lossless JPEG data holds an invalid Huffman code");
    }
    int ssss = h.values()[h.valPtr()[length] + code - h.minCode()[length]];
    if (ssss == 0) {
      return 0;
    }
    if (ssss == 16) {
      return 32768;
    }
    if (ssss > 16) {
      throw bad("the lossless JPEG data holds a difference category " + ssss + ", expected 0 to 16");
    }
    int v = 0;
    for (int k = 0; k < ssss; k++) {
      v = (v << 1) | bit();
    }
    return v < (1 << (ssss - 1)) ? v - (1 << ssss) + 1 : v;
  }

  private int bit() {
    if (bitCount == 0) {
      bitBuffer = nextByte();
      bitCount = 8;
    }
    bitCount--;
    return (bitBuffer >> bitCount) & 1;
  }

  private int nextByte() {
    if (pos >= d.length || ((d[pos] & 0xFF) == 0xFF && pos + 1 < d.length && d[pos + 1] != 0)) {
      if (++phantomBytes > 4) { // past the data or at a marker: a few zero bytes are tolerated
        throw new InvalidImageException(source, "truncated DICOM: the lossless JPEG data ends before the last pixel");
      }
      return 0;
    }
    int b = d[pos++] & 0xFF;
    if (b == 0xFF) {
      pos++; // stuffed zero byte
    }
    return b;
  }

  private void restartMarker() {
    bitCount = 0;
    phantomBytes = 0;
    while (pos + 1 < d.length && (d[pos] & 0xFF) == 0xFF && (d[pos + 1] & 0xFF) == 0xFF) {
      pos++;
    }
    if (pos + 1 < d.length && (d[pos] & 0xFF) == 0xFF && (d[pos + 1] & 0xF8) == 0xD0) {
      pos += 2;
    } else {
      throw bad("the lossless JPEG data lacks an expected restart marker");
    }
  }

  private int nextMarker() {
    while (pos < d.length && (d[pos] & 0xFF) != 0xFF) {
      pos++;
    }
    while (pos < d.length && (d[pos] & 0xFF) == 0xFF) {
      pos++;
    }
    if (pos + 3 > d.length) {
      throw new InvalidImageException(source, "truncated DICOM: the lossless JPEG frame has no scan");
    }
    return d[pos++] & 0xFF;
  }

  private static Huffman huffman(int[] counts, int[] values) {
    int[] minCode = new int[17];
    int[] maxCode = new int[17];
    int[] valPtr = new int[17];
    int code = 0;
    int k = 0;
    for (int l = 1; l <= 16; l++) {
      if (counts[l] == 0) {
        maxCode[l] = -1;
      } else {
        valPtr[l] = k;
        minCode[l] = code;
        code += counts[l];
        k += counts[l];
        maxCode[l] = code - 1;
      }
      code <<= 1;
    }
    return new Huffman(minCode, maxCode, valPtr, values);
  }

  private int u16(int at) {
    return (d[at] & 0xFF) << 8 | (d[at + 1] & 0xFF);
  }

  private InvalidImageException bad(String what) {
    return new InvalidImageException(source, "corrupt DICOM: " + what);
  }
}
