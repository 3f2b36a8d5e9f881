package io.github.covidxray.data;

import io.github.covidxray.internal.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code metadata.csv} of Joseph Paul Cohen's COVID-19 image data collection
 * ({@code ieee8023/covid-chestxray-dataset}), and the selection the tutorial made from it: images
 * whose finding is COVID-19, in the chosen views (the tutorial: PA only).
 *
 * <p>The file changed over time and this reader accepts each version: the March 2020 header
 * {@code Patientid,offset,sex,age,finding,survival,view,date,location,filename,doi, url,} (capital P,
 * a space before {@code url}, an unnamed trailing column holding notes, CRLF line ends) and the later
 * ones ({@code patientid}, {@code folder}, {@code license}, findings spelled
 * {@code Pneumonia/Viral/COVID-19}). Required columns: patient id, finding, view, filename; doi,
 * url, license and folder are read when present.
 */
public final class CohenMetadata {

  /**
   * The finding labels that mean COVID-19, trimmed and lower-cased: the early spelling and the
   * later hierarchical one. Combined labels such as {@code COVID-19, ARDS} are not included, as the
   * tutorial's exact comparison did not include them.
   */
  public static final Set<String> COVID19_FINDINGS = Set.of("covid-19", "pneumonia/viral/covid-19");

  /**
   * One image row of the metadata, cells trimmed.
   *
   * @param line 1-based line of the metadata file where the row starts
   * @param patientId Cohen's patient id
   * @param finding the finding label as written
   * @param view the view as written ({@code PA}, {@code AP}, {@code AP Supine}, {@code L}, ...)
   * @param folder the folder column of later versions ({@code images}, {@code volumes}), or {@code ""}
   * @param fileName the image's file name
   * @param doi the publication's DOI, or {@code ""}
   * @param url the page the image was taken from, or {@code ""}
   * @param license the image's licence, or {@code ""} (early versions have no such column)
   */
  public record Image(long line, String patientId, String finding, String view, String folder,
      String fileName, String doi, String url, String license) {

    /** Whether the finding is one of {@link #COVID19_FINDINGS} (trimmed, ignoring case). */
    public boolean isCovid19() {
      return CohenMetadata.isCovid19(finding);
    }

    /** Where the image was published: the DOI when there is one, otherwise the URL. */
    public String source() {
      return doi.isEmpty() ? url : doi;
    }

    /**
     * Whether {@link #fileName()} is one plain file name (not empty, no path separators, not
     * {@code .} or {@code ..}), so that it cannot point outside the image folder.
     */
    public boolean hasPlainFileName() {
      return isPlainName(fileName);
    }

    /**
     * Finds the image file: {@code imagesDir/fileName}, or, when the row has a folder,
     * {@code imagesDir/folder/fileName} (so {@code imagesDir} may be the images folder itself or the
     * repository root of later versions). Empty when neither exists.
     *
     * @throws IllegalArgumentException if the row's file name is not a plain file name
     */
    public Optional<Path> locateIn(Path imagesDir) {
      if (!hasPlainFileName()) {
        throw new IllegalArgumentException(String.format(
            "line %d: filename '%s' is not a plain file name", line, fileName));
      }
      Path direct = imagesDir.resolve(fileName);
      if (Files.isRegularFile(direct)) {
        return Optional.of(direct);
      }
      if (isPlainName(folder)) {
        Path inFolder = imagesDir.resolve(folder).resolve(fileName);
        if (Files.isRegularFile(inFolder)) {
          return Optional.of(inFolder);
        }
      }
      return Optional.empty();
    }

    /** This row as a manifest entry of an image copied under its own file name. */
    public ManifestEntry toManifestEntry() {
      return new ManifestEntry(fileName, patientId, view, license, source(), finding);
    }
  }

  private final String source;
  private final List<Image> images;

  private CohenMetadata(String source, List<Image> images) {
    this.source = source;
    this.images = List.copyOf(images);
  }

  /**
   * Reads a {@code metadata.csv}.
   *
   * @throws IllegalArgumentException if a required column is missing (the message lists the header)
   * @throws IOException if the file cannot be read or is not valid CSV
   */
  public static CohenMetadata read(Path metadataCsv) throws IOException {
    return of(CsvTable.read(metadataCsv));
  }

  /**
   * Interprets an already parsed table as Cohen metadata (see {@link #read}). Package-private: its
   * parameter type lives in the non-exported {@code internal} package.
   */
  static CohenMetadata of(CsvTable table) {
    Objects.requireNonNull(table, "table");
    int patient = table.column("patientid");
    int finding = table.column("finding");
    int view = table.column("view");
    int fileName = table.column("filename");
    OptionalInt folder = table.findColumn("folder");
    OptionalInt doi = table.findColumn("doi");
    OptionalInt url = table.findColumn("url");
    OptionalInt license = table.findColumn("license");
    List<Image> images = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      images.add(new Image(row.line(), cell(row, patient), cell(row, finding), cell(row, view),
          cell(row, folder), cell(row, fileName), cell(row, doi), cell(row, url), cell(row, license)));
    }
    return new CohenMetadata(table.source(), images);
  }

  /** The file this metadata was read from, for messages. */
  public String source() {
    return source;
  }

  /** Every row, in file order. */
  public List<Image> images() {
    return images;
  }

  /**
   * The rows the tutorial's {@code build_covid_dataset.py} would pick: finding COVID-19 (either
   * spelling) and a view among {@code views} (compared trimmed, ignoring case and repeated spaces),
   * with a file name; in file order.
   *
   * @throws IllegalArgumentException if {@code views} is empty or holds a blank view
   */
  public List<Image> selectCovid19(Collection<String> views) {
    Objects.requireNonNull(views, "views");
    Set<String> wanted = new LinkedHashSet<>();
    for (String v : views) {
      String normalized = normalizeView(Objects.requireNonNull(v, "view"));
      if (normalized.isEmpty()) {
        throw new IllegalArgumentException("a view must not be blank");
      }
      wanted.add(normalized);
    }
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("at least one view is needed, e.g. PA");
    }
    List<Image> selected = new ArrayList<>();
    for (Image image : images) {
      if (image.isCovid19() && wanted.contains(normalizeView(image.view()))
          && !image.fileName().isEmpty()) {
        selected.add(image);
      }
    }
    return selected;
  }

  /** Whether a finding label means COVID-19 (see {@link #COVID19_FINDINGS}). */
  public static boolean isCovid19(String finding) {
    return finding != null && COVID19_FINDINGS.contains(finding.strip().toLowerCase(Locale.ROOT));
  }

  /** A view label in comparable form: trimmed, inner whitespace collapsed, upper case. */
  public static String normalizeView(String view) {
    return view.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }

  private static boolean isPlainName(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..")
        && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
  }

  private static String cell(CsvTable.Row row, int column) {
    return row.get(column).strip();
  }

  private static String cell(CsvTable.Row row, OptionalInt column) {
    return column.isPresent() ? cell(row, column.getAsInt()) : "";
  }
}
