package io.github.covidxray.data.dicom;

import io.github.covidxray.data.InvalidImageException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a DICOM Part 10 file (or a bare data set) into {@link DicomElements}, bounds-checking every
 * length against the bytes present so that a truncated or lying file is an {@link InvalidImageException},
 * never an exception from an array access, a huge allocation or an endless loop: each step moves forward,
 * and sequences may nest at most {@value #MAX_DEPTH} deep.
 */
final class DicomParser {

  /** The parsed file: its transfer syntax UID as written and the top-level data set. */
  record Parsed(String transferSyntaxUid, DicomElements dataset) {
  }

  private static final int MAX_DEPTH = 16;
  private static final int UNDEFINED = -1; // 0xFFFFFFFF as a Java int
  private static final Set<String> LONG_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

  private final String source;
  private byte[] buf;
  private int pos;
  private boolean explicit;
  private boolean little;

  private DicomParser(byte[] data, String source) {
    this.buf = data;
    this.source = source;
  }

  /** Whether the bytes start like a DICOM file: the 128-byte preamble and {@code DICM}, or a bare data set. */
  static boolean looksLikeDicom(byte[] d) {
    if (d.length >= 132 && d[128] == 'D' && d[129] == 'I' && d[130] == 'C' && d[131] == 'M') {
      return true;
    }
    // no preamble: a file meta group (0002,xxxx) or an identifying group (0008,xxxx) element first
    return d.length >= 8 && (d[0] == 0x02 || d[0] == 0x08) && d[1] == 0 && d[3] == 0;
  }

  /**
   * Parses a file up to and including its pixel data.
   *
   * @param data the whole file
   * @param source the file name for messages
   * @param maxInflated the most bytes a deflated data set may expand to
   * @param stopAfter parse the top level only up to this tag (e.g. the patient id), or -1 for all
   */
  static Parsed parse(byte[] data, String source, long maxInflated, int stopAfter) {
    DicomParser p = new DicomParser(data, source);
    try {
      return p.parseFile(maxInflated, stopAfter);
    } catch (IndexOutOfBoundsException e) {
      throw new InvalidImageException(source, "truncated DICOM: the data ends inside an element", e);
    }
  }

  private Parsed parseFile(long maxInflated, int stopAfter) {
    if (!looksLikeDicom(buf)) {
      throw new InvalidImageException(source, "not a DICOM file: no 'DICM' after a 128-byte preamble");
    }
    pos = buf.length >= 132 && buf[128] == 'D' && buf[129] == 'I' && buf[130] == 'C' && buf[131] == 'M' ? 132 : 0;
    String uid;
    if (pos + 2 <= buf.length && buf[pos] == 0x02 && buf[pos + 1] == 0) {
      explicit = true; // the file meta group is always explicit VR little endian
      little = true;
      DicomElements meta = new DicomElements(source);
      while (pos + 4 <= buf.length && u16(pos) == 0x0002) {
        meta.put(readElement(0));
      }
      uid = meta.string(DicomTags.TRANSFER_SYNTAX_UID);
      if (uid == null || uid.isEmpty()) {
        throw new InvalidImageException(source,
            "corrupt DICOM: the file meta information has no Transfer Syntax UID (0002,0010)");
      }
    } else if (buf.length >= 6 && Character.isUpperCase(buf[pos + 4]) && Character.isUpperCase(buf[pos + 5])) {
      uid = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid; // bare data set: guess from the first element
    } else {
      uid = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid;
    }
    TransferSyntax ts = TransferSyntax.of(uid).orElse(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN); // all others
    explicit = ts.explicitVr;
    little = ts.littleEndian;
    if (ts == TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
      buf = inflate(buf, pos, maxInflated);
      pos = 0;
    }
    DicomElements dataset = new DicomElements(source);
    readItems(dataset, buf.length, 0, stopAfter);
    return new Parsed(uid, dataset);
  }

  /** Reads elements into {@code into} until {@code end}, an item delimiter, or (top level) pixel data. */
  private void readItems(DicomElements into, int end, int depth, int stopAfter) {
    while (pos < end) {
      if (depth == 0 && end - pos < 8 && allZero(pos, end)) {
        return; // trailing padding
      }
      int tag = tagAt(pos);
      if (stopAfter >= 0 && depth == 0 && Integer.compareUnsigned(tag, stopAfter) > 0) {
        return;
      }
      if (tag == DicomTags.ITEM_DELIMITATION) {
        pos += 8;
        return;
      }
      DicomElements.Element e = readElement(depth);
      into.put(e);
      if (depth == 0 && tag == DicomTags.PIXEL_DATA) {
        return; // nothing after the pixel data matters
      }
    }
  }

  private DicomElements.Element readElement(int depth) {
    int tag = tagAt(pos);
    need(8, tag);
    String vr;
    int length;
    if (explicit && (tag >>> 16) != 0xFFFE) {
      vr = new String(buf, pos + 4, 2, StandardCharsets.US_ASCII);
      if (!Character.isUpperCase(vr.charAt(0)) || !Character.isUpperCase(vr.charAt(1))) {
        throw corrupt(String.format(Locale.ROOT, "element %s has no valid VR (bytes %02X %02X) at byte %d",
            DicomTags.hex(tag), buf[pos + 4], buf[pos + 5], pos));
      }
      if (LONG_VRS.contains(vr)) {
        need(12, tag);
        length = (int) u32(pos + 8);
        pos += 12;
      } else {
        length = u16(pos + 6);
        pos += 8;
      }
    } else {
      vr = DicomTags.implicitVr(tag);
      length = (int) u32(pos + 4);
      pos += 8;
    }
    if (length == UNDEFINED) {
      if (tag == DicomTags.PIXEL_DATA) {
        return readEncapsulated(tag, vr);
      }
      boolean wasExplicit = explicit;
      if ("UN".equals(vr)) {
        explicit = false; // an undefined-length UN is an implicit VR little endian sequence
      }
      List<DicomElements> items = readSequence(tag, Integer.MAX_VALUE, depth);
      explicit = wasExplicit;
      return new DicomElements.Element(tag, "SQ", buf, pos, 0, little, items, null);
    }
    if (length < 0 || length > buf.length - pos) {
      throw truncated(String.format(Locale.ROOT, "%s %s declares %d bytes but only %d remain in the file",
          DicomTags.name(tag), DicomTags.hex(tag), Integer.toUnsignedLong(length), buf.length - pos));
    }
    int start = pos;
    if ("SQ".equals(vr)) {
      List<DicomElements> items = readSequence(tag, start + length, depth);
      pos = start + length;
      return new DicomElements.Element(tag, vr, buf, start, length, little, items, null);
    }
    pos += length;
    return new DicomElements.Element(tag, vr, buf, start, length, little, null, null);
  }

  private List<DicomElements> readSequence(int tag, int end, int depth) {
    if (depth + 1 > MAX_DEPTH) {
      throw corrupt("sequences nest more than " + MAX_DEPTH + " deep");
    }
    List<DicomElements> items = new ArrayList<>();
    while (pos < end && pos < buf.length) {
      int itemTag = tagAt(pos);
      need(8, itemTag);
      int length = (int) u32(pos + 4);
      pos += 8;
      if (itemTag == DicomTags.SEQUENCE_DELIMITATION) {
        return items;
      }
      if (itemTag != DicomTags.ITEM) {
        throw corrupt(String.format(Locale.ROOT, "expected an item (FFFE,E000) in sequence %s, found %s",
            DicomTags.hex(tag), DicomTags.hex(itemTag)));
      }
      DicomElements item = new DicomElements(source);
      if (length == UNDEFINED) {
        readItems(item, buf.length, depth + 1, -1);
      } else {
        if (length < 0 || length > buf.length - pos) {
          throw truncated("an item of sequence " + DicomTags.hex(tag) + " extends beyond the end of the file");
        }
        int itemEnd = pos + length;
        readItems(item, itemEnd, depth + 1, -1);
        pos = itemEnd;
      }
      items.add(item);
    }
    if (end == Integer.MAX_VALUE) {
      throw truncated("sequence " + DicomTags.hex(tag) + " has no sequence delimiter");
    }
    return items;
  }

  private DicomElements.Element readEncapsulated(int tag, String vr) {
    List<DicomElements.Fragment> fragments = new ArrayList<>();
    while (true) {
      if (buf.length - pos < 8) {
        throw truncated("the encapsulated pixel data has no sequence delimiter (FFFE,E0DD)");
      }
      int itemTag = tagAt(pos);
      long length = u32(pos + 4);
      pos += 8;
      if (itemTag == DicomTags.SEQUENCE_DELIMITATION) {
        return new DicomElements.Element(tag, vr, buf, pos, 0, little, null, List.copyOf(fragments));
      }
      if (itemTag != DicomTags.ITEM) {
        throw corrupt("expected a pixel data item (FFFE,E000), found " + DicomTags.hex(itemTag));
      }
      if (length > buf.length - pos) {
        throw truncated(String.format(Locale.ROOT,
            "a pixel data fragment declares %d bytes but only %d remain in the file", length, buf.length - pos));
      }
      fragments.add(new DicomElements.Fragment(pos, (int) length));
      pos += (int) length;
    }
  }

  private byte[] inflate(byte[] data, int from, long maxInflated) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(data, from, data.length - from);
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, (data.length - from) * 2));
      byte[] chunk = new byte[65536];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw truncated("the deflated data set ends early");
        }
        out.write(chunk, 0, n);
        if (out.size() > maxInflated) {
          throw new InvalidImageException(source, "the deflated data set expands to more than " + maxInflated
              + " bytes, beyond what the pixel budget allows; it was not decoded further");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new InvalidImageException(source, "corrupt DICOM: the deflated data set cannot be inflated ("
          + e.getMessage() + ")", e);
    } finally {
      inflater.end();
    }
  }

  private boolean allZero(int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private void need(int bytes, int tag) {
    if (buf.length - pos < bytes) {
      throw truncated("the file ends inside the header of element " + DicomTags.hex(tag));
    }
  }

  private int tagAt(int at) {
    if (buf.length - at < 4) {
      throw truncated("the file ends inside an element tag at byte " + at);
    }
    return u16(at) << 16 | u16(at + 2);
  }

  private int u16(int at) {
    int a = buf[at] & 0xFF;
    int b = buf[at + 1] & 0xFF;
    return little ? a | b << 8 : b | a << 8;
  }

  private long u32(int at) {
    long a = u16(at);
    long b = u16(at + 2);
    return little ? a | b << 16 : b | a << 16;
  }

  private InvalidImageException truncated(String what) {
    return new InvalidImageException(source, "truncated DICOM: " + what);
  }

  private InvalidImageException corrupt(String what) {
    return new InvalidImageException(source, "corrupt DICOM: " + what);
  }
}
