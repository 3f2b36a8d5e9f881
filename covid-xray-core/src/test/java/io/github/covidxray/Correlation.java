package io.github.covidxray;

/** Correlation coefficients for tests that compare maps or outputs. */
public final class Correlation {

  private Correlation() {}

  /**
   * Pearson's correlation coefficient of two equally long series; 0 when either is constant.
   *
   * @param a a series
   * @param b a series of the same length
   * @return the coefficient, −1 to 1
   */
  public static double pearson(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("series of " + a.length + " and " + b.length + " values");
    }
    double ma = java.util.Arrays.stream(a).average().orElse(0);
    double mb = java.util.Arrays.stream(b).average().orElse(0);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
  }
}
