package io.github.covidxray.data;

import java.util.Locale;

/**
 * What an encoded image's own bytes say about it before any pixel is decoded: its format (sniffed
 * from the content, not the file name), its dimensions, and whether its structure is complete.
 *
 * <p>Two jobs need this before OpenCV sees the data. The pixel budget must be checked against the
 * header, because decoding a small file that claims 50 000 x 50 000 pixels would allocate gigabytes.
 * And truncation must be found here, because libjpeg decodes a JPEG that stops early into a partly
 * grey image with only a warning on stderr. The checks are structural walks of each container:
 *
 * <ul>
 *   <li>JPEG: every marker segment is walked by its length and entropy-coded data is scanned (skipping
 *       stuffed {@code FF00} bytes and restart markers) up to the end-of-image marker {@code FFD9}; a
 *       file that ends before it is truncated. Bytes after {@code FFD9} are allowed. The size comes
 *       from the first SOF segment.
 *   <li>PNG: every chunk is walked by its length up to {@code IEND}; the size comes from {@code IHDR}.
 *       Chunk CRCs are left to libpng.
 *   <li>BMP: uncompressed pixel rows must fit in the file (RLE-compressed bitmaps are left to OpenCV).
 *   <li>TIFF (classic, either byte order): the first directory must be complete, and every value
 *       array and every strip or tile it points to must lie inside the file. BigTIFF is not
 *       supported.
 *   <li>WebP: the RIFF container's declared size must fit in the file; the size comes from the
 *       {@code VP8 }, {@code VP8L} or {@code VP8X} chunk.
 * </ul>
 *
 * @param format the sniffed container format
 * @param width width in pixels as the header declares it
 * @param height height in pixels as the header declares it
 * @param damage why the data is truncated or corrupt past the header, or {@code null} when the
 *     structure is complete
 */
record ImageHeader(Format format, long width, long height, String damage) {

