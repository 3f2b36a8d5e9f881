package io.github.covidxray.explain;

import io.github.covidxray.SdkInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Attention outside the lungs over a set of Grad-CAM maps: per image its {@link AttentionShares}, the
 * distribution of the outer-band and top-corner shares per predicted class and over the whole set, and
 * the images an {@link AttentionRule} lists as "possible shortcut" (a heuristic, see there).
 *
 * @param rule the band and thresholds used
 * @param entries one per image, in the order given
 */
public record AttentionReport(AttentionRule rule, List<Entry> entries) {

  /**
   * One image.
   *
   * @param source its file or name
   * @param predictedClass the class the model predicted
   * @param shares where its map's mass lies
   * @param flagged whether the rule lists it as a possible shortcut
   */
  public record Entry(String source, String predictedClass, AttentionShares shares, boolean flagged) {}

  /**
   * Mean, median and maximum of a share over a group of images.
   *
   * @param count images in the group
   * @param mean the mean
   * @param median the median
   * @param max the maximum
   */
  public record Distribution(int count, double mean, double median, double max) {

    static Distribution of(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median = n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      return new Distribution(n, Arrays.stream(sorted).average().orElse(0), median,
          n == 0 ? 0 : sorted[n - 1]);
    }
  }

  /** Copies the entries. */
  public AttentionReport {
    Objects.requireNonNull(rule, "rule");
    entries = List.copyOf(entries);
  }

  /**
   * Measures every result's map with the rule.
   *
   * @param results Grad-CAM results
   * @param rule band and thresholds
   * @return the report
   */
  public static AttentionReport of(List<GradCamResult> results, AttentionRule rule) {
    List<Entry> entries = new ArrayList<>();
    for (GradCamResult r : results) {
      AttentionShares shares = rule.measure(r.map());
      entries.add(new Entry(r.source(), r.predictedClass(), shares, rule.flags(shares)));
    }
    return new AttentionReport(rule, entries);
  }

  /** The images listed as possible shortcuts, in order. */
  public List<Entry> flagged() {
    return entries.stream().filter(Entry::flagged).toList();
  }

  /** Outer-band share per predicted class (sorted by name), then {@code "all"} for the whole set. */
  public Map<String, Distribution> outerBand() {
    return distributions(e -> e.shares().outerBand());
  }

  /** Larger top-corner share per predicted class (sorted by name), then {@code "all"}. */
  public Map<String, Distribution> topCorners() {
    return distributions(e -> e.shares().topCorners());
  }

  private Map<String, Distribution> distributions(java.util.function.ToDoubleFunction<Entry> share) {
    Map<String, List<Entry>> byClass = new TreeMap<>();
    for (Entry e : entries) {
      byClass.computeIfAbsent(e.predictedClass(), k -> new ArrayList<>()).add(e);
    }
    Map<String, Distribution> out = new LinkedHashMap<>();
    byClass.forEach((k, v) -> out.put(k, Distribution.of(v.stream().mapToDouble(share).toArray())));
    out.put("all", Distribution.of(entries.stream().mapToDouble(share).toArray()));
    return out;
  }

  /** A printable summary: the distributions, the listed images and what the heuristic is. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Grad-CAM attention outside the lungs (outer band %.0f%% of each"
        + " side; a flat map puts %.2f there)%n", rule.bandFraction() * 100,
        1 - Math.pow(1 - 2 * rule.bandFraction(), 2)));
    out.append(String.format(Locale.ROOT, "%-12s %6s %22s %22s%n", "class", "images",
        "outer band mean/med/max", "top corner mean/med/max"));
    Map<String, Distribution> corners = topCorners();
    outerBand().forEach((k, band) -> {
      Distribution corner = corners.get(k);
      out.append(String.format(Locale.ROOT, "%-12s %6d %8.2f %5.2f %5.2f   %8.2f %5.2f %5.2f%n", k,
          band.count(), band.mean(), band.median(), band.max(), corner.mean(), corner.median(),
          corner.max()));
    });
    List<Entry> flagged = flagged();
    out.append(String.format(Locale.ROOT, "possible shortcut (outer band >= %.2f or a top corner >= %.2f;"
        + " a heuristic, not a finding): %d of %d%n", rule.bandThreshold(), rule.cornerThreshold(),
        flagged.size(), entries.size()));
    for (Entry e : flagged) {
      out.append(String.format(Locale.ROOT, "  %s (%s): outer band %.2f, top-left %.2f, top-right %.2f%n",
          e.source(), e.predictedClass(), e.shares().outerBand(), e.shares().topLeft(),
          e.shares().topRight()));
    }
    out.append(SdkInfo.RESEARCH_USE_NOTICE).append('\n');
    return out.toString();
  }
}
