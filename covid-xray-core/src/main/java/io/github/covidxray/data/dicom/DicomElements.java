package io.github.covidxray.data.dicom;

import io.github.covidxray.data.InvalidImageException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed DICOM data set (the file's top level or a sequence item): its elements by tag, each a
 * view on the bytes it was read from. Only what the pixel rules need is interpreted, on demand.
 */
final class DicomElements {

  /** One element: its VR as written (or as the dictionary says, for implicit VR), value and items. */
  record Element(int tag, String vr, byte[] buf, int offset, int length, boolean little,
      List<DicomElements> items, List<Fragment> fragments) {
  }

  /** One item of encapsulated pixel data, the first being the basic offset table. */
  record Fragment(int offset, int length) {
  }

  private final Map<Integer, Element> elements = new HashMap<>();
  private final String source;

  DicomElements(String source) {
    this.source = source;
  }

  void put(Element e) {
    elements.putIfAbsent(e.tag(), e);
  }

  Element get(int tag) {
    return elements.get(tag);
  }

  boolean has(int tag) {
    return elements.containsKey(tag);
  }

  /** The text value, trailing spaces and NULs removed, or {@code null} when absent. */
  String string(int tag) {
    Element e = elements.get(tag);
    if (e == null) {
      return null;
    }
    String s = new String(e.buf(), e.offset(), e.length(), StandardCharsets.ISO_8859_1);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    int start = 0;
    while (start < end && s.charAt(start) == ' ') {
      start++;
    }
    return s.substring(start, end);
  }

  /** The first of the backslash-separated decimal values (DS, IS), or {@code null} when absent or empty. */
  Double decimal(int tag) {
    String s = string(tag);
    if (s == null || s.isEmpty()) {
      return null;
    }
    String first = s.split("\\\\", -1)[0].trim();
    if (first.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(first);
    } catch (NumberFormatException e) {
      throw new InvalidImageException(source, String.format("corrupt DICOM: %s %s is not a number: '%s'",
          DicomTags.name(tag), DicomTags.hex(tag), s));
    }
  }

  /** An unsigned 16-bit value (US; also accepts IS text), or {@code fallback} when absent. */
  int u16(int tag, int fallback) {
    Element e = elements.get(tag);
    if (e == null || e.length() == 0) {
      return fallback;
    }
    if ("IS".equals(e.vr()) || "DS".equals(e.vr())) {
      return decimal(tag).intValue();
    }
    if (e.length() < 2) {
      throw new InvalidImageException(source, String.format("corrupt DICOM: %s %s has %d byte(s), expected 2",
          DicomTags.name(tag), DicomTags.hex(tag), e.length()));
    }
    return u16(e, 0);
  }

  /** The {@code index}-th unsigned 16-bit word of an element's value. */
  static int u16(Element e, int index) {
    int at = e.offset() + 2 * index;
    int lo = e.buf()[at] & 0xFF;
    int hi = e.buf()[at + 1] & 0xFF;
    return e.little() ? lo | hi << 8 : hi | lo << 8;
  }

  /** The items of a sequence, empty when absent. */
  List<DicomElements> items(int tag) {
    Element e = elements.get(tag);
    return e == null || e.items() == null ? List.of() : e.items();
  }
}
