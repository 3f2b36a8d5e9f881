package io.github.covidxray.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Stratified group k-fold cross-validation indices: every item is in exactly one test fold, every
 * group (patient) lies wholly in one fold, and each fold's class proportions stay close to the whole
 * data set's. Without group ids it is plain stratified k-fold (each class dealt out so that fold sizes
 * per class differ by at most one).
 *
 * <pre>{@code
 * for (Fold fold : new StratifiedGroupKFold(5, 42).folds(data)) {
 *   DatasetSplit split = fold.split(data);
 *   // train a fresh model on split.train(), evaluate on split.test()
 * }
 * }</pre>
 *
 * <p>Algorithm: items without a group id are groups of their own; a group counts as its majority class
 * (ties to the lowest index). Classes are taken in index order with one {@link Random} seeded by
 * {@link #seed()}; the groups of a class are shuffled, then stably sorted by their number of items of
 * that class, largest first, and each is put into the fold that so far holds the fewest items of that
 * class (ties: the fold with the fewest items overall, then the lowest fold number). Large groups first
 * make the greedy balance tight; the shuffle decides among equal sizes. Items of other classes in a
 * mixed group go with it, so their class's balance can drift; hence "roughly" stratified.
 *
 * <p>The same seed, data and groups always give the same folds, on every JVM ({@link Random}'s
 * algorithm is specified).
 *
 * @param k number of folds, at least 2 (default {@value #DEFAULT_FOLDS})
 * @param seed seed of the shuffle
 */
public record StratifiedGroupKFold(int k, long seed) {

  /** Default number of folds, as scikit-learn's. */
  public static final int DEFAULT_FOLDS = 5;

  /** Checks that there are at least two folds. */
  public StratifiedGroupKFold {
    if (k < 2) {
      throw new IllegalArgumentException("folds must be at least 2 (k >= 2): cross-validation needs at least 2 folds,"
          + " got " + k);
    }
  }

  /**
   * Five folds with the given seed.
   *
   * @param seed seed of the shuffle
   * @return the fold generator
   */
  public static StratifiedGroupKFold withDefaultFolds(long seed) {
    return new StratifiedGroupKFold(DEFAULT_FOLDS, seed);
  }

  /**
   * Folds over a data set, keeping the groups of {@link ImageDataset#group(int)} together.
   *
   * @param data the data set
   * @return {@link #k()} folds, in fold order
   * @throws IllegalArgumentException when there are fewer than {@code k} groups, or a class with
   *     images has them in fewer than {@code k} groups (some test fold would lack that class)
   */
  public List<Fold> folds(ImageDataset data) {
    Objects.requireNonNull(data, "data");
    String[] groups = new String[data.size()];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = data.group(i).orElse(null);
    }
    return folds(data.labels(), Arrays.asList(groups), data.classNames());
  }

  /**
   * Folds over plain labels and group ids, for callers that hold predictions or other per-item arrays
   * rather than an {@link ImageDataset}.
   *
   * @param labels class index of each item
   * @param groups group id of each item (entries may be {@code null}: that item is its own group),
   *     or {@code null} for no groups at all
   * @param classNames class names in label order, used in error messages
   * @return {@link #k()} folds, in fold order
   * @throws IllegalArgumentException as {@link #folds(ImageDataset)}, or when a label is out of range
   *     or the lengths differ
   */
  public List<Fold> folds(int[] labels, List<String> groups, List<String> classNames) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(classNames, "classNames");
    String[] groupArray = groups == null ? new String[labels.length] : groups.toArray(new String[0]);
    int numClasses = classNames.size();
    GroupIndex index = GroupIndex.of(labels, groupArray, numClasses);
    check(labels, index, classNames);

    int[] foldOf = new int[index.size()];
    int[][] foldCounts = new int[k][numClasses];
    int[] foldTotals = new int[k];
    Random random = new Random(seed);
    for (int c = 0; c < numClasses; c++) {
      final int cls = c;
      int[] shuffled = index.groupsOfClass(c);
      GroupIndex.shuffle(shuffled, random);
      Integer[] order = Arrays.stream(shuffled).boxed().toArray(Integer[]::new);
      Arrays.sort(order, (a, b) -> Integer.compare(index.count(b, cls), index.count(a, cls))); // stable
      for (int g : order) {
        int best = 0;
        for (int f = 1; f < k; f++) {
          if (foldCounts[f][c] < foldCounts[best][c]
              || foldCounts[f][c] == foldCounts[best][c] && foldTotals[f] < foldTotals[best]) {
            best = f;
          }
        }
        foldOf[g] = best;
        for (int c2 = 0; c2 < numClasses; c2++) {
          foldCounts[best][c2] += index.count(g, c2);
          foldTotals[best] += index.count(g, c2);
        }
      }
    }

    List<Fold> folds = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      boolean[] inFold = new boolean[index.size()];
      for (int g = 0; g < inFold.length; g++) {
        inFold[g] = foldOf[g] == f;
      }
      folds.add(new Fold(f, index.itemsOf(inFold, false), index.itemsOf(inFold, true)));
    }
    return List.copyOf(folds);
  }

  private void check(int[] labels, GroupIndex index, List<String> classNames) {
    if (index.size() < k) {
      throw new IllegalArgumentException(String.format(
          "%d-fold cross-validation needs at least %d groups (patients, or images without a group id), "
              + "but the %d images form only %d; use k <= %d", k, k, labels.length, index.size(), index.size()));
    }
    int[] totals = new int[classNames.size()];
    for (int label : labels) {
      totals[label]++;
    }
    for (int c = 0; c < totals.length; c++) {
      int groupsWithClass = index.groupsContaining(c);
      if (totals[c] > 0 && groupsWithClass < k) {
        throw new IllegalArgumentException(String.format(
            "%d-fold cross-validation needs every class in at least %d groups so that each test fold "
                + "sees it, but class '%s' has %d image(s) in only %d group(s) (patients, or images "
                + "without a group id); use k <= %d or more data", k, k, classNames.get(c), totals[c],
            groupsWithClass, groupsWithClass));
      }
    }
  }
}
