package io.github.covidxray.data.quality;

import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.data.ImageFileInfo;
import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.data.InvalidImageException;
import io.github.covidxray.data.SkippedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Audits a folder-per-class data set before anyone trains on it: what the images are (count, stored
 * size range and channel layouts per class), which are the same picture twice (identical bytes or a
 * near-duplicate preprocessed image, across the whole set), which patients appear under two labels,
 * which file names contradict their folder (see {@link NameLabelRule}), and which files cannot be read.
 *
 * <pre>{@code
 * AuditReport report = DatasetAudit.builder()
 *     .directory(Path.of("dataset"))
 *     .groups(manifest::patientOf)          // optional: file -> patient id
 *     .build()
 *     .run();
 * System.out.print(report.toText());
 * }</pre>
 *
 * <p>The images are loaded leniently by a {@link DatasetLoader} (unreadable files are reported, not
 * fatal), hashed by a {@link LeakageCheck} over the whole set, and each loaded file is decoded once
 * more unchanged for its stored layout ({@link ImageFileInfo}). An audit is immutable; {@link #run()}
 * reads the directory afresh each time.
 */
public final class DatasetAudit {

  private final Path directory;
  private final Function<Path, String> groups;
  private final int nearDuplicateDistance;
  private final List<NameLabelRule> rules;
  private final int imageSize;

  private DatasetAudit(Builder builder) {
    this.directory = builder.directory;
    this.groups = builder.groups;
    this.nearDuplicateDistance = builder.nearDuplicateDistance;
    this.rules = List.copyOf(builder.rules);
    this.imageSize = builder.imageSize;
  }

  /**
   * Starts a configuration: no groups, the default near-duplicate distance and name rules, 224-pixel
   * images.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads and inspects the data set.
   *
   * @return the findings
   * @throws io.github.covidxray.data.DatasetException when the directory is not a folder-per-class
   *     data set with readable images in every class
   */
  public AuditReport run() {
    ImageDataset data = DatasetLoader.builder().directory(directory).imageSize(imageSize).build().load();
    if (groups != null) {
      data = data.withGroups(groups);
    }
    LeakageReport duplicates = LeakageCheck.builder().nearDuplicateDistance(nearDuplicateDistance).build().scan(data);

    int numClasses = data.numClasses();
    List<List<ImageFileInfo>> infos = new ArrayList<>();
    List<Set<String>> groupIds = new ArrayList<>();
    int[] withoutGroup = new int[numClasses];
    for (int c = 0; c < numClasses; c++) {
      infos.add(new ArrayList<>());
      groupIds.add(new HashSet<>());
    }
    List<SkippedFile> skipped = new ArrayList<>(data.skipped());
    List<SuspiciousFileName> suspicious = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      int label = data.label(i);
      Path file = data.source(i);
      try {
        infos.get(label).add(ImageFileInfo.read(file));
      } catch (InvalidImageException e) {
        skipped.add(new SkippedFile(file, e.reason())); // it decoded for the loader but not unchanged
      }
      data.group(i).ifPresentOrElse(groupIds.get(label)::add, () -> withoutGroup[label]++);
      String className = data.classNames().get(label);
      for (NameLabelRule rule : rules) {
        if (rule.contradicts(file.getFileName().toString(), className)) {
          suspicious.add(new SuspiciousFileName(file, className, rule));
          break;
        }
      }
    }

    Map<String, Integer> skippedPerClass = new HashMap<>();
    for (SkippedFile f : skipped) {
      Path parent = classFolderOf(f.file());
      if (parent != null) {
        skippedPerClass.merge(parent.getFileName().toString(), 1, Integer::sum);
      }
    }
    int[] counts = data.classCounts();
    List<ClassAudit> classes = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      String name = data.classNames().get(c);
      List<ImageFileInfo> list = infos.get(c);
      Map<String, Integer> layouts = new HashMap<>();
      list.forEach(info -> layouts.merge(info.layout(), 1, Integer::sum));
      classes.add(new ClassAudit(name, counts[c], skippedPerClass.getOrDefault(name, 0),
          list.stream().mapToInt(ImageFileInfo::width).min().orElse(0),
          list.stream().mapToInt(ImageFileInfo::width).max().orElse(0),
          list.stream().mapToInt(ImageFileInfo::height).min().orElse(0),
          list.stream().mapToInt(ImageFileInfo::height).max().orElse(0),
          layouts, groupIds.get(c).size(), withoutGroup[c]));
    }
    return new AuditReport(directory, imageSize, classes, duplicates, suspicious, rules, skipped);
  }

  /** The class folder (direct child of the data set directory) that holds {@code file}, or null. */
  private Path classFolderOf(Path file) {
    Path root = directory.toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    if (!f.startsWith(root) || f.getNameCount() <= root.getNameCount() + 1) {
      return null;
    }
    return root.resolve(f.getName(root.getNameCount()));
  }

  /** Fluent configuration of a {@link DatasetAudit}; {@link #build()} validates it. */
  public static final class Builder {

    private Path directory;
    private Function<Path, String> groups;
    private int nearDuplicateDistance = LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE;
    private List<NameLabelRule> rules = NameLabelRule.defaults();
    private int imageSize = ImagePreprocessor.DEFAULT_IMAGE_SIZE;

    private Builder() {
    }

    /**
     * The data set directory, one sub-folder per class (required).
     *
     * @param directory e.g. {@code dataset/}
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * Group (patient) ids of the images, e.g. from a manifest, to count patients per class and find a
     * patient filed under two labels (default: none).
     *
     * @param groupOfFile maps an image file to its group id, or to {@code null} for none
     * @return this builder
     */
    public Builder groups(Function<Path, String> groupOfFile) {
      this.groups = groupOfFile;
      return this;
    }

    /**
     * The largest crop-tolerant hash distance reported as a near-duplicate (default
     * {@value LeakageCheck#DEFAULT_NEAR_DUPLICATE_DISTANCE}; see {@link LeakageCheck}).
     *
     * @param distance -1 (off) to {@value PerceptualHash#BITS}
     * @return this builder
     */
    public Builder nearDuplicateDistance(int distance) {
      this.nearDuplicateDistance = distance;
      return this;
    }

    /**
     * The file-name rules (default {@link NameLabelRule#defaults()}); an empty list turns the check off.
     * A file is reported once, for the first rule it breaks.
     *
     * @param rules the rules, in order
     * @return this builder
     */
    public Builder nameRules(List<NameLabelRule> rules) {
      this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
      return this;
    }

    /**
     * Side of the preprocessed images that are hashed (default 224, the model's input, at which the
     * near-duplicate threshold was measured).
     *
     * @param imageSize pixels
     * @return this builder
     */
    public Builder imageSize(int imageSize) {
      this.imageSize = imageSize;
      return this;
    }

    /**
     * Validates the configuration.
     *
     * @return the audit
     * @throws NullPointerException when no directory was given
     * @throws IllegalArgumentException when the distance or image size is out of range
     */
    public DatasetAudit build() {
      Objects.requireNonNull(directory, "directory is required: the folder with one sub-folder per class");
      LeakageCheck.builder().nearDuplicateDistance(nearDuplicateDistance).build(); // validates the distance
      ImagePreprocessor.of(imageSize); // validates the size
      return new DatasetAudit(this);
    }
  }
}
