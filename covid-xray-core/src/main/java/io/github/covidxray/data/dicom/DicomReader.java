package io.github.covidxray.data.dicom;

import io.github.covidxray.data.InvalidImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads DICOM files for the data loader: the first frame of a monochrome image, mapped to 8-bit gray the
 * way viewers show it (see {@link DisplayMapping}), and the Patient ID for group splits.
 *
 * <p>This is a focused reader written for the project rather than a library: the well-kept Java DICOM
 * toolkits (dcm4che, PixelMed) are not on Maven Central. It decodes Implicit and Explicit VR Little
 * Endian, Deflated Explicit VR Little Endian, Explicit VR Big Endian, JPEG Baseline (OpenCV), JPEG
 * Lossless process 14 and SV1 ({@link JpegLosslessDecoder}), JPEG 2000 lossless and lossy (jai-imageio)
 * and RLE Lossless ({@link RleDecoder}); any other transfer syntax is an {@link InvalidImageException}
 * naming its UID. The package is not exported: callers go through {@code ImagePreprocessor}.
 */
public final class DicomReader {

  private static final Logger LOG = LoggerFactory.getLogger(DicomReader.class);

  private DicomReader() {
  }

  /**
   * Whether data starts like a DICOM file (the 128-byte preamble and {@code DICM}, or a bare data set
   * starting with group 0002 or 0008); none of the other image formats starts that way.
   *
   * @param data the file's first bytes (132 are enough)
   * @return true for DICOM
   */
  public static boolean looksLikeDicom(byte[] data) {
    return DicomParser.looksLikeDicom(data);
  }

