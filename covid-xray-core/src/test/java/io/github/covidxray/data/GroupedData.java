package io.github.covidxray.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tiny in-memory data sets with group ids, for the group split and k-fold tests: a group is given as
 * {@code "id:label,label,..."} and every image gets a file name that records its group.
 */
final class GroupedData {

  static final List<String> CLASSES = List.of("covid", "normal", "other");

  private GroupedData() {
  }

  /**
   * Builds a data set of 2 x 2 images.
   *
   * @param numClasses how many of {@link #CLASSES} to use
   * @param groups e.g. {@code "p1:0,0,0"} for a group of three class-0 images, or {@code "-:1"} for an
   *     image without a group
   */
  static ImageDataset of(int numClasses, String... groups) {
    List<byte[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    Map<Path, String> groupOf = new HashMap<>();
    for (String group : groups) {
      String[] parts = group.split(":");
      for (String label : parts[1].split(",")) {
        int i = pixels.size();
        pixels.add(TestImages.noise(2, 2, i));
        labels.add(Integer.parseInt(label));
        Path source = Path.of("img" + i + "_" + parts[0] + ".png");
        sources.add(source);
        if (!parts[0].equals("-")) {
          groupOf.put(source, parts[0]);
        }
      }
    }
    return ImageDataset.of(CLASSES.subList(0, numClasses), 2, pixels,
        labels.stream().mapToInt(Integer::intValue).toArray(), sources).withGroups(groupOf::get);
  }

  /** {@code n} ungrouped images of each given class count, class by class. */
  static ImageDataset singletons(int... counts) {
    List<String> groups = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      for (int k = 0; k < counts[c]; k++) {
        groups.add("-:" + c);
      }
    }
    return of(counts.length, groups.toArray(new String[0]));
  }

  /** The group of every image of a data set, "-" for none. */
  static List<String> groupsOf(ImageDataset data) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      out.add(data.group(i).orElse("-"));
    }
    return out;
  }

  /** The source file names of a data set, in order. */
  static List<String> namesOf(ImageDataset data) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      out.add(data.source(i).toString());
    }
    return out;
  }
}
