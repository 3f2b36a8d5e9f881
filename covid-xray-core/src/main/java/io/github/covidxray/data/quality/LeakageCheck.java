package io.github.covidxray.data.quality;

import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.Fold;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.internal.FileHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for images that would leak between the training and the test part of a split: the same file
 * (SHA-256 of its bytes), the same picture saved differently (a {@link PerceptualHash} of the
 * <em>preprocessed</em> images within {@link #nearDuplicateDistance()}), and the same group (patient)
 * id.
 *
 * <pre>{@code
 * DatasetSplit split = data.split(0.2, 42);   // groups set: patients stay whole
 * LeakageCheck.defaults().check(split);               // logs a warning per pair found
 * LeakageCheck.builder().strict().build().check(split); // throws LeakageException instead
 * LeakageCheck.defaults().check(data, folds);         // every cross-validation fold, hashing once
 * }</pre>
 *
 * <p><b>Threshold.</b> The default near-duplicate distance is {@value #DEFAULT_NEAR_DUPLICATE_DISTANCE}
 * of {@value PerceptualHash#BITS} bits, chosen from measurements at the default 224 x 224:
 *
 * <ul>
 *   <li>the tutorial's known duplicate ({@code radiopedia-covid-19-pneumonia-2.jpg} and the upstream
 *       {@code covid-19-pneumonia-2.jpg}, the same radiograph with a different crop; the latter is not
 *       in the tutorial's folder and was measured from a public copy): distance 12;
 *   <li>synthetic copies of each of the 50 real X-rays, re-encoded as JPEG quality 70 and brightened:
 *       at most 6; also cut by 0 to 20 % on one side: at most 36 (median 12);
 *   <li>the 50 real X-rays among themselves: the closest pairs of different patients are at 56, 60 and
 *       64 (median of all such pairs: 94); the closest same-patient pair, films of consecutive days
 *       ({@code nejmoa2001191_f4} and {@code _f5}), at 26, the next at 48.
 * </ul>
 *
 * <p>44 lies 8 above the worst synthetic crop and 12 below the closest unrelated pair, and it flags
 * near-identical films of one patient, which leak as much as a copy. In larger collections unrelated
 * pairs come closer, so treat near-duplicates as candidates to look at; raise the threshold to catch
 * heavier crops (synthetic crops cut from the middle of both axes: median 38, up to 82), lower it for
 * fewer false alarms. The threshold was measured on 224-pixel preprocessed images only.
 *
 * <p><b>Cost.</b> Each image is hashed (about 0.1 s) and read for its SHA-256 once per call; every pair
 * is compared, so time grows with the product of the two sizes. Instances are immutable.
 */
public final class LeakageCheck {

  /** Default largest crop-tolerant hash distance that counts as a near-duplicate; see the class notes. */
  public static final int DEFAULT_NEAR_DUPLICATE_DISTANCE = 44;

  private static final Logger LOG = LoggerFactory.getLogger(LeakageCheck.class);

  private final int nearDuplicateDistance;
  private final boolean strict;

  private LeakageCheck(Builder builder) {
    this.nearDuplicateDistance = builder.nearDuplicateDistance;
    this.strict = builder.strict;
  }

  /**
   * The default check: threshold {@value #DEFAULT_NEAR_DUPLICATE_DISTANCE}, warn only.
   *
   * @return the check
   */
  public static LeakageCheck defaults() {
    return builder().build();
  }

  /**
   * Starts a configuration with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The threshold.
   *
   * @return the largest hash distance that counts as a near-duplicate
   */
  public int nearDuplicateDistance() {
    return nearDuplicateDistance;
  }

  /**
   * Whether {@link #check} throws instead of warning.
   *
   * @return true when strict
   */
  public boolean isStrict() {
    return strict;
  }

  /**
   * Checks a split before training: logs one SLF4J warning per pair found (or one info line when
   * clean), or in strict mode throws.
   *
   * @param split the training and test parts
   * @return the findings
   * @throws LeakageException in strict mode, when anything was found
   */
  public LeakageReport check(DatasetSplit split) {
    Objects.requireNonNull(split, "split");
    return check(split.train(), split.test());
  }

  /**
   * Checks training against test images: logs one SLF4J warning per pair found (or one info line when
   * clean), or in strict mode throws.
   *
   * @param train the images to train on
   * @param test the held-out images
   * @return the findings
   * @throws LeakageException in strict mode, when anything was found
   */
  public LeakageReport check(ImageDataset train, ImageDataset test) {
    return act(scan(train, test), train.size(), test.size());
  }

  /**
   * Checks every fold of a cross-validation before training on it, hashing each image only once:
   * per fold, one SLF4J warning per pair found (or one info line when clean), or in strict mode an
   * exception for the first fold with findings.
   *
   * @param data the data set the folds index into
   * @param folds the folds, e.g. from {@link io.github.covidxray.data.StratifiedGroupKFold}
   * @return one report per fold, in fold order
   * @throws LeakageException in strict mode, when anything was found in a fold
   */
  public List<LeakageReport> check(ImageDataset data, List<Fold> folds) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(folds, "folds");
    List<Path> unreadable = new ArrayList<>();
    List<Entry> entries = entries(data, unreadable);
    List<LeakageReport> reports = new ArrayList<>();
    for (Fold fold : folds) {
      int[] train = fold.trainIndices();
      int[] test = fold.testIndices();
      LOG.debug("Leakage check of fold {}", fold.index());
      reports.add(act(cross(pick(entries, train), pick(entries, test), unreadable), train.length, test.length));
    }
    return List.copyOf(reports);
  }

  private LeakageReport act(LeakageReport report, int trainSize, int testSize) {
    if (report.isClean()) {
      LOG.info("Leakage check of {} training against {} test images: {}", trainSize, testSize, report);
      return report;
    }
    if (strict) {
      throw new LeakageException(report);
    }
    LOG.warn("Leakage check of {} training against {} test images found {}", trainSize, testSize, report);
    for (LeakagePair pair : report.pairs()) {
      LOG.warn("  {}", pair);
    }
    for (Path file : report.unreadableFiles()) {
      LOG.warn("  could not read {} for the identical-file check", file);
    }
    return report;
  }

  /**
   * Compares every training image with every test image, without logging or throwing.
   *
   * @param train the images to train on (the {@link LeakagePair#first()} side)
   * @param test the held-out images (the {@link LeakagePair#second()} side)
   * @return the identical files, near-duplicates and shared group ids found
   */
  public LeakageReport scan(ImageDataset train, ImageDataset test) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    List<Path> unreadable = new ArrayList<>();
    List<Entry> a = entries(train, unreadable);
    List<Entry> b = entries(test, unreadable);
    return cross(a, b, unreadable);
  }

  /**
   * Compares the training with the test images of one data set given by indices, without logging or
   * throwing.
   *
   * @param data the data set
   * @param trainIndices the images to train on
   * @param testIndices the held-out images
   * @return the identical files, near-duplicates and shared group ids found
   */
  public LeakageReport scan(ImageDataset data, int[] trainIndices, int[] testIndices) {
    Objects.requireNonNull(data, "data");
    return scan(data.subset(trainIndices), data.subset(testIndices));
  }

  /**
   * Compares every image of one data set with every other, without logging or throwing: identical
   * files and near-duplicates anywhere, and shared group ids only between images of different classes
   * (one patient under two labels). Same-class images of one patient are expected and not listed.
   *
   * @param data the data set
   * @return the pairs found
   */
  public LeakageReport scan(ImageDataset data) {
    Objects.requireNonNull(data, "data");
    List<Path> unreadable = new ArrayList<>();
    List<Entry> entries = entries(data, unreadable);
    List<LeakagePair> pairs = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      for (int j = i + 1; j < entries.size(); j++) {
        compare(entries.get(i), entries.get(j), false, pairs);
      }
    }
    return new LeakageReport(pairs, nearDuplicateDistance, unreadable);
  }

  private LeakageReport cross(List<Entry> train, List<Entry> test, List<Path> unreadable) {
    List<LeakagePair> pairs = new ArrayList<>();
    for (Entry x : train) {
      for (Entry y : test) {
        compare(x, y, true, pairs);
      }
    }
    List<Path> involved = new ArrayList<>();
    for (Path file : unreadable) {
      boolean inTrain = train.stream().anyMatch(e -> e.ref.file().equals(file));
      if (inTrain || test.stream().anyMatch(e -> e.ref.file().equals(file))) {
        involved.add(file);
      }
    }
    return new LeakageReport(pairs, nearDuplicateDistance, involved);
  }

  private static List<Entry> pick(List<Entry> entries, int[] indices) {
    List<Entry> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      if (i < 0 || i >= entries.size()) {
        throw new IndexOutOfBoundsException("image index " + i + " out of range 0.." + (entries.size() - 1));
      }
      out.add(entries.get(i));
    }
    return out;
  }

  private void compare(Entry x, Entry y, boolean acrossSplit, List<LeakagePair> out) {
    int distance = x.hash.distance(y.hash);
    boolean identical = x.sha256 != null && x.sha256.equals(y.sha256);
    if (identical) {
      out.add(new LeakagePair(LeakageKind.IDENTICAL_FILE, x.ref, y.ref, distance));
    } else if (distance <= nearDuplicateDistance) {
      out.add(new LeakagePair(LeakageKind.NEAR_DUPLICATE, x.ref, y.ref, distance));
    }
    boolean sameGroup = x.ref.group().isPresent() && x.ref.group().equals(y.ref.group());
    if (sameGroup && (acrossSplit || !x.ref.className().equals(y.ref.className()))) {
      out.add(new LeakagePair(LeakageKind.SHARED_GROUP, x.ref, y.ref, distance));
    }
  }

  private static List<Entry> entries(ImageDataset data, List<Path> unreadable) {
    List<Entry> entries = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      Path file = data.source(i);
      String sha256;
      try {
        sha256 = FileHash.of(file, "SHA-256");
      } catch (IOException e) {
        sha256 = null;
        if (!unreadable.contains(file)) {
          unreadable.add(file);
        }
      }
      Optional<String> group = data.group(i);
      ImageRef ref = new ImageRef(file, data.classNames().get(data.label(i)), group);
      entries.add(new Entry(ref, sha256, PerceptualHash.of(data, i)));
    }
    return entries;
  }

  private record Entry(ImageRef ref, String sha256, PerceptualHash hash) {
  }

  /** Fluent configuration of a {@link LeakageCheck}; {@link #build()} validates it. */
  public static final class Builder {

    private int nearDuplicateDistance = DEFAULT_NEAR_DUPLICATE_DISTANCE;
    private boolean strict;

    private Builder() {
    }

    /**
     * The largest crop-tolerant hash distance that counts as a near-duplicate (default
     * {@value LeakageCheck#DEFAULT_NEAR_DUPLICATE_DISTANCE}); 0 finds only identical pictures, -1 turns
     * near-duplicate detection off.
     *
     * @param distance -1 to {@value PerceptualHash#BITS}
     * @return this builder
     */
    public Builder nearDuplicateDistance(int distance) {
      this.nearDuplicateDistance = distance;
      return this;
    }

    /**
     * Makes {@link LeakageCheck#check} throw a {@link LeakageException} listing the pairs instead of
     * logging warnings.
     *
     * @return this builder
     */
    public Builder strict() {
      this.strict = true;
      return this;
    }

    /**
     * Validates the configuration.
     *
     * @return the check
     * @throws IllegalArgumentException when the distance is out of range
     */
    public LeakageCheck build() {
      if (nearDuplicateDistance < -1 || nearDuplicateDistance > PerceptualHash.BITS) {
        throw new IllegalArgumentException("nearDuplicateDistance must be -1 (off) to " + PerceptualHash.BITS
            + ", got " + nearDuplicateDistance);
      }
      return new LeakageCheck(this);
    }
  }
}
