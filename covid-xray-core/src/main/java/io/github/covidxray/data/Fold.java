package io.github.covidxray.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One fold of a k-fold cross-validation: which items to train on and which to test on, as indices
 * into the data set the folds were made for (see {@link StratifiedGroupKFold}).
 *
 * <p>Immutable: the arrays are copied in and out, and equality compares their contents.
 *
 * @param index the fold's number, from 0
 * @param trainIndices items to train on, ascending
 * @param testIndices items held out, ascending
 */
public record Fold(int index, int[] trainIndices, int[] testIndices) {

  /** Copies the index arrays and checks the fold number. */
  public Fold {
    if (index < 0) {
      throw new IllegalArgumentException("fold index must not be negative, got " + index);
    }
    trainIndices = Objects.requireNonNull(trainIndices, "trainIndices").clone();
    testIndices = Objects.requireNonNull(testIndices, "testIndices").clone();
  }

  /**
   * Items to train on.
   *
   * @return a copy, ascending
   */
  @Override
  public int[] trainIndices() {
    return trainIndices.clone();
  }

  /**
   * Items held out for testing.
   *
   * @return a copy, ascending
   */
  @Override
  public int[] testIndices() {
    return testIndices.clone();
  }

  /**
   * The fold's two parts of {@code data}, which must be the data set the folds were made for.
   *
   * @param data the data set
   * @return its training and test images
   * @throws IndexOutOfBoundsException when an index does not exist in {@code data}
   */
  public DatasetSplit split(ImageDataset data) {
    Objects.requireNonNull(data, "data");
    return new DatasetSplit(data.subset(trainIndices), data.subset(testIndices));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fold other && index == other.index && Arrays.equals(trainIndices, other.trainIndices)
        && Arrays.equals(testIndices, other.testIndices);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * index + Arrays.hashCode(trainIndices)) + Arrays.hashCode(testIndices);
  }

  /** E.g. {@code Fold[index=0, train=40, test=10]}. */
  @Override
  public String toString() {
    return "Fold[index=" + index + ", train=" + trainIndices.length + ", test=" + testIndices.length + "]";
  }
}
