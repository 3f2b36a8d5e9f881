package io.github.covidxray.data.dicom;

import java.util.Arrays;
import java.util.Optional;

/** The transfer syntaxes whose pixel data the reader decodes, and how each is laid out. */
enum TransferSyntax {
  IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, true, false),
  EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", true, true, false),
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", true, true, false),
  EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", true, false, false),
  JPEG_BASELINE("1.2.840.10008.1.2.4.50", true, true, true),
  JPEG_LOSSLESS_PROCESS_14("1.2.840.10008.1.2.4.57", true, true, true),
  JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", true, true, true),
  JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", true, true, true),
  JPEG_2000("1.2.840.10008.1.2.4.91", true, true, true),
  RLE_LOSSLESS("1.2.840.10008.1.2.5", true, true, true);

  final String uid;
  final boolean explicitVr;
  final boolean littleEndian;
  final boolean encapsulated;

  TransferSyntax(String uid, boolean explicitVr, boolean littleEndian, boolean encapsulated) {
    this.uid = uid;
    this.explicitVr = explicitVr;
    this.littleEndian = littleEndian;
    this.encapsulated = encapsulated;
  }

  static Optional<TransferSyntax> of(String uid) {
    return Arrays.stream(values()).filter(t -> t.uid.equals(uid)).findFirst();
  }
}
