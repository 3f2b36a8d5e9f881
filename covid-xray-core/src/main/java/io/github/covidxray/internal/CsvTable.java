package io.github.covidxray.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A CSV file read whole into memory: a header row and data rows, parsed as RFC 4180 describes and as
 * real-world files need.
 *
 * <p>What it accepts, because real metadata files have all of it: CRLF, LF or lone CR line endings
 * (mixed too); quoted fields holding commas, doubled quotes ({@code ""}) and line breaks; a UTF-8
 * byte order mark; header names with stray spaces or another capitalisation (looked up trimmed and
 * case-insensitively, so {@code column("url")} finds {@code " url"}); an unnamed trailing column;
 * rows shorter or longer than the header (missing cells read as empty). Blank lines are skipped.
 * Like Python's {@code csv} module it is lenient about a quote inside an unquoted field (kept as a
 * character). An unterminated quoted field is an error naming the file and the line it starts on.
 *
 * <p>Cell values are kept exactly as written (not trimmed); trimming is the caller's decision.
 */
public final class CsvTable {

  /**
   * One data row.
   *
   * @param line 1-based physical line of the file where the row starts (the header is line 1)
   * @param values the cells, in file order
   */
  public record Row(long line, List<String> values) {

    /** Copies the cells so that the row stays immutable. */
    public Row {
      values = List.copyOf(values);
    }

    /** The cell in {@code column}, or {@code ""} when the row is shorter than that. */
    public String get(int column) {
      if (column < 0) {
        throw new IndexOutOfBoundsException("column index must be >= 0, got " + column);
      }
      return column < values.size() ? values.get(column) : "";
    }
  }

  private final String source;
  private final List<String> header;
  private final List<Row> rows;

  private CsvTable(String source, List<String> header, List<Row> rows) {
    this.source = source;
    this.header = List.copyOf(header);
    this.rows = List.copyOf(rows);
  }

  /**
   * Reads a UTF-8 CSV file (a leading byte order mark is ignored).
   *
   * @throws CsvFormatException if the file is not valid UTF-8, is empty or has an unterminated quote
   * @throws IOException if the file cannot be read
   */
  public static CsvTable read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] bytes = Files.readAllBytes(file);
    return parse(decodeUtf8(bytes, file.toString()), file.toString());
  }

  /**
   * Parses CSV text; {@code sourceName} is used in error messages.
   *
   * @throws CsvFormatException if the text has no header or has an unterminated quoted field
   */
  public static CsvTable parse(String text, String sourceName) throws CsvFormatException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    List<Row> records = new Parser(text, sourceName).parseAll();
    if (records.isEmpty()) {
      throw new CsvFormatException(sourceName, 1, "no header row (the file is empty)");
    }
    return new CsvTable(sourceName, records.get(0).values(), records.subList(1, records.size()));
  }

  /** The file (or name) this table was read from, for messages. */
  public String source() {
    return source;
  }

  /** The header names exactly as written (including stray spaces and empty names). */
  public List<String> header() {
    return header;
  }

  /** The data rows, in file order, without the header. */
  public List<Row> rows() {
    return rows;
  }

  /**
   * Index of the column whose header name, trimmed, equals {@code name} ignoring case; empty if
   * there is none.
   *
   * @throws IllegalArgumentException if {@code name} is blank or several columns match
   */
  public OptionalInt findColumn(String name) {
    Objects.requireNonNull(name, "name");
    String wanted = normalize(name);
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("column name must not be blank");
    }
    int found = -1;
    for (int i = 0; i < header.size(); i++) {
      if (normalize(header.get(i)).equals(wanted)) {
        if (found >= 0) {
          throw new IllegalArgumentException(String.format(
              "%s: column '%s' is ambiguous, header has it at positions %d and %d: %s",
              source, name, found + 1, i + 1, header));
        }
        found = i;
      }
    }
    return found >= 0 ? OptionalInt.of(found) : OptionalInt.empty();
  }

  /**
   * Index of a column that must exist (matched as in {@link #findColumn}).
   *
   * @throws IllegalArgumentException naming the file and its header when the column is missing
   */
  public int column(String name) {
    return findColumn(name).orElseThrow(() -> new IllegalArgumentException(String.format(
        "%s: no column '%s' in the header %s", source, name.strip(), header)));
  }

  private static String normalize(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static String decodeUtf8(byte[] bytes, String sourceName) throws CsvFormatException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      CharBuffer chars = decoder.decode(in);
      String text = chars.toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      int errorAt = in.position();
      long line = 1;
      for (int i = 0; i < errorAt && i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new CsvFormatException(sourceName, line,
          "not valid UTF-8 text (byte offset " + errorAt + "); save the file as UTF-8");
    }
  }

  /** The RFC 4180 state machine; one instance per parse. */
  private static final class Parser {
    private final String text;
    private final String source;
    private final List<Row> records = new ArrayList<>();
    private List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean fieldQuoted;
    private long line = 1;
    private long recordStart = 1;

    Parser(String text, String source) {
      this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
      this.source = source;
    }

    List<Row> parseAll() throws CsvFormatException {
      int n = text.length();
      int i = 0;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '"' && field.length() == 0 && !fieldQuoted) {
          i = readQuoted(i + 1);
          continue;
        }
        if (c == ',') {
          endField();
        } else if (c == '\r' || c == '\n') {
          if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
            i++;
          }
          endRecord();
          line++;
          recordStart = line;
        } else {
          field.append(c);
        }
        i++;
      }
      if (!fields.isEmpty() || field.length() > 0 || fieldQuoted) {
        endRecord();
      }
      return records;
    }

    /** Reads a quoted field's content from {@code i} (just past the opening quote). */
    private int readQuoted(int i) throws CsvFormatException {
      long quoteLine = line;
      fieldQuoted = true;
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (c == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          return i + 1;
        }
        if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
          line++;
        }
        field.append(c);
        i++;
      }
      throw new CsvFormatException(source, quoteLine,
          "unterminated quoted field (a '\"' opened here is never closed)");
    }

    private void endField() {
      fields.add(field.toString());
      field.setLength(0);
      fieldQuoted = false;
    }

    private void endRecord() {
      boolean blankLine = fields.isEmpty() && field.length() == 0 && !fieldQuoted;
      endField();
      if (!blankLine) {
        records.add(new Row(recordStart, fields));
      }
      fields = new ArrayList<>();
    }
  }
}
