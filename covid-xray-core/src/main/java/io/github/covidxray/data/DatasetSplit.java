package io.github.covidxray.data;

import java.util.Objects;

/**
 * The two parts of a stratified split (see {@link ImageDataset#split(double, long)}).
 *
 * @param train the images to train on
 * @param test the held-out images to evaluate on
 */
public record DatasetSplit(ImageDataset train, ImageDataset test) {

  /** Requires both parts. */
  public DatasetSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
  }
}
