package io.github.covidxray.data.dicom;

import java.util.List;

/**
 * Turns stored pixel values into the 8-bit gray a viewer shows (PS3.3 C.11): rescale slope and
 * intercept, then the first VOI LUT, else the first window (LINEAR, LINEAR_EXACT or SIGMOID), else the
 * min–max of the image; MONOCHROME1 is inverted so bone is bright; pixels equal to the Pixel Padding
 * Value are left out of the min–max and shown black.
 */
final class DisplayMapping {

  /** A VOI LUT: first stored value mapped, output bits, and the table. */
  record Lut(int firstMapped, int bits, int[] data) {
  }

  /** A window: centre, width and VOI LUT function. */
  record Window(double center, double width, String function) {
  }

  private DisplayMapping() {
  }

  static byte[] toEightBit(int[] stored, double slope, double intercept, Lut lut, Window window,
      boolean monochrome1, Integer padding) {
    int n = stored.length;
    double[] x = new double[n];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      x[i] = stored[i] * slope + intercept;
      if (padding == null || stored[i] != padding) {
        lo = Math.min(lo, x[i]);
        hi = Math.max(hi, x[i]);
      }
    }
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      if (padding != null && stored[i] == padding) {
        out[i] = 0;
        continue;
      }
      double y;
      if (lut != null) {
        long index = Math.round(x[i]) - lut.firstMapped();
        int k = (int) Math.max(0, Math.min(lut.data().length - 1, index));
        y = lut.data()[k] * 255.0 / ((1 << lut.bits()) - 1);
      } else if (window != null) {
        double c = window.center();
        double w = window.width();
        y = switch (window.function()) {
          case "LINEAR_EXACT" -> ((x[i] - c) / w + 0.5) * 255.0;
          case "SIGMOID" -> 255.0 / (1.0 + Math.exp(-4.0 * (x[i] - c) / w));
          default -> ((x[i] - (c - 0.5)) / (w - 1) + 0.5) * 255.0;
        };
      } else {
        y = hi > lo ? (x[i] - lo) / (hi - lo) * 255.0 : 0;
      }
      int v = (int) Math.max(0, Math.min(255, Math.floor(y + 0.5)));
      out[i] = (byte) (monochrome1 ? 255 - v : v);
    }
    return out;
  }

  /** The first usable window of a data set, or {@code null}: a LINEAR width must be at least 1. */
  static Window firstWindow(DicomElements ds) {
    Double c = ds.decimal(DicomTags.WINDOW_CENTER);
    Double w = ds.decimal(DicomTags.WINDOW_WIDTH);
    if (c == null || w == null) {
      return null;
    }
    String function = ds.string(DicomTags.VOI_LUT_FUNCTION);
    function = function == null || function.isEmpty() ? "LINEAR" : function.toUpperCase(java.util.Locale.ROOT);
    if (!List.of("LINEAR", "LINEAR_EXACT", "SIGMOID").contains(function)) {
      function = "LINEAR";
    }
    boolean usable = "LINEAR".equals(function) ? w >= 1 : w > 0;
    return usable ? new Window(c, w, function) : null;
  }

  /** The first VOI LUT of a data set, or {@code null} when it has none usable. */
  static Lut firstLut(DicomElements ds, boolean signed) {
    List<DicomElements> items = ds.items(DicomTags.VOI_LUT_SEQUENCE);
    if (items.isEmpty()) {
      return null;
    }
    DicomElements item = items.get(0);
    DicomElements.Element descriptor = item.get(DicomTags.LUT_DESCRIPTOR);
    DicomElements.Element data = item.get(DicomTags.LUT_DATA);
    if (descriptor == null || data == null || descriptor.length() < 6) {
      return null;
    }
    int entries = DicomElements.u16(descriptor, 0);
    entries = entries == 0 ? 65536 : entries;
    int first = DicomElements.u16(descriptor, 1);
    first = signed ? (short) first : first;
    int bits = DicomElements.u16(descriptor, 2);
    if (bits < 1 || bits > 16) {
      return null;
    }
    int[] table = new int[entries];
    if (data.length() >= 2 * entries) {
      for (int i = 0; i < entries; i++) {
        table[i] = DicomElements.u16(data, i);
      }
    } else if (bits <= 8 && data.length() >= entries) {
      for (int i = 0; i < entries; i++) {
        table[i] = data.buf()[data.offset() + i] & 0xFF; // 8-bit entries packed in bytes
      }
    } else {
      return null;
    }
    return new Lut(first, bits, table);
  }
}