  /**
   * Decodes the first frame of a DICOM file into 8-bit gray; a multi-frame file gets a warning.
   *
   * @param data the whole file
   * @param source the file name, for messages
   * @param maxPixels the pixel budget rows x columns must stay within (checked before decoding)
   * @return the image
   * @throws InvalidImageException naming the file when it is truncated or corrupt, has no pixel data, is
   *     over the pixel budget, is not monochrome 8 to 16 bits, or uses a transfer syntax not listed above
   */
  public static DicomImage read(byte[] data, String source, long maxPixels) {
    // the pixel data of a frame within the budget is at most 2 bytes a pixel; room for the rest
    long maxInflated = Math.min(Integer.MAX_VALUE - 16L, Math.max(1L << 20, maxPixels * 4 + (64L << 20)));
    DicomParser.Parsed parsed = DicomParser.parse(data, source, maxInflated, -1);
    DicomElements ds = parsed.dataset();
    String uid = parsed.transferSyntaxUid();
    TransferSyntax ts = TransferSyntax.of(uid).orElseThrow(() -> new InvalidImageException(source,
        "unsupported DICOM transfer syntax " + uid + "; supported: implicit, explicit and deflated VR little"
            + " endian, explicit VR big endian, JPEG baseline, JPEG lossless, JPEG 2000 and RLE lossless"));

    int rows = required(ds, DicomTags.ROWS, source);
    int columns = required(ds, DicomTags.COLUMNS, source);
    long pixels = (long) rows * columns;
    if (pixels > maxPixels) {
      throw new InvalidImageException(source, String.format(Locale.ROOT,
          "its DICOM header claims %d x %d = %d pixels, more than the pixel budget of %d (maxPixels); "
              + "it was not decoded. Raise maxPixels if the image is genuine", columns, rows, pixels, maxPixels));
    }
    String photometric = ds.string(DicomTags.PHOTOMETRIC_INTERPRETATION);
    if (!"MONOCHROME1".equals(photometric) && !"MONOCHROME2".equals(photometric)) {
      throw new InvalidImageException(source, "unsupported DICOM Photometric Interpretation '" + photometric
          + "'; expected MONOCHROME1 or MONOCHROME2 (a gray radiograph)");
    }
    int samples = ds.u16(DicomTags.SAMPLES_PER_PIXEL, 1);
    int bitsAllocated = ds.u16(DicomTags.BITS_ALLOCATED, -1);
    int bitsStored = ds.u16(DicomTags.BITS_STORED, bitsAllocated);
    int highBit = ds.u16(DicomTags.HIGH_BIT, bitsStored - 1);
    boolean signed = ds.u16(DicomTags.PIXEL_REPRESENTATION, 0) == 1;
    if (samples != 1 || (bitsAllocated != 8 && bitsAllocated != 16) || bitsStored < 8 || bitsStored > bitsAllocated
        || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
      throw new InvalidImageException(source, String.format(Locale.ROOT,
          "unsupported DICOM pixel layout: %d sample(s) per pixel, Bits Allocated %d, Bits Stored %d, High Bit %d;"
              + " expected one sample of 8 to 16 bits stored in 8 or 16 allocated", samples, bitsAllocated,
          bitsStored, highBit));
    }
    Double frameCount = ds.decimal(DicomTags.NUMBER_OF_FRAMES);
    int frames = frameCount == null || frameCount < 1 ? 1 : frameCount.intValue();
    if (frames > 1) {
      LOG.warn("{}: the DICOM file has {} frames; only the first is used", source, frames);
    }
    DicomElements.Element pixelData = ds.get(DicomTags.PIXEL_DATA);
    if (pixelData == null) {
      throw new InvalidImageException(source, "the DICOM file has no Pixel Data (7FE0,0010)");
    }

    int[] raw = switch (ts) {
      case IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
          EXPLICIT_VR_BIG_ENDIAN -> nativeFrame(pixelData, rows, columns, bitsAllocated, source);
      case JPEG_BASELINE -> FrameDecoders.jpegBaseline(firstFrame(pixelData, frames, source), rows, columns, source);
      case JPEG_LOSSLESS_PROCESS_14, JPEG_LOSSLESS_SV1 ->
          JpegLosslessDecoder.decode(firstFrame(pixelData, frames, source), rows, columns, source);
      case JPEG_2000_LOSSLESS, JPEG_2000 ->
          FrameDecoders.jpeg2000(firstFrame(pixelData, frames, source), rows, columns, source);
      case RLE_LOSSLESS -> RleDecoder.decode(firstFrame(pixelData, frames, source), rows, columns, bitsAllocated,
          source);
    };
    int[] stored = new int[raw.length];
    int shift = highBit + 1 - bitsStored;
    int mask = (1 << bitsStored) - 1;
    int sign = 1 << (bitsStored - 1);
    // a lossy JPEG 2000 decoder may overshoot the stored range: its unsigned values are kept as they are
    boolean unmasked = !signed && (ts == TransferSyntax.JPEG_2000 || ts == TransferSyntax.JPEG_2000_LOSSLESS);
    for (int i = 0; i < raw.length; i++) {
      if (unmasked) {
        stored[i] = raw[i];
        continue;
      }
      int v = (raw[i] >> shift) & mask;
      stored[i] = signed && (v & sign) != 0 ? v - (1 << bitsStored) : v;
    }
    Integer padding = null;
    if (ds.has(DicomTags.PIXEL_PADDING_VALUE)) {
      int p = ds.u16(DicomTags.PIXEL_PADDING_VALUE, 0) & mask;
      padding = signed && (p & sign) != 0 ? p - (1 << bitsStored) : p;
    }
    Double slope = ds.decimal(DicomTags.RESCALE_SLOPE);
    Double intercept = ds.decimal(DicomTags.RESCALE_INTERCEPT);
    DisplayMapping.Lut lut = DisplayMapping.firstLut(ds, signed);
    DisplayMapping.Window window = lut == null ? DisplayMapping.firstWindow(ds) : null;
    byte[] gray = DisplayMapping.toEightBit(stored, slope == null || slope == 0 ? 1 : slope,
        intercept == null ? 0 : intercept, lut, window, "MONOCHROME1".equals(photometric), padding);
    return new DicomImage(columns, rows, gray, bitsAllocated, frames, uid, patientId(ds));
  }

