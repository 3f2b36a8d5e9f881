package io.github.covidxray.synthetic;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SyntheticXrays#writeDataset} wrote.
 *
 * @param directory the data set directory, to hand to covid-xray-core's {@code DatasetLoader}
 * @param covid the images written into {@code directory/covid}, in index order
 * @param normal the images written into {@code directory/normal}, in index order
 * @param readme the {@code README.txt} that says the images are synthetic
 * @param otherFiles files that were already in the directory and are not part of this set (only
 *     possible when overwriting); the data set loader would read the images among them too
 */
public record SyntheticDataset(Path directory, List<Path> covid, List<Path> normal, Path readme,
    List<Path> otherFiles) {

  /** Copies the lists. */
  public SyntheticDataset {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(readme, "readme");
    covid = List.copyOf(covid);
    normal = List.copyOf(normal);
    otherFiles = List.copyOf(otherFiles);
  }

  /**
   * The images written for one class.
   *
   * @param label the class
   * @return {@link #covid()} or {@link #normal()}
   */
  public List<Path> images(SyntheticClass label) {
    return switch (label) {
      case COVID -> covid;
      case NORMAL -> normal;
    };
  }

  /**
   * All images written.
   *
   * @return the number of images written, both classes together
   */
  public int size() {
    return covid.size() + normal.size();
  }
}
