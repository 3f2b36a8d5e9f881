package io.github.covidxray.synthetic;

import java.util.Locale;

/**
 * The two classes of the synthetic data set. Their {@link #folderName() folder names} are the
 * tutorial's, so a written synthetic set loads exactly like the real one ({@code covid} = 0,
 * {@code normal} = 1 in alphabetical order).
 */
public enum SyntheticClass {

  /** Lungs with bilateral, patchy ground-glass opacities drawn into them. */
  COVID,

  /** Clear lungs. */
  NORMAL;

  /**
   * The class's folder (and label) name in a data set directory.
   *
   * @return {@code covid} or {@code normal}
   */
  public String folderName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
