package io.github.covidxray.data.dicom;

import java.util.Locale;
import java.util.Map;

/** The few DICOM tags the reader uses, with their VR for implicit-VR files and names for messages. */
final class DicomTags {

  static final int TRANSFER_SYNTAX_UID = 0x00020010;
  static final int PATIENT_ID = 0x00100020;
  static final int SAMPLES_PER_PIXEL = 0x00280002;
  static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
  static final int NUMBER_OF_FRAMES = 0x00280008;
  static final int ROWS = 0x00280010;
  static final int COLUMNS = 0x00280011;
  static final int BITS_ALLOCATED = 0x00280100;
  static final int BITS_STORED = 0x00280101;
  static final int HIGH_BIT = 0x00280102;
  static final int PIXEL_REPRESENTATION = 0x00280103;
  static final int PIXEL_PADDING_VALUE = 0x00280120;
  static final int WINDOW_CENTER = 0x00281050;
  static final int WINDOW_WIDTH = 0x00281051;
  static final int RESCALE_INTERCEPT = 0x00281052;
  static final int RESCALE_SLOPE = 0x00281053;
  static final int VOI_LUT_FUNCTION = 0x00281056;
  static final int LUT_DESCRIPTOR = 0x00283002;
  static final int LUT_DATA = 0x00283006;
  static final int VOI_LUT_SEQUENCE = 0x00283010;
  static final int PIXEL_DATA = 0x7FE00010;
  static final int ITEM = 0xFFFEE000;
  static final int ITEM_DELIMITATION = 0xFFFEE00D;
  static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

  private static final Map<Integer, String> VR = Map.ofEntries(
      Map.entry(TRANSFER_SYNTAX_UID, "UI"), Map.entry(PATIENT_ID, "LO"),
      Map.entry(SAMPLES_PER_PIXEL, "US"), Map.entry(PHOTOMETRIC_INTERPRETATION, "CS"),
      Map.entry(NUMBER_OF_FRAMES, "IS"), Map.entry(ROWS, "US"), Map.entry(COLUMNS, "US"),
      Map.entry(BITS_ALLOCATED, "US"), Map.entry(BITS_STORED, "US"), Map.entry(HIGH_BIT, "US"),
      Map.entry(PIXEL_REPRESENTATION, "US"), Map.entry(PIXEL_PADDING_VALUE, "US"),
      Map.entry(WINDOW_CENTER, "DS"), Map.entry(WINDOW_WIDTH, "DS"), Map.entry(RESCALE_INTERCEPT, "DS"),
      Map.entry(RESCALE_SLOPE, "DS"), Map.entry(VOI_LUT_FUNCTION, "CS"), Map.entry(LUT_DESCRIPTOR, "US"),
      Map.entry(LUT_DATA, "OW"), Map.entry(VOI_LUT_SEQUENCE, "SQ"), Map.entry(0x00283000, "SQ"),
      Map.entry(PIXEL_DATA, "OW"));

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(TRANSFER_SYNTAX_UID, "Transfer Syntax UID"), Map.entry(PATIENT_ID, "Patient ID"),
      Map.entry(SAMPLES_PER_PIXEL, "Samples per Pixel"),
      Map.entry(PHOTOMETRIC_INTERPRETATION, "Photometric Interpretation"),
      Map.entry(NUMBER_OF_FRAMES, "Number of Frames"), Map.entry(ROWS, "Rows"), Map.entry(COLUMNS, "Columns"),
      Map.entry(BITS_ALLOCATED, "Bits Allocated"), Map.entry(BITS_STORED, "Bits Stored"),
      Map.entry(HIGH_BIT, "High Bit"), Map.entry(PIXEL_REPRESENTATION, "Pixel Representation"),
      Map.entry(PIXEL_PADDING_VALUE, "Pixel Padding Value"), Map.entry(WINDOW_CENTER, "Window Center"),
      Map.entry(WINDOW_WIDTH, "Window Width"), Map.entry(RESCALE_INTERCEPT, "Rescale Intercept"),
      Map.entry(RESCALE_SLOPE, "Rescale Slope"), Map.entry(VOI_LUT_FUNCTION, "VOI LUT Function"),
      Map.entry(LUT_DESCRIPTOR, "LUT Descriptor"), Map.entry(LUT_DATA, "LUT Data"),
      Map.entry(VOI_LUT_SEQUENCE, "VOI LUT Sequence"), Map.entry(PIXEL_DATA, "Pixel Data"));

  private DicomTags() {
  }

  /** The VR an implicit-VR file leaves out, for the tags the reader interprets; {@code UN} otherwise. */
  static String implicitVr(int tag) {
    return VR.getOrDefault(tag, "UN");
  }

  static String name(int tag) {
    return NAMES.getOrDefault(tag, "element");
  }

  static String hex(int tag) {
    return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }
}
