package io.github.covidxray.internal;

import java.io.IOException;

/**
 * A CSV text that cannot be parsed (for example an unterminated quoted field). The message names
 * the source and the line, so a user can open the file at the right place.
 */
public final class CsvFormatException extends IOException {

  private final String source;
  private final long line;

  /**
   * @param source the file (or other name) the text came from
   * @param line 1-based physical line where the problem starts
   * @param problem what is wrong, in words
   */
  public CsvFormatException(String source, long line, String problem) {
    super(source + ", line " + line + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The file (or other name) the text came from. */
  public String source() {
    return source;
  }

  /** 1-based physical line where the problem starts. */
  public long line() {
    return line;
  }
}
