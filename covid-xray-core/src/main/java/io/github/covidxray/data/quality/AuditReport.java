package io.github.covidxray.data.quality;

import io.github.covidxray.data.SkippedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The result of a {@link DatasetAudit}: per-class summaries, duplicates and near-duplicates across the
 * whole data set, file names that contradict their folder, and unreadable files. {@link #toText()} is
 * what the {@code AuditDataset} command prints.
 *
 * <p>Immutable.
 */
public final class AuditReport {

  /** The research-use notice every printed audit ends with. */
  public static final String NOTICE = "Research use only: this audit describes files; it does not make a data set "
      + "fit for clinical use, and nothing here diagnoses anyone.";

  private final Path directory;
  private final int imageSize;
  private final List<ClassAudit> classes;
  private final LeakageReport duplicates;
  private final List<SuspiciousFileName> suspiciousNames;
  private final List<NameLabelRule> rules;
  private final List<SkippedFile> skipped;

  /**
   * Creates a report; {@link DatasetAudit#run()} is the usual way to get one.
   *
   * @param directory the audited data set directory
   * @param imageSize side of the preprocessed images that were hashed
   * @param classes one summary per class, in label order
   * @param duplicates identical files, near-duplicates and cross-class shared groups in the whole set
   * @param suspiciousNames files whose names contradict their class
   * @param rules the name rules that were applied
   * @param skipped image files that could not be read
   */
  public AuditReport(Path directory, int imageSize, List<ClassAudit> classes, LeakageReport duplicates,
      List<SuspiciousFileName> suspiciousNames, List<NameLabelRule> rules, List<SkippedFile> skipped) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.imageSize = imageSize;
    this.classes = List.copyOf(classes);
    this.duplicates = Objects.requireNonNull(duplicates, "duplicates");
    this.suspiciousNames = List.copyOf(suspiciousNames);
    this.rules = List.copyOf(rules);
    this.skipped = List.copyOf(skipped);
  }

  /**
   * The audited directory.
   *
   * @return the data set directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Per-class summaries.
   *
   * @return an unmodifiable list in label order
   */
  public List<ClassAudit> classes() {
    return classes;
  }

  /**
   * Identical files and near-duplicates anywhere in the data set, and group ids shared by images of
   * different classes.
   *
   * @return the within-set leakage report
   */
  public LeakageReport duplicates() {
    return duplicates;
  }

  /**
   * Images whose names contradict their class folder.
   *
   * @return an unmodifiable list, in image order
   */
  public List<SuspiciousFileName> suspiciousNames() {
    return suspiciousNames;
  }

  /**
   * Image files that could not be read, with the reason.
   *
   * @return an unmodifiable list
   */
  public List<SkippedFile> skipped() {
    return skipped;
  }

  /**
   * Whether the audit found anything to look at: duplicates, near-duplicates, a patient in two
   * classes, contradicting names or unreadable files.
   *
   * @return true when there is at least one finding
   */
  public boolean hasFindings() {
    return !duplicates.isClean() || !suspiciousNames.isEmpty() || !skipped.isEmpty();
  }

  /**
   * The report as text: per class its image count, stored size range, channel layouts and patients;
   * then duplicates, near-duplicates, contradicting names, unreadable files, and the research-use
   * notice. File names are shown relative to the data set directory.
   *
   * @return multi-line text ending with a line break
   */
  public String toText() {
    StringBuilder s = new StringBuilder();
    int total = classes.stream().mapToInt(ClassAudit::images).sum();
    line(s, "Data set audit of %s", directory);
    line(s, "%d class(es), %d image(s) loaded, %d unreadable; near-duplicates compared at %d x %d", classes.size(),
        total, skipped.size(), imageSize, imageSize);
    boolean groupsKnown = classes.stream().anyMatch(c -> c.groups() > 0);
    for (ClassAudit c : classes) {
      s.append(System.lineSeparator());
      line(s, "class %s: %d image(s)%s", c.className(), c.images(),
          c.skipped() > 0 ? ", " + c.skipped() + " unreadable" : "");
      if (c.images() > 0) {
        line(s, "  stored size (W x H): width %d to %d px, height %d to %d px", c.minWidth(), c.maxWidth(),
            c.minHeight(), c.maxHeight());
        StringJoiner layouts = new StringJoiner(", ");
        for (Map.Entry<String, Integer> e : c.layouts().entrySet()) {
          layouts.add(e.getKey() + " " + e.getValue());
        }
        line(s, "  channel layouts: %s", layouts);
      }
      if (groupsKnown) {
        line(s, "  patients (group ids): %d, images without one: %d", c.groups(), c.imagesWithoutGroup());
      } else {
        line(s, "  patients (group ids): unknown; give a manifest to keep patients on one side of a split");
      }
    }
    s.append(System.lineSeparator());
    List<LeakagePair> identical = duplicates.pairs(LeakageKind.IDENTICAL_FILE);
    line(s, "exact duplicates (identical file bytes): %s",
        identical.isEmpty() ? "none" : identical.size() + " pair(s)");
    for (LeakagePair p : identical) {
      line(s, "  %s  =  %s", name(p.first()), name(p.second()));
    }
    List<LeakagePair> near = duplicates.pairs(LeakageKind.NEAR_DUPLICATE);
    line(s, "near-duplicates (crop-tolerant perceptual hash distance <= %d of %d): %s",
        duplicates.nearDuplicateDistance(), PerceptualHash.BITS, near.isEmpty() ? "none" : near.size() + " pair(s)");
    for (LeakagePair p : near) {
      line(s, "  %3d  %s  ~  %s%s", p.hashDistance(), name(p.first()), name(p.second()),
          p.first().group().isPresent() && p.first().group().equals(p.second().group())
              ? "  (same patient " + p.first().group().get() + ")" : "");
    }
    if (groupsKnown) {
      List<LeakagePair> shared = duplicates.pairs(LeakageKind.SHARED_GROUP);
      line(s, "patients with images in more than one class: %s",
          shared.isEmpty() ? "none" : shared.size() + " pair(s)");
      for (LeakagePair p : shared) {
        line(s, "  patient %s: %s  /  %s", p.first().group().orElse("?"), name(p.first()), name(p.second()));
      }
    }
    StringJoiner ruleText = new StringJoiner(", ");
    rules.forEach(r -> ruleText.add(r.toString()));
    line(s, "file names that contradict their folder's label: %s (rules: %s)",
        suspiciousNames.isEmpty() ? "none" : String.valueOf(suspiciousNames.size()),
        rules.isEmpty() ? "none" : ruleText.toString());
    for (SuspiciousFileName f : suspiciousNames) {
      String where = f.rule().scope() == NameLabelRule.Scope.IN_CLASS
          ? "in " + f.className() : "in " + f.className() + ", not " + f.rule().className();
      line(s, "  %s  ('%s' %s)", relative(f.file()), f.rule().token(), where);
    }
    line(s, "unreadable image files: %s", skipped.isEmpty() ? "none" : String.valueOf(skipped.size()));
    for (SkippedFile f : skipped) {
      line(s, "  %s: %s", relative(f.file()), f.reason());
    }
    s.append(System.lineSeparator());
    line(s, "%s", NOTICE);
    return s.toString();
  }

  /** The summary line of {@link #toText()}'s findings, e.g. for logs. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "AuditReport[%s: %d classes, %s, %d contradicting name(s), %d unreadable]",
        directory, classes.size(), duplicates, suspiciousNames.size(), skipped.size());
  }

  private String name(ImageRef ref) {
    return relative(ref.file()) + " [" + ref.className() + "]";
  }

  private String relative(Path file) {
    Path dir = directory.toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    return f.startsWith(dir) ? dir.relativize(f).toString().replace('\\', '/') : file.toString();
  }

  private static void line(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }
}