  /**
   * The Patient ID (0010,0020) of a DICOM file, reading only as far as that element.
   *
   * @param data the file's bytes (the whole file, or at least its header)
   * @param source the file name, for messages
   * @return the id, or {@code null} when the file has none or an empty one
   * @throws InvalidImageException when the header is corrupt or ends before the Patient ID
   */
  public static String patientId(byte[] data, String source) {
    DicomParser.Parsed parsed = DicomParser.parse(data, source, Integer.MAX_VALUE - 16L, DicomTags.PATIENT_ID);
    return patientId(parsed.dataset());
  }

  private static String patientId(DicomElements ds) {
    String id = ds.string(DicomTags.PATIENT_ID);
    return id == null || id.isEmpty() ? null : id;
  }

  private static int required(DicomElements ds, int tag, String source) {
    int v = ds.u16(tag, 0);
    if (v < 1) {
      throw new InvalidImageException(source, "corrupt DICOM: " + DicomTags.name(tag) + " " + DicomTags.hex(tag)
          + " is missing or zero; expected the image size");
    }
    return v;
  }

  private static int[] nativeFrame(DicomElements.Element e, int rows, int columns, int bitsAllocated,
      String source) {
    if (e.fragments() != null) {
      throw new InvalidImageException(source, "corrupt DICOM: the pixel data is encapsulated (compressed) but the"
          + " transfer syntax is uncompressed");
    }
    int bytes = bitsAllocated / 8;
    long needed = (long) rows * columns * bytes;
    if (e.length() < needed) {
      throw new InvalidImageException(source, String.format(Locale.ROOT,
          "truncated DICOM: the pixel data has %d bytes, expected at least %d for one %d x %d frame of %d-bit "
              + "samples", e.length(), needed, columns, rows, bitsAllocated));
    }
    int n = rows * columns;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = bytes == 1 ? e.buf()[e.offset() + i] & 0xFF : DicomElements.u16(e, i);
    }
    return out;
  }

  /** The compressed bytes of the first frame, found through the basic offset table when there is one. */
  private static byte[] firstFrame(DicomElements.Element e, int frames, String source) {
    List<DicomElements.Fragment> fragments = e.fragments();
    if (fragments == null) {
      throw new InvalidImageException(source, "corrupt DICOM: the transfer syntax is compressed but the pixel"
          + " data is not encapsulated");
    }
    if (fragments.size() < 2) {
      throw new InvalidImageException(source, "the DICOM file's encapsulated pixel data holds no frame");
    }
    DicomElements.Fragment table = fragments.get(0);
    List<DicomElements.Fragment> data = fragments.subList(1, fragments.size());
    List<DicomElements.Fragment> first = new ArrayList<>();
    if (frames == 1) {
      first.addAll(data);
    } else if (table.length() >= 8) {
      long end = u32(e.buf(), table.offset() + 4); // offset of the second frame's first fragment
      long at = 0;
      for (DicomElements.Fragment f : data) {
        if (at >= end) {
          break;
        }
        first.add(f);
        at += 8L + f.length();
      }
    } else if (data.size() == frames) {
      first.add(data.get(0));
    } else {
      for (DicomElements.Fragment f : data) { // JPEG family: up to the fragment ending in an end marker
        first.add(f);
        if (f.length() >= 2 && (e.buf()[f.offset() + f.length() - 2] & 0xFF) == 0xFF
            && (e.buf()[f.offset() + f.length() - 1] & 0xFF) == 0xD9) {
          break;
        }
      }
    }
    int total = first.stream().mapToInt(DicomElements.Fragment::length).sum();
    byte[] out = new byte[total];
    int o = 0;
    for (DicomElements.Fragment f : first) {
      System.arraycopy(e.buf(), f.offset(), out, o, f.length());
      o += f.length();
    }
    return out;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }
}
