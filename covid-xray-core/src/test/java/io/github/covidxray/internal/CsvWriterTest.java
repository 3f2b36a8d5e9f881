package io.github.covidxray.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {

  @TempDir Path dir;

  @Test
  void quotesOnlyWhatNeedsQuoting() {
    String text = CsvWriter.format(List.of("file", "note"), List.of(
        List.of("a.jpg", "plain"),
        List.of("b.jpg", "Wuhan, China"),
        List.of("c.jpg", "the \"PA\" film"),
        List.of("d.jpg", "two\nlines"),
        List.of("e.jpg", " padded"),
        List.of("f.jpg", "")));
    assertThat(text).isEqualTo("file,note\r\n"
        + "a.jpg,plain\r\n"
        + "b.jpg,\"Wuhan, China\"\r\n"
        + "c.jpg,\"the \"\"PA\"\" film\"\r\n"
        + "d.jpg,\"two\nlines\"\r\n"
        + "e.jpg,\" padded\"\r\n"
        + "f.jpg,\r\n");
  }

  @Test
  void whatItWritesReadsBackUnchanged() throws IOException {
    Random random = new Random(7);
    String alphabet = "ab ,\"\r\n’x";
    List<String> header = List.of("c1", "c2", "c3");
    List<List<String>> rows = new ArrayList<>();
    for (int r = 0; r < 200; r++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < header.size(); c++) {
        StringBuilder cell = new StringBuilder();
        int len = random.nextInt(6);
        for (int k = 0; k < len; k++) {
          cell.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        row.add(cell.toString());
      }
      rows.add(row);
    }
    Path file = dir.resolve("round.csv");
    CsvWriter.write(file, header, rows);
    CsvTable back = CsvTable.read(file);
    assertThat(back.header()).isEqualTo(header);
    assertThat(back.rows()).extracting(CsvTable.Row::values).isEqualTo(rows);
  }

  @Test
  void singleEmptyColumnRowSurvivesTheRoundTrip() throws IOException {
    String text = CsvWriter.format(List.of("only"), List.of(List.of(""), List.of("x")));
    assertThat(text).isEqualTo("only\r\n\"\"\r\nx\r\n");
    assertThat(CsvTable.parse(text, "t").rows()).extracting(CsvTable.Row::values)
        .containsExactly(List.of(""), List.of("x"));
  }

  @Test
  void rejectsRaggedRowsAndNulls() {
    assertThatThrownBy(() -> CsvWriter.format(List.of("a", "b"), List.of(List.of("1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 has 1 fields");
    assertThatThrownBy(() -> CsvWriter.format(List.of("a"), List.of(Arrays.asList((String) null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
  }

  @Test
  void failedWriteLeavesExistingFileAndNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("keep.csv");
    Files.writeString(file, "old");
    assertThatThrownBy(() -> CsvWriter.write(file, List.of("a", "b"), List.of(List.of("1"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(file)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
