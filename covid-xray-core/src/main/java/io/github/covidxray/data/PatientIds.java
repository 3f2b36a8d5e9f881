package io.github.covidxray.data;

import io.github.covidxray.data.dicom.DicomReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The patient id of each image of a data set, read from its manifests, as the function
 * {@link ImageDataset#withGroups} takes. Splits and folds then keep every patient on one side, so that
 * no patient's follow-up film is tested against a model trained on their first one.
 *
 * <p>A data set folder carries its manifests as {@code DIR/manifest.csv} and
 * {@code DIR/<class>/manifest.csv} (what the data set builders write); any CSV that
 * {@link DatasetManifest#read} accepts works, Joseph Cohen's {@code metadata.csv} included. An image
 * matches an entry when its path ends with the entry's file path, so a manifest may sit anywhere.
 * With more than one manifest, an id is prefixed with the name of its manifest's folder
 * ({@code covid:12}), because ids are unique only within one source (Cohen's patient 1 and a Kaggle
 * {@code person1} are different people). A file that two manifests give to different patients is an
 * error, not a guess.
 *
 * <p>A DICOM image that no manifest names gets the Patient ID (0010,0020) written in it, read from its
 * header; when manifests were read too, it is prefixed {@code dicom:} for the same reason.
 *
 * <pre>{@code
 * ImageDataset data = DatasetLoader.builder().directory(dir).build().load()
 *     .withGroups(PatientIds.of(dir));
 * }</pre>
 */
public final class PatientIds implements Function<Path, String> {

  private record Source(Path csv, DatasetManifest manifest, String prefix) {
  }

  private static final String DICOM_PREFIX = "dicom:";
  private static final int HEADER_BYTES = 256 * 1024;

  private final List<Source> sources;

  private PatientIds(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * The manifests a data set folder carries: {@code DIR/manifest.csv} and
   * {@code DIR/<class>/manifest.csv}, sorted.
   *
   * @param dataset the data set folder
   * @return the manifest files, possibly none
   * @throws IOException if the folder cannot be listed
   */
  public static List<Path> findManifests(Path dataset) throws IOException {
    Objects.requireNonNull(dataset, "dataset");
    List<Path> found = new ArrayList<>();
    if (Files.isRegularFile(dataset.resolve(DatasetManifest.FILE_NAME))) {
      found.add(dataset.resolve(DatasetManifest.FILE_NAME));
    }
    try (Stream<Path> children = Files.list(dataset)) {
      children.filter(Files::isDirectory).map(d -> d.resolve(DatasetManifest.FILE_NAME))
          .filter(Files::isRegularFile).sorted().forEach(found::add);
    }
    return found;
  }

  /**
   * The patient ids of a data set folder, from the manifests {@link #findManifests} finds there; empty
   * (every image unknown) when it has none.
   *
   * @param dataset the data set folder
   * @return the ids
   * @throws IOException if a manifest cannot be read or is not valid CSV
   * @throws IllegalArgumentException naming the file when a manifest is malformed or two manifests give
   *     one image two patients
   */
  public static PatientIds of(Path dataset) throws IOException {
    return read(findManifests(dataset));
  }

  /**
   * The patient ids in these manifest files (e.g. a builder's {@code manifest.csv} or Cohen's
   * {@code metadata.csv}).
   *
   * @param manifests the CSV files, in order of precedence
   * @return the ids
   * @throws IOException if a file cannot be read or is not valid CSV
   * @throws IllegalArgumentException naming the file when a manifest is malformed or two manifests give
   *     one image two patients
   */
  public static PatientIds read(List<Path> manifests) throws IOException {
    List<Source> sources = new ArrayList<>();
    Map<String, String> patientOfFile = new HashMap<>();
    Map<String, Path> manifestOfFile = new HashMap<>();
    for (Path csv : manifests) {
      DatasetManifest manifest = DatasetManifest.read(csv);
      Path folder = csv.toAbsolutePath().getParent();
      String prefix = manifests.size() > 1 && folder.getFileName() != null ? folder.getFileName() + ":" : "";
      for (ManifestEntry entry : manifest.entries()) {
        if (entry.patientId().isEmpty()) {
          continue;
        }
        String id = prefix + entry.patientId();
        String earlier = patientOfFile.putIfAbsent(entry.file(), id);
        if (earlier != null && !earlier.equals(id)) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "%s gives '%s' to patient '%s', but %s gave it to patient '%s'", csv, entry.file(), id,
              manifestOfFile.get(entry.file()), earlier));
        }
        manifestOfFile.putIfAbsent(entry.file(), csv);
      }
      sources.add(new Source(csv, manifest, prefix));
    }
    return new PatientIds(sources);
  }

  /**
   * The patient id of an image: from the first manifest that names it, else a DICOM file's own Patient
   * ID, else {@code null}.
   */
  @Override
  public String apply(Path image) {
    for (Source source : sources) {
      Optional<String> id = source.manifest().groupOf(image);
      if (id.isPresent()) {
        return source.prefix() + id.get();
      }
    }
    return fromDicom(image).map(id -> sources.isEmpty() ? id : DICOM_PREFIX + id).orElse(null);
  }

  /**
   * The Patient ID (0010,0020) written in a DICOM file, so that splits keep a patient's studies together
   * when no manifest lists them. Only the header is parsed.
   *
   * @param file any file
   * @return the id; empty when the file is not DICOM, cannot be read or parsed, or has no Patient ID
   */
  public static Optional<String> fromDicom(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(HEADER_BYTES);
      if (!DicomReader.looksLikeDicom(head)) {
        return Optional.empty();
      }
      try {
        return Optional.ofNullable(DicomReader.patientId(head, file.toString()));
      } catch (InvalidImageException e) {
        if (head.length < HEADER_BYTES) {
          return Optional.empty(); // the whole file was read: corrupt
        }
      }
      // a header longer than the first bytes read, or a deflated data set: read it all
      return Optional.ofNullable(DicomReader.patientId(Files.readAllBytes(file), file.toString()));
    } catch (IOException | InvalidImageException e) {
      return Optional.empty();
    }
  }

  /** The manifest files read, in order. */
  public List<Path> manifests() {
    return sources.stream().map(Source::csv).toList();
  }

  /** Number of manifest rows that name a file and a patient. */
  public int entries() {
    int n = 0;
    for (Source source : sources) {
      n += (int) source.manifest().entries().stream().filter(e -> !e.patientId().isEmpty()).count();
    }
    return n;
  }

  /** Whether no manifest was read (so no image has a patient id). */
  public boolean isEmpty() {
    return sources.isEmpty();
  }
}
