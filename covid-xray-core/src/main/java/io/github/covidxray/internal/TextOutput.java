package io.github.covidxray.internal;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * Line-oriented printing to any {@link Appendable} ({@code System.out}, a {@code PrintWriter}, a
 * {@code StringBuilder}), so that progress printers need not insist on a {@code PrintStream}. Every
 * line is flushed when the target is {@link Flushable}, because progress is only useful when seen.
 */
public final class TextOutput {

  private final Appendable out;

  /**
   * Output to {@code out}.
   *
   * @param out where the text goes
   */
  public TextOutput(Appendable out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Writes {@code text} as is and flushes. */
  public void print(CharSequence text) {
    try {
      out.append(text);
      if (out instanceof Flushable flushable) {
        flushable.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write progress output", e);
    }
  }

  /** Writes {@code text} and a line separator. */
  public void println(CharSequence text) {
    print(text + System.lineSeparator());
  }

  /** Writes {@code String.format(Locale.ROOT, format, args)}; {@code %n} is the line separator. */
  public void printf(String format, Object... args) {
    print(String.format(Locale.ROOT, format, args));
  }
}
