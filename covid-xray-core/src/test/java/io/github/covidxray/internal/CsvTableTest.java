package io.github.covidxray.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

  @TempDir Path dir;

  private static List<List<String>> values(CsvTable t) {
    return t.rows().stream().map(CsvTable.Row::values).toList();
  }

  @Test
  void crlfLfAndLoneCrLineEndsAllSeparateRecords() throws IOException {
    for (String eol : List.of("\r\n", "\n", "\r")) {
      CsvTable t = CsvTable.parse("a,b" + eol + "1,2" + eol + "3,4" + eol, "t.csv");
      assertThat(t.header()).containsExactly("a", "b");
      assertThat(values(t)).as("eol %s", eol.replace("\r", "CR").replace("\n", "LF"))
          .containsExactly(List.of("1", "2"), List.of("3", "4"));
      assertThat(t.rows()).extracting(CsvTable.Row::line).containsExactly(2L, 3L);
    }
    CsvTable mixed = CsvTable.parse("a\r\n1\n2\r3", "mixed.csv");
    assertThat(values(mixed)).containsExactly(List.of("1"), List.of("2"), List.of("3"));
    assertThat(mixed.rows()).extracting(CsvTable.Row::line).containsExactly(2L, 3L, 4L);
  }

  @Test
  void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() throws IOException {
    String text = "id,notes,next\r\n"
        + "1,\"Tongji Medical College, Wuhan\",x\r\n"
        + "2,\"she said \"\"PA\"\" view\",y\r\n"
        + "3,\"first line\r\nsecond line\nthird\",z\r\n"
        + "4,\"\",w\r\n";
    CsvTable t = CsvTable.parse(text, "q.csv");
    assertThat(values(t)).containsExactly(
        List.of("1", "Tongji Medical College, Wuhan", "x"),
        List.of("2", "she said \"PA\" view", "y"),
        List.of("3", "first line\r\nsecond line\nthird", "z"),
        List.of("4", "", "w"));
    // the record after a field with two line breaks starts two lines further down
    assertThat(t.rows()).extracting(CsvTable.Row::line).containsExactly(2L, 3L, 4L, 7L);
  }

  @Test
  void headerWithStraySpacesCapitalsAndTrailingEmptyColumn() throws IOException {
    CsvTable t = CsvTable.parse(
        "Patientid,finding, url,\r\n1,COVID-19,https://x.org/a,a note\r\n2,SARS,,\r\n", "h.csv");
    assertThat(t.header()).containsExactly("Patientid", "finding", " url", "");
    assertThat(t.column("patientid")).isZero();
    assertThat(t.column("PATIENTID")).isZero();
    assertThat(t.column("url")).isEqualTo(2);
    assertThat(t.column(" url")).isEqualTo(2);
    assertThat(t.findColumn("license")).isEmpty();
    assertThat(values(t)).containsExactly(
        List.of("1", "COVID-19", "https://x.org/a", "a note"), List.of("2", "SARS", "", ""));
  }

  @Test
  void cellsAreNotTrimmedAndShortRowsReadAsEmpty() throws IOException {
    CsvTable t = CsvTable.parse("a,b,c\n x ,y\n", "s.csv");
    CsvTable.Row row = t.rows().get(0);
    assertThat(row.get(0)).isEqualTo(" x ");
    assertThat(row.get(2)).isEmpty();
    assertThat(row.get(99)).isEmpty();
  }

  @Test
  void blankLinesAreSkippedAndMissingFinalNewlineIsFine() throws IOException {
    CsvTable t = CsvTable.parse("a,b\n\n1,2\r\n\r\n3,4", "b.csv");
    assertThat(values(t)).containsExactly(List.of("1", "2"), List.of("3", "4"));
    assertThat(t.rows()).extracting(CsvTable.Row::line).containsExactly(3L, 5L);
  }

  @Test
  void quoteInsideAnUnquotedFieldIsKeptAsACharacter() throws IOException {
    CsvTable t = CsvTable.parse("a,b\n5\" film,x\n", "l.csv");
    assertThat(values(t)).containsExactly(List.of("5\" film", "x"));
  }

  @Test
  void readsAFileWithByteOrderMarkAndUtf8Text() throws IOException {
    Path file = dir.resolve("bom.csv");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "Patientid,location\r\n16,\"Sichuan Provincial People’s Hospital, Chengdu\"\r\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    Files.write(file, all);

    CsvTable t = CsvTable.read(file);
    assertThat(t.header()).containsExactly("Patientid", "location");
    assertThat(t.column("patientid")).isZero();
    assertThat(t.rows().get(0).get(1)).isEqualTo("Sichuan Provincial People’s Hospital, Chengdu");
    assertThat(t.source()).isEqualTo(file.toString());
  }

  @Test
  void unterminatedQuoteNamesFileAndLineWhereItOpens() throws IOException {
    Path file = dir.resolve("broken.csv");
    Files.writeString(file, "a,b\r\n1,2\r\n3,\"never closed\r\n4,5\r\n6,7\r\n");
    assertThatThrownBy(() -> CsvTable.read(file))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("unterminated")
        .satisfies(e -> assertThat(((CsvFormatException) e).line()).isEqualTo(3L));
  }

  @Test
  void missingColumnNamesFileAndHeader() throws IOException {
    CsvTable t = CsvTable.parse("Patientid,view\n1,PA\n", "meta.csv");
    assertThatThrownBy(() -> t.column("finding"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meta.csv")
        .hasMessageContaining("'finding'")
        .hasMessageContaining("[Patientid, view]");
  }

  @Test
  void ambiguousColumnIsAnError() throws IOException {
    CsvTable t = CsvTable.parse("url, URL\nx,y\n", "dup.csv");
    assertThatThrownBy(() -> t.findColumn("url"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ambiguous");
  }

  @Test
  void emptyFileAndInvalidUtf8AreClearErrors() throws IOException {
    Path empty = dir.resolve("empty.csv");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> CsvTable.read(empty))
        .isInstanceOf(CsvFormatException.class).hasMessageContaining("no header");

    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, "a\nok\nCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> CsvTable.read(latin1))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("UTF-8")
        .hasMessageContaining("line 3");
  }
}
