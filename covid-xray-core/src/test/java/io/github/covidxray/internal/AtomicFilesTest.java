package io.github.covidxray.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writesAndReplacesWithParentsCreated() throws IOException {
    Path file = dir.resolve("a/b/out.txt");
    AtomicFiles.writeString(file, "first");
    AtomicFiles.writeString(file, "second");
    assertThat(Files.readString(file)).isEqualTo("second");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writerThatFailsHalfwayLeavesTheOldFileAndNoTemporary() throws IOException {
    Path file = dir.resolve("model.bin");
    Files.writeString(file, "old content");
    assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
      out.write("partial".getBytes());
      throw new IOException("disk full (simulated)");
    })).hasMessageContaining("simulated");
    assertThat(Files.readString(file)).isEqualTo("old content");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void copiesBytesExactly() throws IOException {
    byte[] bytes = new byte[10_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    Path src = Files.write(dir.resolve("src.jpg"), bytes);
    Path dst = dir.resolve("out/dst.jpg");
    AtomicFiles.copy(src, dst);
    assertThat(Files.readAllBytes(dst)).isEqualTo(bytes);
  }

  @Test
  void refusesToReplaceADirectory() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertThatThrownBy(() -> AtomicFiles.writeString(sub, "x"))
        .isInstanceOf(IOException.class).hasMessageContaining("is a directory");
  }
}
