package io.github.covidxray.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The groups (patients) of a labelled item list, as group-aware splits need them: which items belong
 * to each group, how many items of each class a group holds, and the class a group counts as.
 *
 * <p>Items without a group id each form a group of their own, so a data set without any group ids
 * behaves exactly like an ungrouped one. Groups are numbered in order of first appearance, which keeps
 * every split built on them deterministic. A group's class is its majority class; a tie goes to the
 * lowest class index.
 */
final class GroupIndex {

  private final int[][] members;
  private final int[][] classCounts;
  private final int[] majority;

  private GroupIndex(int[][] members, int[][] classCounts, int[] majority) {
    this.members = members;
    this.classCounts = classCounts;
    this.majority = majority;
  }

  /**
   * Groups items by id.
   *
   * @param labels class index of each item, each in {@code [0, numClasses)}
   * @param groups group id of each item, {@code null} for an item with no group; same length as labels
   * @param numClasses number of classes
   * @return the index
   * @throws IllegalArgumentException when the lengths differ or a label is out of range
   */
  static GroupIndex of(int[] labels, String[] groups, int numClasses) {
    if (groups.length != labels.length) {
      throw new IllegalArgumentException(String.format(
          "need one group entry (or null) per item: %d labels, %d groups", labels.length, groups.length));
    }
    Map<String, List<Integer>> named = new LinkedHashMap<>();
    List<List<Integer>> order = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(String.format(
            "item %d has label %d, expected 0..%d", i, labels[i], numClasses - 1));
      }
      if (groups[i] == null) {
        order.add(new ArrayList<>(List.of(i)));
      } else {
        List<Integer> group = named.get(groups[i]);
        if (group == null) {
          group = new ArrayList<>();
          named.put(groups[i], group);
          order.add(group);
        }
        group.add(i);
      }
    }
    int n = order.size();
    int[][] members = new int[n][];
    int[][] counts = new int[n][numClasses];
    int[] majority = new int[n];
    for (int g = 0; g < n; g++) {
      members[g] = order.get(g).stream().mapToInt(Integer::intValue).toArray();
      for (int item : members[g]) {
        counts[g][labels[item]]++;
      }
      int best = 0;
      for (int c = 1; c < numClasses; c++) {
        if (counts[g][c] > counts[g][best]) {
          best = c;
        }
      }
      majority[g] = best;
    }
    return new GroupIndex(members, counts, majority);
  }

  /** Number of groups. */
  int size() {
    return members.length;
  }

  /** Items of group {@code g}, ascending. */
  int[] members(int g) {
    return members[g];
  }

  /** Number of items of class {@code c} in group {@code g}. */
  int count(int g, int c) {
    return classCounts[g][c];
  }

  /** The class group {@code g} counts as: its majority class, ties to the lowest index. */
  int majority(int g) {
    return majority[g];
  }

  /** Groups whose majority class is {@code c}, in group order. */
  int[] groupsOfClass(int c) {
    return IntStream.range(0, members.length).filter(g -> majority[g] == c).toArray();
  }

  /** Number of groups holding at least one item of class {@code c}. */
  int groupsContaining(int c) {
    int n = 0;
    for (int[] counts : classCounts) {
      if (counts[c] > 0) {
        n++;
      }
    }
    return n;
  }

  /** Items of the groups whose flag in {@code chosen} equals {@code value}, ascending. */
  int[] itemsOf(boolean[] chosen, boolean value) {
    IntStream.Builder out = IntStream.builder();
    for (int g = 0; g < members.length; g++) {
      if (chosen[g] == value) {
        for (int item : members[g]) {
          out.add(item);
        }
      }
    }
    return out.build().sorted().toArray();
  }

  /** Fisher-Yates shuffle driven by {@code random}, as {@link StratifiedSplit} does. */
  static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
