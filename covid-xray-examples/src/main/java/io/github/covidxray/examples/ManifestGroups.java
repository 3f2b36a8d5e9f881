package io.github.covidxray.examples;

import io.github.covidxray.internal.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Patient ids of images, read from manifest CSV files: the {@code manifest.csv} that the data set
 * builders write next to the images ({@code file}, {@code patient_id}, ...), or Cohen's
 * {@code metadata.csv} itself ({@code filename}, {@code Patientid}, ...).
 *
 * <p>Header names are matched ignoring case, spaces and punctuation: the file column is {@code file}
 * or {@code filename}, the patient column {@code patient_id}, {@code patientid} or {@code patient}.
 * Fields follow RFC 4180 (quoted commas, doubled quotes and line breaks; CRLF, LF or CR line ends; a
 * UTF-8 byte order mark). An image matches an entry when its path ends with the entry's file path, so
 * a manifest may sit anywhere. Rows without a patient id are ignored. With more than one manifest, an
 * id is prefixed with the name of its manifest's folder ({@code covid:12}), because ids are unique
 * only within one source (Cohen's patient 1 and a Kaggle {@code person1} are different people).
 */
final class ManifestGroups implements Function<Path, String> {

  /** The file name data set builders give their manifests. */
  static final String FILE_NAME = "manifest.csv";

  private final Map<String, List<Entry>> byFileName;
  private final int entries;

  private record Entry(Path file, String group) {
  }

  private ManifestGroups(Map<String, List<Entry>> byFileName, int entries) {
    this.byFileName = byFileName;
    this.entries = entries;
  }

  /**
   * The manifests a data set folder carries: {@code DIR/manifest.csv} and
   * {@code DIR/<class>/manifest.csv}, sorted.
   */
  static List<Path> find(Path dataset) throws IOException {
    List<Path> found = new ArrayList<>();
    if (Files.isRegularFile(dataset.resolve(FILE_NAME))) {
      found.add(dataset.resolve(FILE_NAME));
    }
    try (Stream<Path> children = Files.list(dataset)) {
      children.filter(Files::isDirectory).map(d -> d.resolve(FILE_NAME)).filter(Files::isRegularFile)
          .sorted().forEach(found::add);
    }
    return found;
  }

  /**
   * Reads manifests.
   *
   * @throws IOException when a file cannot be read or is not valid CSV ({@code CsvFormatException},
   *     naming the file and line)
   * @throws IllegalArgumentException naming the file (and line) when a column is missing or a file is
   *     given two different patients
   */
  static ManifestGroups read(List<Path> manifests) throws IOException {
    Map<String, List<Entry>> byFileName = new HashMap<>();
    int count = 0;
    for (Path manifest : manifests) {
      CsvTable table = CsvTable.read(manifest);
      List<String> header = table.header().stream().map(ManifestGroups::normalize).toList();
      int file = column(header, manifest, "file", "file", "filename");
      int patient = column(header, manifest, "patient id", "patientid", "patient");
      Path folder = manifest.toAbsolutePath().getParent();
      String prefix = manifests.size() > 1 && folder.getFileName() != null ? folder.getFileName() + ":" : "";
      for (CsvTable.Row row : table.rows()) {
        String name = row.get(file).strip();
        String id = row.get(patient).strip();
        if (name.isEmpty() || id.isEmpty()) {
          continue;
        }
        Path path = Path.of(name.replace('\\', '/'));
        Entry entry = new Entry(path, prefix + id);
        List<Entry> same = byFileName.computeIfAbsent(path.getFileName().toString(), k -> new ArrayList<>());
        for (Entry other : same) {
          if (other.file.equals(path) && !other.group.equals(entry.group)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "%s, line %d: '%s' is given patient '%s' but was already given '%s'", manifest, row.line(), name,
                entry.group, other.group));
          }
        }
        same.add(entry);
        count++;
      }
    }
    return new ManifestGroups(byFileName, count);
  }

  /** The patient id of an image, or {@code null} when no manifest row names it. */
  @Override
  public String apply(Path image) {
    Path name = image.getFileName();
    if (name == null) {
      return null;
    }
    Path normalized = image.normalize();
    for (Entry entry : byFileName.getOrDefault(name.toString(), List.of())) {
      if (normalized.endsWith(entry.file)) {
        return entry.group;
      }
    }
    return null;
  }

  /** Number of rows with a file and a patient id. */
  int entries() {
    return entries;
  }

  private static int column(List<String> header, Path manifest, String what, String... names) {
    for (String name : names) {
      int at = header.indexOf(name);
      if (at >= 0) {
        return at;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "%s has no %s column: expected one of %s (case, spaces and punctuation ignored), found %s", manifest,
        what, List.of(names), header));
  }

  private static String normalize(String header) {
    return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
