package io.github.covidxray.data;

import java.util.Objects;

/**
 * Where one image of a data set came from: one row of {@link DatasetManifest}.
 *
 * @param file the image's path relative to the manifest's folder, with {@code /} separators
 *     (normally just the file name)
 * @param patientId the source's patient identifier, or {@code ""} when unknown; images of one patient
 *     must stay on one side of a train/test split
 * @param view the radiographic view as the source recorded it ({@code PA}, {@code AP},
 *     {@code AP Supine}, ...), or {@code ""}
 * @param license the image's licence as the source stated it, or {@code ""} when not stated
 * @param source where the image was published: a DOI when known, otherwise a URL, or {@code ""}
 * @param finding the source's label for the image (e.g. {@code COVID-19}), or {@code ""}
 */
public record ManifestEntry(
    String file, String patientId, String view, String license, String source, String finding) {

  /** Rejects a missing or unsafe file path; other fields default to {@code ""} and are trimmed. */
  public ManifestEntry {
    Objects.requireNonNull(file, "file");
    file = file.strip();
    if (file.isEmpty()) {
      throw new IllegalArgumentException("manifest entry needs a file name");
    }
    if (file.startsWith("/") || file.contains("\\") || file.matches("^[A-Za-z]:.*")) {
      throw new IllegalArgumentException("manifest file must be a relative path with '/' separators, got '"
          + file + "'");
    }
    for (String part : file.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException(
            "manifest file must not contain empty, '.' or '..' parts, got '" + file + "'");
      }
    }
    patientId = clean(patientId);
    view = clean(view);
    license = clean(license);
    source = clean(source);
    finding = clean(finding);
  }

  /** The last part of {@link #file()}: the image's own file name. */
  public String fileName() {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? file : file.substring(slash + 1);
  }

  private static String clean(String value) {
    return value == null ? "" : value.strip();
  }
}
