package io.github.covidxray.data;

import java.util.Random;

/**
 * Index arithmetic of the stratified group train/test split; {@link ImageDataset#split} builds
 * the data sets from it.
 *
 * <p>Every group (patient) goes wholly to one side. Items without a group id are groups of their own.
 * A group counts as its majority class (ties to the lowest class index); its other items go with it.
 * Per class {@code c} with {@code n} items the target is {@code round(n * testFraction)} test items,
 * clamped to {@code [1, n - 1]} when {@code n >= 2} and 0 for a single item, as in
 * {@link StratifiedSplit}. Classes are taken in index order, with one {@link Random} for all of them;
 * the groups of class {@code c} are shuffled and then:
 *
 * <ol>
 *   <li>taken into the test part in shuffled order whenever the group's items of class {@code c} still
 *       fit under the target;
 *   <li>if the test part is still short, the one remaining group that brings the count closest to the
 *       target is taken, but only when it gets closer than staying short;
 *   <li>if the class still has no test item at all, its smallest group is taken anyway (so that the
 *       test part sees every class that has at least two groups), even when that overshoots.
 * </ol>
 *
 * <p>At least one group of every class stays in the training part. The count of a class includes its
 * items that came along in other classes' mixed groups. With no group ids at all every group is one
 * item and each class gets exactly its target, like {@link StratifiedSplit} (though not the same
 * items). With large groups the test part's class counts can miss the targets; the caller reports that.
 */
final class StratifiedGroupSplit {

  private StratifiedGroupSplit() {
  }

  /**
   * Splits indices {@code 0..labels.length-1} by group and class.
   *
   * @param labels class index of each item
   * @param groups group id of each item, {@code null} for none
   * @param numClasses number of classes
   * @param testFraction fraction of each class that should go to the test part, in (0, 1)
   * @param seed seed of the shuffle
   * @return {@code {train, test}}, each sorted ascending
   */
  static int[][] indices(int[] labels, String[] groups, int numClasses, double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be strictly between 0 and 1, got " + testFraction);
    }
    GroupIndex index = GroupIndex.of(labels, groups, numClasses);
    int[] targets = targets(labels, numClasses, testFraction);
    boolean[] inTest = new boolean[index.size()];
    int[] testCounts = new int[numClasses];
    Random random = new Random(seed);
    for (int c = 0; c < numClasses; c++) {
      int[] candidates = index.groupsOfClass(c);
      GroupIndex.shuffle(candidates, random);
      int inTrain = candidates.length;
      for (int g : candidates) {
        if (inTrain > 1 && testCounts[c] + index.count(g, c) <= targets[c]) {
          take(index, g, inTest, testCounts);
          inTrain--;
        }
      }
      if (testCounts[c] < targets[c] && inTrain > 1) {
        int best = -1;
        int bestGap = targets[c] - testCounts[c];
        for (int g : candidates) {
          int gap = Math.abs(testCounts[c] + index.count(g, c) - targets[c]);
          if (!inTest[g] && gap < bestGap) {
            best = g;
            bestGap = gap;
          }
        }
        if (best >= 0) {
          take(index, best, inTest, testCounts);
          inTrain--;
        }
      }
      if (testCounts[c] == 0 && targets[c] > 0 && inTrain > 1) {
        int smallest = -1;
        for (int g : candidates) {
          if (!inTest[g] && (smallest < 0 || index.count(g, c) < index.count(smallest, c))) {
            smallest = g;
          }
        }
        take(index, smallest, inTest, testCounts);
      }
    }
    return new int[][] {index.itemsOf(inTest, false), index.itemsOf(inTest, true)};
  }

  /**
   * The number of test items each class aims for: {@code round(n * testFraction)}, clamped to
   * {@code [1, n - 1]} for {@code n >= 2}, 0 otherwise.
   */
  static int[] targets(int[] labels, int numClasses, double testFraction) {
    int[] totals = new int[numClasses];
    for (int label : labels) {
      totals[label]++;
    }
    int[] targets = new int[numClasses];
    for (int c = 0; c < numClasses; c++) {
      int n = totals[c];
      targets[c] = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
    }
    return targets;
  }

  private static void take(GroupIndex index, int g, boolean[] inTest, int[] testCounts) {
    inTest[g] = true;
    for (int c = 0; c < testCounts.length; c++) {
      testCounts[c] += index.count(g, c);
    }
  }
}
