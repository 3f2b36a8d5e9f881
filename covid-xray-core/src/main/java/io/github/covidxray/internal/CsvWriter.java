package io.github.covidxray.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes RFC 4180 CSV: CRLF record separators, and a field quoted only when it needs to be (it holds
 * a comma, a quote, a line break, or leading or trailing whitespace that other readers would trim),
 * with quotes inside doubled. {@link CsvTable} reads back exactly what this writes.
 */
public final class CsvWriter {

  /** The record separator RFC 4180 prescribes. */
  public static final String LINE_SEPARATOR = "\r\n";

  private CsvWriter() {}

  /**
   * Formats a header and rows as CSV text.
   *
   * @throws IllegalArgumentException if a row's width differs from the header's, or a cell is null
   */
  public static String format(List<String> header, List<? extends List<String>> rows) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(rows, "rows");
    if (header.isEmpty()) {
      throw new IllegalArgumentException("CSV header must have at least one column");
    }
    StringBuilder out = new StringBuilder();
    appendRecord(out, header, 0, header.size());
    for (int r = 0; r < rows.size(); r++) {
      appendRecord(out, rows.get(r), r + 1, header.size());
    }
    return out.toString();
  }

  /** Writes {@link #format}'s text as UTF-8 to {@code file}, atomically (see {@link AtomicFiles}). */
  public static void write(Path file, List<String> header, List<? extends List<String>> rows)
      throws IOException {
    AtomicFiles.writeString(file, format(header, rows));
  }

  /** One field as it appears in the file: unchanged, or quoted with inner quotes doubled. */
  public static String quote(String value) {
    Objects.requireNonNull(value, "value");
    boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
        || (!value.isEmpty() && (Character.isWhitespace(value.charAt(0))
            || Character.isWhitespace(value.charAt(value.length() - 1))));
    return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private static void appendRecord(StringBuilder out, List<String> record, int index, int width) {
    Objects.requireNonNull(record, "row " + index);
    if (record.size() != width) {
      throw new IllegalArgumentException(String.format(
          "row %d has %d fields but the header has %d", index, record.size(), width));
    }
    for (int i = 0; i < record.size(); i++) {
      String value = record.get(i);
      if (value == null) {
        throw new IllegalArgumentException(String.format(
            "row %d, field %d is null; write an empty string instead", index, i + 1));
      }
      if (i > 0) {
        out.append(',');
      }
      // a lone empty field would be a blank line, which readers skip: quote it
      out.append(record.size() == 1 && value.isEmpty() ? "\"\"" : quote(value));
    }
    out.append(LINE_SEPARATOR);
  }
}
