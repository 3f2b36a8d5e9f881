package io.github.covidxray.data.quality;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What a {@link LeakageCheck} found: the pairs of images that are the same file, near-duplicates, or
 * the same patient, sorted by kind, then by hash distance, then by file.
 *
 * <p>Immutable. An empty report means the check found nothing at the threshold it used, not that the
 * images are independent: patients without group ids and heavily edited copies are invisible to it.
 */
public final class LeakageReport {

  private static final Comparator<LeakagePair> ORDER = Comparator
      .comparing(LeakagePair::kind)
      .thenComparingInt(LeakagePair::hashDistance)
      .thenComparing(p -> p.first().file().toString())
      .thenComparing(p -> p.second().file().toString());

  private final List<LeakagePair> pairs;
  private final int nearDuplicateDistance;
  private final List<Path> unreadableFiles;

  /**
   * Creates a report.
   *
   * @param pairs the pairs found, in any order
   * @param nearDuplicateDistance the largest hash distance that counted as a near-duplicate
   * @param unreadableFiles files whose bytes could not be read for the identical-file check
   */
  public LeakageReport(List<LeakagePair> pairs, int nearDuplicateDistance, List<Path> unreadableFiles) {
    List<LeakagePair> sorted = new ArrayList<>(Objects.requireNonNull(pairs, "pairs"));
    sorted.sort(ORDER);
    this.pairs = List.copyOf(sorted);
    this.nearDuplicateDistance = nearDuplicateDistance;
    this.unreadableFiles = List.copyOf(unreadableFiles);
  }

  /**
   * Every pair found.
   *
   * @return an unmodifiable list, sorted by kind, hash distance and file
   */
  public List<LeakagePair> pairs() {
    return pairs;
  }

  /**
   * The pairs of one kind.
   *
   * @param kind the kind
   * @return an unmodifiable list, sorted by hash distance and file
   */
  public List<LeakagePair> pairs(LeakageKind kind) {
    Objects.requireNonNull(kind, "kind");
    return pairs.stream().filter(p -> p.kind() == kind).toList();
  }

  /**
   * Whether nothing was found.
   *
   * @return true when there are no pairs
   */
  public boolean isClean() {
    return pairs.isEmpty();
  }

  /**
   * The threshold the check used.
   *
   * @return the largest crop-tolerant hash distance that counted as a near-duplicate
   */
  public int nearDuplicateDistance() {
    return nearDuplicateDistance;
  }

  /**
   * Files whose bytes could not be read, so that they were left out of the identical-file comparison
   * (their preprocessed images were still compared).
   *
   * @return an unmodifiable list
   */
  public List<Path> unreadableFiles() {
    return unreadableFiles;
  }

  /**
   * One line per pair, after a summary line; what the check logs and what a strict check throws.
   *
   * @return multi-line text
   */
  public String describe() {
    StringJoiner s = new StringJoiner(System.lineSeparator());
    s.add(toString());
    for (LeakagePair pair : pairs) {
      s.add("  " + pair);
    }
    for (Path file : unreadableFiles) {
      s.add("  could not read " + file + " for the identical-file check");
    }
    return s.toString();
  }

  /** A summary, e.g. {@code 2 pair(s): 1 identical file, 1 near-duplicate (hash distance <= 44/256)}. */
  @Override
  public String toString() {
    if (pairs.isEmpty()) {
      return String.format(Locale.ROOT,
          "no identical files, near-duplicates (hash distance <= %d/%d) or shared groups",
          nearDuplicateDistance, PerceptualHash.BITS);
    }
    Map<LeakageKind, Integer> counts = new EnumMap<>(LeakageKind.class);
    for (LeakagePair pair : pairs) {
      counts.merge(pair.kind(), 1, Integer::sum);
    }
    StringJoiner kinds = new StringJoiner(", ");
    counts.forEach((kind, n) -> kinds.add(n + " " + kind.description()
        + (kind == LeakageKind.NEAR_DUPLICATE
            ? String.format(Locale.ROOT, " (hash distance <= %d/%d)", nearDuplicateDistance, PerceptualHash.BITS)
            : "")));
    return pairs.size() + " pair(s): " + kinds;
  }
}
