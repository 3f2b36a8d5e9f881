package io.github.covidxray.metrics;

import io.github.covidxray.internal.Decimals;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Counts of (true class, predicted class) pairs: rows are the true class, columns the predicted
 * class, both in label order (scikit-learn's {@code confusion_matrix(y_true, y_pred)} layout, the
 * tutorial's {@code cm}).
 *
 * <p>Immutable. {@link #toString()} prints like numpy prints the tutorial's {@code cm}.
 */
public final class ConfusionMatrix {

  private final List<String> classNames;
  private final long[][] counts;

  private ConfusionMatrix(List<String> classNames, long[][] counts) {
    this.classNames = classNames;
    this.counts = counts;
  }

  /**
   * Counts the pairs of {@code trueLabels[i]} and {@code predictedLabels[i]}.
   *
   * @param classNames names of the classes, index = label
   * @param trueLabels true class index per sample
   * @param predictedLabels predicted class index per sample, same length
   * @throws IllegalArgumentException on empty or mismatched arrays, or labels out of range
   */
  public static ConfusionMatrix of(List<String> classNames, int[] trueLabels, int[] predictedLabels) {
    List<String> names = ClassNames.check(classNames, 1);
    int k = names.size();
    ClassNames.checkLabels("trueLabels", trueLabels, k);
    ClassNames.checkLabels("predictedLabels", predictedLabels, k);
    if (trueLabels.length != predictedLabels.length) {
      throw new IllegalArgumentException(String.format(
          "trueLabels has %d samples but predictedLabels has %d", trueLabels.length, predictedLabels.length));
    }
    if (trueLabels.length == 0) {
      throw new IllegalArgumentException("cannot build a confusion matrix from 0 samples");
    }
    long[][] counts = new long[k][k];
    for (int i = 0; i < trueLabels.length; i++) {
      counts[trueLabels[i]][predictedLabels[i]]++;
    }
    return new ConfusionMatrix(names, counts);
  }

  /**
   * A matrix from its counts, e.g. one read back from a report.
   *
   * @param classNames names of the classes, index = label
   * @param counts {@code counts[true][predicted]}, square of the size of {@code classNames},
   *     non-negative, not all zero; copied
   */
  public static ConfusionMatrix ofCounts(List<String> classNames, long[][] counts) {
    List<String> names = ClassNames.check(classNames, 1);
    Objects.requireNonNull(counts, "counts");
    int k = names.size();
    if (counts.length != k) {
      throw new IllegalArgumentException("counts has " + counts.length + " rows, expected " + k);
    }
    long[][] copy = new long[k][];
    long total = 0;
    for (int i = 0; i < k; i++) {
      if (counts[i] == null || counts[i].length != k) {
        throw new IllegalArgumentException("counts row " + i + " must have " + k + " values");
      }
      copy[i] = counts[i].clone();
      for (long c : copy[i]) {
        if (c < 0) {
          throw new IllegalArgumentException("counts must be non-negative, row " + i + " has " + c);
        }
        total += c;
      }
    }
    if (total == 0) {
      throw new IllegalArgumentException("a confusion matrix needs at least one sample");
    }
    return new ConfusionMatrix(names, copy);
  }

  /** Class names in label order. */
  public List<String> classNames() {
    return classNames;
  }

  /** Number of classes (rows and columns). */
  public int numClasses() {
    return classNames.size();
  }

  /** Label index of {@code className}; unknown names give an exception listing the known ones. */
  public int indexOf(String className) {
    return ClassNames.indexOf(classNames, className);
  }

  /** Samples of true class {@code trueClass} predicted as {@code predictedClass}. */
  public long count(int trueClass, int predictedClass) {
    return counts[trueClass][predictedClass];
  }

  /** Samples of the named true class predicted as the named class. */
  public long count(String trueClass, String predictedClass) {
    return counts[indexOf(trueClass)][indexOf(predictedClass)];
  }

  /** Samples whose true class is {@code trueClass} (row sum; scikit-learn's "support"). */
  public long support(int trueClass) {
    long sum = 0;
    for (long c : counts[trueClass]) {
      sum += c;
    }
    return sum;
  }

  /** Samples predicted as {@code predictedClass} (column sum). */
  public long predictedCount(int predictedClass) {
    long sum = 0;
    for (long[] row : counts) {
      sum += row[predictedClass];
    }
    return sum;
  }

  /** All samples. */
  public long total() {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += support(i);
    }
    return sum;
  }

  /** Correctly classified samples (the diagonal). */
  public long correct() {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += counts[i][i];
    }
    return sum;
  }

  /** A copy of the counts, {@code [true][predicted]}. */
  public long[][] toArray() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /**
   * The counts as numpy prints an integer matrix: every entry right-aligned to the widest one,
   * e.g. {@code [[ 9  3]\n [ 5 83]]} (numpy would wrap rows wider than 75 characters; this never
   * wraps).
   */
  @Override
  public String toString() {
    int width = 1;
    for (long[] row : counts) {
      for (long c : row) {
        width = Math.max(width, Long.toString(c).length());
      }
    }
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < counts.length; i++) {
      if (i > 0) {
        text.append("\n ");
      }
      text.append('[');
      for (int j = 0; j < counts[i].length; j++) {
        if (j > 0) {
          text.append(' ');
        }
        text.append(Decimals.padLeft(Long.toString(counts[i][j]), width));
      }
      text.append(']');
    }
    return text.append(']').toString();
  }

  /** Equal when the class names and every count are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ConfusionMatrix that
        && classNames.equals(that.classNames)
        && Arrays.deepEquals(counts, that.counts);
  }

  @Override
  public int hashCode() {
    return 31 * classNames.hashCode() + Arrays.deepHashCode(counts);
  }
}
