package io.github.covidxray.data;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Index arithmetic of the stratified train/test split; {@link ImageDataset#split} builds the data
 * sets from it.
 *
 * <p>Per class with {@code n} images, {@code round(n * testFraction)} randomly chosen images go to
 * the test part, clamped to {@code [1, n - 1]} when {@code n >= 2} so that both parts see every
 * class; a class with a single image goes to the training part. The choice is a Fisher-Yates shuffle
 * driven by {@link java.util.Random} (whose algorithm the JDK specifies, so a seed gives the same
 * split on every JVM), classes taken in index order from one generator.
 */
final class StratifiedSplit {

  private StratifiedSplit() {
  }

  /**
   * Splits indices {@code 0..labels.length-1} by class.
   *
   * @param labels class index of each item
   * @param numClasses number of classes
   * @param testFraction fraction of each class that goes to the test part, in (0, 1)
   * @param seed seed of the shuffle
   * @return {@code {train, test}}, each sorted ascending
   */
  static int[][] indices(int[] labels, int numClasses, double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be strictly between 0 and 1, got " + testFraction);
    }
    Random random = new Random(seed);
    IntStream.Builder train = IntStream.builder();
    IntStream.Builder test = IntStream.builder();
    for (int c = 0; c < numClasses; c++) {
      final int cls = c;
      int[] members = IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
      shuffle(members, random);
      int n = members.length;
      int testCount = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
      for (int i = 0; i < n; i++) {
        (i < testCount ? test : train).add(members[i]);
      }
    }
    int[] trainIdx = train.build().toArray();
    int[] testIdx = test.build().toArray();
    Arrays.sort(trainIdx);
    Arrays.sort(testIdx);
    return new int[][] {trainIdx, testIdx};
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
