package io.github.covidxray.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting that reproduces Python's {@code format(x, ".Nf")}, so that printed figures are
 * the ones scikit-learn and the tutorial print.
 *
 * <p>Python rounds the exact binary value of the double half to even; {@link String#format} rounds
 * its shortest decimal representation half up, which differs for values such as 0.125 (Python
 * {@code 0.12}, Java {@code 0.13}).
 */
public final class Decimals {

  private Decimals() {}

  /** {@code value} with {@code digits} decimals, rounded like Python's {@code "{:.Nf}"}. */
  public static String fixed(double value, int digits) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String text = new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    boolean negativeZero = Math.copySign(1.0, value) < 0 && !text.startsWith("-");
    return negativeZero ? "-" + text : text;
  }

  /** {@code text} right-aligned in {@code width} characters (Unicode code points, as Python counts). */
  public static String padLeft(String text, int width) {
    int length = text.codePointCount(0, text.length());
    return length >= width ? text : " ".repeat(width - length) + text;
  }

  /** {@code text} left-aligned in {@code width} characters (Unicode code points). */
  public static String padRight(String text, int width) {
    int length = text.codePointCount(0, text.length());
    return length >= width ? text : text + " ".repeat(width - length);
  }

  /** A confidence level as a percentage without trailing zeros: 0.95 gives "95%", 0.975 "97.5%". */
  public static String percent(double level) {
    return BigDecimal.valueOf(level).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** A target such as 0.9 as plain text without trailing zeros ("0.9"). */
  public static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
