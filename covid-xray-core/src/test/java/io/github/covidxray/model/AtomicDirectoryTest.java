package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirectoryTest {

  private static final AtomicDirectory.ReplaceCheck ANY = existing -> { };

  @TempDir Path dir;

  @Test
  void writesANewDirectoryWithParentsAndLeavesNoSiblings() throws IOException {
    Path target = dir.resolve("a/b/model");
    AtomicDirectory.write(target, ANY, tmp -> {
      Files.writeString(tmp.resolve("x.txt"), "new");
      Files.createDirectories(tmp.resolve("sub"));
      Files.writeString(tmp.resolve("sub/y.txt"), "deep");
    });
    assertThat(Files.readString(target.resolve("x.txt"))).isEqualTo("new");
    assertThat(Files.readString(target.resolve("sub/y.txt"))).isEqualTo("deep");
    assertThat(listing(target.getParent())).containsExactly("model");
  }

  @Test
  void replacesAnExistingDirectoryCompletely() throws IOException {
    Path target = dir.resolve("model");
    AtomicDirectory.write(target, ANY, tmp -> {
      Files.writeString(tmp.resolve("old-only.txt"), "old");
      Files.writeString(tmp.resolve("shared.txt"), "old");
    });
    AtomicDirectory.write(target, ANY, tmp -> Files.writeString(tmp.resolve("shared.txt"), "new"));
    assertThat(listing(target)).containsExactly("shared.txt");
    assertThat(Files.readString(target.resolve("shared.txt"))).isEqualTo("new");
    assertThat(listing(dir)).containsExactly("model");
  }

  @Test
  void aWriterThatFailsHalfwayLeavesTheOldDirectoryAndNoTemporary() throws IOException {
    Path target = oldDirectory();
    assertThatThrownBy(() -> AtomicDirectory.write(target, ANY, tmp -> {
      Files.writeString(tmp.resolve("content.txt"), "half");
      throw new IOException("disk full (simulated)");
    })).isInstanceOf(IOException.class).hasMessageContaining("simulated");
    assertOldDirectoryIntact(target);
  }

  @Test
  void aRuntimeFailureInTheWriterAlsoCleansUp() throws IOException {
    Path target = oldDirectory();
    assertThatThrownBy(() -> AtomicDirectory.write(target, ANY, tmp -> {
      Files.writeString(tmp.resolve("content.txt"), "half");
      throw new IllegalStateException("bug (simulated)");
    })).isInstanceOf(IllegalStateException.class);
    assertOldDirectoryIntact(target);
  }

  @Test
  void whenMovingTheNewDirectoryInFailsTheOldOneIsMovedBack() throws IOException {
    Path target = oldDirectory();
    List<String> moves = new ArrayList<>();
    AtomicDirectory.Mover failSecond = (from, to) -> {
      moves.add(from.getFileName() + " -> " + to.getFileName());
      if (moves.size() == 2) {
        throw new IOException("rename failed (simulated)");
      }
      Files.move(from, to);
    };
    assertThatThrownBy(() -> AtomicDirectory.write(target, ANY,
        tmp -> Files.writeString(tmp.resolve("content.txt"), "new"), failSecond))
        .hasMessageContaining("simulated");
    assertThat(moves).hasSize(3);
    assertThat(moves.get(0)).matches("model -> \\.model\\.[0-9a-z]+\\.old");
    assertThat(moves.get(1)).matches("\\.model\\.[0-9a-z]+\\.tmp -> model");
    assertThat(moves.get(2)).matches("\\.model\\.[0-9a-z]+\\.old -> model");
    assertOldDirectoryIntact(target);
  }

  @Test
  void whenNeitherRenameSucceedsTheMessageSaysWhereTheOldDirectoryIs() throws IOException {
    Path target = oldDirectory();
    int[] calls = {0};
    AtomicDirectory.Mover onlyFirst = (from, to) -> {
      if (++calls[0] > 1) {
        throw new IOException("rename failed (simulated)");
      }
      Files.move(from, to);
    };
    assertThatThrownBy(() -> AtomicDirectory.write(target, ANY,
        tmp -> Files.writeString(tmp.resolve("content.txt"), "new"), onlyFirst))
        .hasMessageContaining("the old directory is intact at");
    assertThat(target).doesNotExist();
    List<Path> backups = AtomicDirectory.backupsOf(target);
    assertThat(backups).hasSize(1);
    assertThat(Files.readString(backups.get(0).resolve("content.txt"))).isEqualTo("old");
    assertThat(listing(dir)).containsExactly(backups.get(0).getFileName().toString());
  }

  @Test
  void theReplaceCheckCanRefuseBeforeAnythingIsWritten() throws IOException {
    Path target = oldDirectory();
    boolean[] wrote = {false};
    assertThatThrownBy(() -> AtomicDirectory.write(target,
        existing -> {
          throw new IOException(existing + " is not mine (simulated)");
        },
        tmp -> wrote[0] = true))
        .hasMessageContaining("is not mine");
    assertThat(wrote[0]).isFalse();
    assertOldDirectoryIntact(target);
  }

  @Test
  void refusesWhenAFileIsInTheWay() throws IOException {
    Path file = Files.writeString(dir.resolve("model"), "a file");
    assertThatThrownBy(() -> AtomicDirectory.write(file, ANY, tmp -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("a file is in the way");
    assertThat(Files.readString(file)).isEqualTo("a file");
  }

  @Test
  void aSymbolicLinkToADirectoryIsWrittenThrough() throws IOException {
    Path real = oldDirectory();
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    AtomicDirectory.write(link, ANY, tmp -> Files.writeString(tmp.resolve("content.txt"), "new"));
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(link.resolve("content.txt"))).isEqualTo("new");
    assertThat(Files.readString(real.resolve("content.txt"))).isEqualTo("new");
  }

  private Path oldDirectory() throws IOException {
    Path target = Files.createDirectory(dir.resolve("model"));
    Files.writeString(target.resolve("content.txt"), "old");
    return target;
  }

  private void assertOldDirectoryIntact(Path target) throws IOException {
    assertThat(listing(target)).containsExactly("content.txt");
    assertThat(Files.readString(target.resolve("content.txt"))).isEqualTo("old");
    assertThat(listing(dir)).as("no temporary or backup siblings").containsExactly("model");
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
