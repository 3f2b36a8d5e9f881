package io.github.covidxray.data;

import io.github.covidxray.internal.AtomicFiles;
import io.github.covidxray.internal.CsvTable;
import io.github.covidxray.internal.CsvWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The provenance of the images in one data set folder, kept next to them as {@value #FILE_NAME}:
 * per image its patient id, view, licence, source and finding.
 *
 * <p>Why it exists: the tutorial's data set has several X-rays of the same patient, so a random
 * image-level split puts a patient's day-0 film in training and the day-4 film in the test set. The
 * manifest keeps the patient id so that splits can keep each patient on one side ({@link #groupOf}),
 * and keeps the licence and source so that a user can check what they may do with each image.
 *
 * <p>The CSV columns are {@code file, patient_id, view, license, source, finding}. On reading, column
 * names are matched ignoring case, spaces and punctuation, and {@code filename} / {@code patientid} /
 * {@code patient} / {@code licence} are accepted too, so that Joseph Cohen's {@code metadata.csv} reads as
 * a manifest; only the file column is required, and rows without a file are skipped. For the patient ids
 * of a whole data set folder, see {@link PatientIds}.
 */
public final class DatasetManifest {

  /** The manifest's file name inside a data set folder. */
  public static final String FILE_NAME = "manifest.csv";

  /** Names accepted for the image column on reading: builders write {@code file}, Cohen's CSV {@code filename}. */
  public static final List<String> FILE_COLUMNS = List.of("file", "filename");

  /** Names accepted for the patient column on reading ({@code patient_id}; Cohen's {@code Patientid}). */
  public static final List<String> PATIENT_COLUMNS = List.of("patient_id", "patient");

  /** The CSV header this class writes, in order. */
  public static final List<String> COLUMNS =
      List.of("file", "patient_id", "view", "license", "source", "finding");

  private final List<ManifestEntry> entries;
  private final Map<String, List<ManifestEntry>> byFileName;

  private DatasetManifest(List<ManifestEntry> entries) {
    this.entries = List.copyOf(entries);
    Map<String, List<ManifestEntry>> index = new HashMap<>();
    Map<String, ManifestEntry> seen = new HashMap<>();
    for (ManifestEntry e : this.entries) {
      ManifestEntry previous = seen.putIfAbsent(e.file(), e);
      if (previous != null) {
        throw new IllegalArgumentException("manifest lists file '" + e.file() + "' twice");
      }
      index.computeIfAbsent(e.fileName(), k -> new ArrayList<>()).add(e);
    }
    this.byFileName = index;
  }

  /**
   * A manifest of these entries, in this order.
   *
   * @throws IllegalArgumentException if a file is listed twice
   */
  public static DatasetManifest of(List<ManifestEntry> entries) {
    Objects.requireNonNull(entries, "entries");
    return new DatasetManifest(entries);
  }

  /**
   * Reads a manifest CSV.
   *
   * @throws IllegalArgumentException naming the file and line for a missing {@code file} column, an
   *     invalid file path or a file listed twice
   * @throws IOException if the file cannot be read or is not valid CSV
   */
  public static DatasetManifest read(Path csv) throws IOException {
    CsvTable table = CsvTable.read(csv);
    List<String> header = table.header().stream().map(DatasetManifest::normalize).toList();
    int file = requiredColumn(header, csv, "file", FILE_COLUMNS);
    OptionalInt patient = column(header, PATIENT_COLUMNS);
    OptionalInt view = column(header, List.of("view"));
    OptionalInt license = column(header, List.of("license", "licence"));
    OptionalInt source = column(header, List.of("source"));
    OptionalInt finding = column(header, List.of("finding"));
    List<ManifestEntry> entries = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      if (row.get(file).isBlank()) {
        continue;   // e.g. a metadata row of a source that lists a study without an image file
      }
      try {
        entries.add(new ManifestEntry(row.get(file), cell(row, patient), cell(row, view),
            cell(row, license), cell(row, source), cell(row, finding)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(csv + ", line " + row.line() + ": " + e.getMessage(), e);
      }
    }
    try {
      return new DatasetManifest(entries);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(csv + ": " + e.getMessage(), e);
    }
  }

  /**
   * The manifest of a data set folder ({@code directory/manifest.csv}), or empty when the folder has
   * none (e.g. a folder filled by hand).
   */
  public static Optional<DatasetManifest> readIfPresent(Path directory) throws IOException {
    Path csv = directory.resolve(FILE_NAME);
    return Files.isRegularFile(csv) ? Optional.of(read(csv)) : Optional.empty();
  }

  /** The entries, in file order. */
  public List<ManifestEntry> entries() {
    return entries;
  }

  /** The manifest as CSV text, header {@link #COLUMNS}, CRLF line ends. */
  public String toCsv() {
    List<List<String>> rows = new ArrayList<>();
    for (ManifestEntry e : entries) {
      rows.add(List.of(e.file(), e.patientId(), e.view(), e.license(), e.source(), e.finding()));
    }
    return CsvWriter.format(COLUMNS, rows);
  }

  /** Writes {@link #toCsv()} to {@code csv} atomically. */
  public void write(Path csv) throws IOException {
    AtomicFiles.writeString(csv, toCsv());
  }

  /**
   * The entry describing {@code imageFile}: the one whose relative {@code file} path is the end of
   * {@code imageFile} (so both {@code covid/a.jpg} and an absolute path to it match {@code a.jpg}).
   */
  public Optional<ManifestEntry> entryFor(Path imageFile) {
    Objects.requireNonNull(imageFile, "imageFile");
    Path name = imageFile.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    Path normalized = imageFile.normalize();
    for (ManifestEntry e : byFileName.getOrDefault(name.toString(), List.of())) {
      if (normalized.endsWith(Path.of(e.file()))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * The group (patient) id of {@code imageFile}, for splits that keep a patient's images together;
   * empty when the image is not in the manifest or its patient is unknown. Ids are unique within one
   * source only: when combining manifests of different sources, qualify them (e.g. with the class).
   */
  public Optional<String> groupOf(Path imageFile) {
    return entryFor(imageFile).map(ManifestEntry::patientId).filter(id -> !id.isEmpty());
  }

  private static int requiredColumn(List<String> header, Path csv, String what, List<String> names) {
    OptionalInt at = column(header, names);
    if (at.isEmpty()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s has no %s column: expected one of %s (case, spaces and punctuation ignored), found %s", csv,
          what, names, header));
    }
    return at.getAsInt();
  }

  private static OptionalInt column(List<String> normalizedHeader, List<String> names) {
    for (String name : names) {
      int at = normalizedHeader.indexOf(normalize(name));
      if (at >= 0) {
        return OptionalInt.of(at);
      }
    }
    return OptionalInt.empty();
  }

  /** Header names compare ignoring case, spaces and punctuation ({@code Patient ID} = {@code patient_id}). */
  private static String normalize(String header) {
    return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String cell(CsvTable.Row row, OptionalInt column) {
    return column.isPresent() ? row.get(column.getAsInt()) : "";
  }
}