  /** Container formats the loader accepts; anything else is rejected as "not an image". */
  enum Format {
    JPEG, PNG, BMP, TIFF, WEBP
  }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /**
   * Number of pixels the header declares, saturating at {@link Long#MAX_VALUE} instead of overflowing.
   *
   * @return width times height
   */
  long pixels() {
    try {
      return Math.multiplyExact(width, height);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Sniffs the format and reads the header and structure of an encoded image.
   *
   * @param data the whole encoded file
   * @param source the file name, for messages
   * @return the header; {@link #damage()} says whether the data after it is incomplete
   * @throws InvalidImageException when the data is empty, not a supported image, or too damaged to
   *     give its dimensions
   */
  static ImageHeader read(byte[] data, String source) {
    if (data.length == 0) {
      throw new InvalidImageException(source, "the file is empty (0 bytes)");
    }
    Bytes b = new Bytes(data, source);
    if (b.startsWith(0xFF, 0xD8, 0xFF)) {
      return readJpeg(b);
    }
    if (b.startsWith(PNG_SIGNATURE)) {
      return readPng(b);
    }
    if (b.startsWith('B', 'M')) {
      return readBmp(b);
    }
    if (b.startsWith('I', 'I', 42, 0) || b.startsWith('M', 'M', 0, 42)) {
      return readTiff(b);
    }
    if (b.startsWith('I', 'I', 43, 0) || b.startsWith('M', 'M', 0, 43)) {
      throw new InvalidImageException(source, "BigTIFF files are not supported; save it as a classic TIFF or PNG");
    }
    if (b.startsWith('R', 'I', 'F', 'F') && data.length >= 12 && b.ascii(8, 4).equals("WEBP")) {
      return readWebp(b);
    }
    throw new InvalidImageException(source, "not a supported image: the content is not JPEG, PNG, BMP, TIFF, "
        + "WebP or DICOM (it starts with bytes " + b.hexPrefix(8) + ")");
  }

  // ---------------------------------------------------------------- JPEG

  private static ImageHeader readJpeg(Bytes b) {
    long width = -1;
    long height = -1;
    int pos = 2;
    int n = b.length();
    while (true) {
      if (pos >= n) {
        return jpegEnd(b, width, height, "truncated: the JPEG data ends before its end-of-image marker (FFD9)");
      }
      if (b.u8(pos) != 0xFF) {
        return jpegEnd(b, width, height, String.format(Locale.ROOT,
            "corrupt JPEG: expected a marker at byte %d, found 0x%02X", pos, b.u8(pos)));
      }
      while (pos < n && b.u8(pos) == 0xFF) {
        pos++; // fill bytes before a marker
      }
      if (pos >= n) {
        return jpegEnd(b, width, height, "truncated: the JPEG data ends before its end-of-image marker (FFD9)");
      }
      int marker = b.u8(pos++);
      if (marker == 0xD9) {
        return jpegEnd(b, width, height, null);
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // stand-alone markers without a length
      }
      if (pos + 2 > n) {
        return jpegEnd(b, width, height, "truncated: the JPEG data ends inside a marker segment");
      }
      int length = b.u16be(pos);
      if (length < 2) {
        return jpegEnd(b, width, height, "corrupt JPEG: a marker segment declares length " + length);
      }
      int segmentEnd = pos + length;
      if (segmentEnd > n) {
        return jpegEnd(b, width, height, "truncated: the JPEG data ends inside a marker segment");
      }
      if (isStartOfFrame(marker) && width < 0) {
        if (length < 8) {
          return jpegEnd(b, width, height, "corrupt JPEG: the frame header is too short");
        }
        height = b.u16be(pos + 3);
        width = b.u16be(pos + 5);
      }
      pos = segmentEnd;
      if (marker == 0xDA) {
        if (width < 0) {
          return jpegEnd(b, width, height, "corrupt JPEG: image data starts before any frame header (SOF)");
        }
        pos = skipEntropyCodedData(b, pos);
        if (pos < 0) {
          return jpegEnd(b, width, height, "truncated: the JPEG data ends before its end-of-image marker (FFD9)");
        }
      }
    }
  }

  /** Returns the position of the marker that ends the scan, or -1 when the data ends first. */
  private static int skipEntropyCodedData(Bytes b, int pos) {
    int n = b.length();
    while (pos + 1 < n) {
      if (b.u8(pos) != 0xFF) {
        pos++;
        continue;
      }
      int next = b.u8(pos + 1);
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        pos += 2; // stuffed 0xFF data byte or restart marker: still inside the scan
      } else if (next == 0xFF) {
        pos++; // fill byte
      } else {
        return pos;
      }
    }
    return -1;
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static ImageHeader jpegEnd(Bytes b, long width, long height, String damage) {
    if (width < 0) {
      throw new InvalidImageException(b.source(), damage != null ? damage
          : "corrupt JPEG: no frame header (SOF) before the end-of-image marker");
    }
    return checked(b, Format.JPEG, width, height, damage);
  }

  // ---------------------------------------------------------------- PNG

  private static ImageHeader readPng(Bytes b) {
    int n = b.length();
    if (n < 33) {
      throw new InvalidImageException(b.source(), "truncated: the PNG data ends inside its header (" + n + " bytes)");
    }
    if (!b.ascii(12, 4).equals("IHDR") || b.u32be(8) != 13) {
      throw new InvalidImageException(b.source(), "corrupt PNG: the first chunk is not a 13-byte IHDR");
    }
    long width = b.u32be(16);
    long height = b.u32be(20);
    long pos = 8;
    String damage = "truncated: the PNG data ends before its IEND chunk";
    while (pos + 8 <= n) {
      long length = b.u32be((int) pos);
      if (length > Integer.MAX_VALUE) {
        damage = "corrupt PNG: a chunk declares length " + length;
        break;
      }
      String type = b.ascii((int) pos + 4, 4);
      long end = pos + 12 + length;
      if (end > n) {
        break;
      }
      if (type.equals("IEND")) {
        damage = null;
        break;
      }
      pos = end;
    }
    return checked(b, Format.PNG, width, height, damage);
  }

  // ---------------------------------------------------------------- BMP

  private static ImageHeader readBmp(Bytes b) {
    int n = b.length();
    if (n < 26) {
      throw new InvalidImageException(b.source(), "truncated: the BMP data ends inside its header (" + n + " bytes)");
    }
    long pixelOffset = b.u32le(10);
    long headerSize = b.u32le(14);
    long width;
    long height;
    int bitsPerPixel;
    long compression;
    if (headerSize == 12) {
      width = b.u16le(18);
      height = b.u16le(20);
      bitsPerPixel = b.u16le(24);
      compression = 0;
    } else if (headerSize >= 40) {
      if (n < 34) {
        throw new InvalidImageException(b.source(), "truncated: the BMP data ends inside its header (" + n + " bytes)");
      }
      width = (int) b.u32le(18);
      height = Math.abs((long) (int) b.u32le(22)); // negative height = rows stored top-down
      bitsPerPixel = b.u16le(28);
      compression = b.u32le(30);
    } else {
      throw new InvalidImageException(b.source(), "corrupt BMP: unknown info header size " + headerSize);
    }
    if (width < 0) {
      throw new InvalidImageException(b.source(), "corrupt BMP: negative width " + width);
    }
    String damage = null;
    boolean uncompressed = compression == 0 || compression == 3 || compression == 6;
    if (uncompressed && bitsPerPixel > 0 && bitsPerPixel <= 32 && width > 0) {
      long rowBytes = (width * bitsPerPixel + 31) / 32 * 4;
      long needed = pixelOffset + rowBytes * height;
      if (needed > n) {
        damage = "truncated: the BMP pixel rows need " + needed + " bytes but the file has " + n;
      }
    }
    return checked(b, Format.BMP, width, height, damage);
  }

  // ---------------------------------------------------------------- TIFF

  private static final int TIFF_WIDTH = 256;
  private static final int TIFF_HEIGHT = 257;
  private static final int TIFF_STRIP_OFFSETS = 273;
  private static final int TIFF_STRIP_BYTE_COUNTS = 279;
  private static final int TIFF_TILE_OFFSETS = 324;
  private static final int TIFF_TILE_BYTE_COUNTS = 325;

  private static ImageHeader readTiff(Bytes b) {
    boolean little = b.u8(0) == 'I';
    int n = b.length();
    String truncatedHeader = "truncated: the TIFF data ends inside its first image directory";
    if (n < 8) {
      throw new InvalidImageException(b.source(), truncatedHeader);
    }
    long ifd = b.u32(4, little);
    if (ifd + 2 > n) {
      throw new InvalidImageException(b.source(), truncatedHeader);
    }
    int entries = b.u16(ifd, little);
    if (ifd + 2 + 12L * entries + 4 > n) { // entries and the next-directory offset
      throw new InvalidImageException(b.source(), truncatedHeader);
    }
    long width = -1;
    long height = -1;
    long[] offsets = null;
    long[] counts = null;
    for (int i = 0; i < entries; i++) {
      long entry = ifd + 2 + 12L * i;
      int tag = b.u16(entry, little);
      switch (tag) {
        case TIFF_WIDTH -> width = tiffValues(b, entry, little)[0];
        case TIFF_HEIGHT -> height = tiffValues(b, entry, little)[0];
        case TIFF_STRIP_OFFSETS, TIFF_TILE_OFFSETS -> offsets = tiffValues(b, entry, little);
        case TIFF_STRIP_BYTE_COUNTS, TIFF_TILE_BYTE_COUNTS -> counts = tiffValues(b, entry, little);
        default -> { }
      }
    }
    if (width < 0 || height < 0) {
      throw new InvalidImageException(b.source(), "corrupt TIFF: the first image directory has no width or height");
    }
    String damage = null;
    for (int i = 0; i < entries && damage == null; i++) {
      long entry = ifd + 2 + 12L * i;
      long size = b.u32(entry + 4, little) * tiffTypeSize(b.u16(entry + 2, little));
      if (size > 4 && b.u32(entry + 8, little) + size > n) {
        damage = "truncated: the values of TIFF tag " + b.u16(entry, little) + " lie beyond the end of the file";
      }
    }
    if (damage != null) {
      return checked(b, Format.TIFF, width, height, damage);
    }
    if (offsets == null || counts == null || offsets.length != counts.length) {
      damage = "corrupt TIFF: the image data locations (strip or tile offsets and byte counts) are missing";
    } else {
      for (int i = 0; i < offsets.length; i++) {
        if (offsets[i] + counts[i] > n) {
          damage = "truncated: TIFF image data ends at byte " + (offsets[i] + counts[i]) + " but the file has " + n;
          break;
        }
      }
    }
    return checked(b, Format.TIFF, width, height, damage);
  }

  /** Bytes per value of a TIFF field type; 0 for types this reader does not know. */
  private static int tiffTypeSize(int type) {
    return switch (type) {
      case 1, 2, 6, 7 -> 1; // BYTE, ASCII, SBYTE, UNDEFINED
      case 3, 8 -> 2; // SHORT, SSHORT
      case 4, 9, 11, 13 -> 4; // LONG, SLONG, FLOAT, IFD
      case 5, 10, 12 -> 8; // RATIONAL, SRATIONAL, DOUBLE
      default -> 0;
    };
  }

  /** Reads the SHORT or LONG values of one TIFF directory entry, inline or at their offset. */
  private static long[] tiffValues(Bytes b, long entry, boolean little) {
    int type = b.u16(entry + 2, little);
    long count = b.u32(entry + 4, little);
    int size = switch (type) {
      case 3 -> 2; // SHORT
      case 4 -> 4; // LONG
      default -> throw new InvalidImageException(b.source(),
          "corrupt TIFF: tag " + b.u16(entry, little) + " has unexpected type " + type);
    };
    if (count < 1 || count * size > b.length()) {
      throw new InvalidImageException(b.source(),
          "corrupt TIFF: tag " + b.u16(entry, little) + " declares " + count + " values");
    }
    long at = count * size <= 4 ? entry + 8 : b.u32(entry + 8, little);
    if (at + count * size > b.length()) {
      throw new InvalidImageException(b.source(), "truncated: the TIFF data ends inside its image directory values");
    }
    long[] values = new long[(int) count];
    for (int i = 0; i < count; i++) {
      values[i] = size == 2 ? b.u16(at + 2L * i, little) : b.u32(at + 4L * i, little);
    }
    return values;
  }

  // ---------------------------------------------------------------- WebP

  private static ImageHeader readWebp(Bytes b) {
    int n = b.length();
    String tooShort = "truncated: the WebP data ends inside its header";
    if (n < 30) {
      throw new InvalidImageException(b.source(), tooShort);
    }
    String chunk = b.ascii(12, 4);
    long width;
    long height;
    switch (chunk) {
      case "VP8 " -> {
        if (b.u8(23) != 0x9D || b.u8(24) != 0x01 || b.u8(25) != 0x2A) {
          throw new InvalidImageException(b.source(), "corrupt WebP: bad VP8 start code");
        }
        width = b.u16le(26) & 0x3FFF;
        height = b.u16le(28) & 0x3FFF;
      }
      case "VP8L" -> {
        if (b.u8(20) != 0x2F) {
          throw new InvalidImageException(b.source(), "corrupt WebP: bad VP8L signature");
        }
        long bits = b.u32le(21);
        width = (bits & 0x3FFF) + 1;
        height = ((bits >> 14) & 0x3FFF) + 1;
      }
      case "VP8X" -> {
        width = b.u24le(24) + 1;
        height = b.u24le(27) + 1;
      }
      default -> throw new InvalidImageException(b.source(), "corrupt WebP: unknown first chunk '" + chunk + "'");
    }
    long declared = b.u32le(4) + 8;
    String damage = declared > n
        ? "truncated: the WebP container declares " + declared + " bytes but the file has " + n
        : null;
    return checked(b, Format.WEBP, width, height, damage);
  }

  // ---------------------------------------------------------------- helpers

  private static ImageHeader checked(Bytes b, Format format, long width, long height, String damage) {
    if (width <= 0 || height <= 0) {
      throw new InvalidImageException(b.source(), String.format(Locale.ROOT,
          "corrupt %s: the header declares a size of %d x %d pixels", format, width, height));
    }
    return new ImageHeader(format, width, height, damage);
  }

  /** Bounds-checked unsigned reads; a read past the end is reported as truncation of the file. */
  private record Bytes(byte[] data, String source) {

    int length() {
      return data.length;
    }

    int u8(long pos) {
      if (pos < 0 || pos >= data.length) {
        throw new InvalidImageException(source, "truncated: the data ends at byte " + data.length
            + " inside the image header");
      }
      return data[(int) pos] & 0xFF;
    }

    boolean startsWith(int... prefix) {
      if (data.length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if ((data[i] & 0xFF) != (prefix[i] & 0xFF)) {
          return false;
        }
      }
      return true;
    }

    boolean startsWith(byte[] prefix) {
      if (data.length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (data[i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }

    int u16be(long pos) {
      return u8(pos) << 8 | u8(pos + 1);
    }

    int u16le(long pos) {
      return u8(pos) | u8(pos + 1) << 8;
    }

    int u16(long pos, boolean little) {
      return little ? u16le(pos) : u16be(pos);
    }

    long u24le(long pos) {
      return u8(pos) | u8(pos + 1) << 8 | (long) u8(pos + 2) << 16;
    }

    long u32be(long pos) {
      return (long) u8(pos) << 24 | u8(pos + 1) << 16 | u8(pos + 2) << 8 | u8(pos + 3);
    }

    long u32le(long pos) {
      return u8(pos) | u8(pos + 1) << 8 | u8(pos + 2) << 16 | (long) u8(pos + 3) << 24;
    }

    long u32(long pos, boolean little) {
      return little ? u32le(pos) : u32be(pos);
    }

    String ascii(int pos, int count) {
      StringBuilder s = new StringBuilder(count);
      for (int i = 0; i < count; i++) {
        s.append((char) u8(pos + i));
      }
      return s.toString();
    }

    String hexPrefix(int count) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < Math.min(count, data.length); i++) {
        s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", data[i] & 0xFF));
      }
      return s.toString();
    }
  }
}
