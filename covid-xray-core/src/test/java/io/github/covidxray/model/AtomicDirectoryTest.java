package io.github.covidxray.model;

import static io.github.covidxray.model.TreeFiles.hashes;
import static io.github.covidxray.model.TreeFiles.listing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.LogCapture;
import io.github.covidxray.model.AtomicDirectory.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AtomicDirectory} and {@link Leftovers} on a small layout: a.txt, b.txt and sub/ are the
 * content, DONE marks it complete; anything else in the directory is a user's file.
 */
class AtomicDirectoryTest {

  private static final Set<String> OWNED = Set.of("a.txt", "b.txt", "sub", "DONE");
  private static final List<String> USER_FILES = List.of("model/NOTES.md", "model/eval/results.csv",
      "model/.hidden-user-file", "beside.txt");

  static final AtomicDirectory.Layout LAYOUT = new AtomicDirectory.Layout() {
    @Override
    public boolean owns(String name) {
      return OWNED.contains(name);
    }

    @Override
    public String completionEntry() {
      return "DONE";
    }

    @Override
    public void checkComplete(Path directory) throws IOException {
      for (String name : List.of("DONE", "a.txt", "b.txt", "sub/c.txt")) {
        if (!Files.isRegularFile(directory.resolve(name))) {
          throw new IOException(name + " is missing");
        }
      }
    }
  };

  @TempDir Path dir;
  @TempDir Path snapshots;
  private Path target;

  @BeforeEach
  void names() {
    target = dir.resolve("model");
  }

  // ------------------------------------------------------------------ writing

  @Test
  void writesANewDirectoryWithParentsAndLeavesNoSiblings() throws IOException {
    Path deep = dir.resolve("a/b/model");
    AtomicDirectory.write(deep, LAYOUT, version("v1"));
    assertThat(Files.readString(deep.resolve("a.txt"))).isEqualTo("v1");
    assertThat(Files.readString(deep.resolve("sub/c.txt"))).isEqualTo("v1");
    assertThat(listing(deep.getParent())).containsExactly("model");
  }

  @Test
  void replacesOnlyTheOwnedEntriesAndKeepsEveryOtherFileByteForByte() throws IOException {
    writeOldWithUserFiles();
    Map<String, String> before = hashes(dir, USER_FILES);
    AtomicDirectory.write(target, LAYOUT, tmp -> {
      Files.writeString(tmp.resolve("a.txt"), "v2");
      Files.writeString(tmp.resolve("DONE"), "v2");
    });
    assertThat(listing(target)).containsExactly(".hidden-user-file", "DONE", "NOTES.md", "a.txt", "eval");
    assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("v2");
    assertThat(hashes(dir, USER_FILES)).isEqualTo(before).doesNotContainValue("missing");
    assertThat(listing(dir)).containsExactly("beside.txt", "model");
  }

  @Test
  void refusesADirectoryOfOtherFilesWithoutWritingAnything() throws IOException {
    Files.createDirectories(target);
    Files.writeString(target.resolve("holiday.txt"), "keep me");
    Files.writeString(target.resolve("a.txt"), "mine, not a model's");
    boolean[] wrote = {false};
    assertThatThrownBy(() -> AtomicDirectory.write(target, LAYOUT, tmp -> wrote[0] = true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing to replace " + target)
        .hasMessageContaining("holiday.txt")
        .hasMessageNotContaining("a.txt");
    assertThat(wrote[0]).isFalse();
    assertThat(listing(target)).containsExactly("a.txt", "holiday.txt");
    assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("mine, not a model's");
    assertThat(listing(dir)).containsExactly("model");
  }

  @Test
  void anEmptyDirectoryOrOneOfOwnedRemainsMayBeWritten() throws IOException {
    Files.createDirectories(target);
    AtomicDirectory.write(target, LAYOUT, version("v1"));
    assertThat(Files.readString(target.resolve("DONE"))).isEqualTo("v1");

    Files.delete(target.resolve("DONE")); // what is left is ours, though incomplete
    AtomicDirectory.write(target, LAYOUT, version("v2"));
    assertThat(Files.readString(target.resolve("DONE"))).isEqualTo("v2");
    assertThat(listing(dir)).containsExactly("model");
  }

  @Test
  void aWriterThatFailsHalfwayLeavesTheOldContentAndNoSiblings() throws IOException {
    writeOldWithUserFiles();
    assertThatThrownBy(() -> AtomicDirectory.write(target, LAYOUT, tmp -> {
      Files.writeString(tmp.resolve("a.txt"), "half");
      throw new IOException("disk full (simulated)");
    })).isInstanceOf(IOException.class).hasMessageContaining("simulated");
    assertOldContentIntact();

    assertThatThrownBy(() -> AtomicDirectory.write(target, LAYOUT, tmp -> {
      throw new IllegalStateException("bug (simulated)");
    })).isInstanceOf(IllegalStateException.class);
    assertOldContentIntact();
  }

  @ParameterizedTest
  @EnumSource(value = Step.class, names = {"CONTENT_WRITTEN", "BACKUP_PARTIAL", "BACKUP_COMPLETE",
      "OLD_REMOVED", "NEW_PARTIAL", "NEW_COMPLETE"})
  void aFailureAtAnyStepBeforeTheEndPutsTheOldContentBack(Step failAt) throws IOException {
    writeOldWithUserFiles();
    Map<String, String> before = hashes(dir, USER_FILES);
    assertThatThrownBy(() -> AtomicDirectory.write(target, LAYOUT, version("v2"), step -> {
      if (step == failAt) {
        throw new IOException("failure at " + step + " (simulated)");
      }
    })).hasMessageContaining("failure at " + failAt);
    assertOldContentIntact();
    assertThat(hashes(dir, USER_FILES)).isEqualTo(before);
  }

  @Test
  void aFailureWhileDeletingTheBackupKeepsTheNewContentAndTheEndCleanupRemovesTheRest()
      throws IOException {
    writeOldWithUserFiles();
    AtomicDirectory.write(target, LAYOUT, version("v2"), step -> {
      if (step == Step.BACKUP_PARTLY_DELETED) {
        throw new IOException("cannot delete (simulated)");
      }
    });
    assertThat(Files.readString(target.resolve("DONE"))).isEqualTo("v2");
    assertThat(listing(dir)).containsExactly("beside.txt", "model");
  }

  @Test
  void whenMovingTheNewFilesInFailsTheOldOnesAreMovedBack() throws IOException {
    writeOldWithUserFiles();
    List<String> moves = new ArrayList<>();
    AtomicDirectory.Mover failSecond = (from, to) -> {
      moves.add(from.getParent().getFileName() + "/" + from.getFileName() + " -> "
          + to.getParent().getFileName() + "/" + to.getFileName());
      if (moves.size() == 2) {
        throw new IOException("rename failed (simulated)");
      }
      Files.move(from, to);
    };
    assertThatThrownBy(() -> AtomicDirectory.write(target, LAYOUT, version("v2"),
        AtomicDirectory.StepHook.NONE, failSecond)).hasMessageContaining("simulated");
    assertThat(moves.get(0)).matches("\\.model\\.[0-9a-z]+\\.tmp/a\\.txt -> model/a\\.txt");
    assertThat(moves.get(1)).matches("\\.model\\.[0-9a-z]+\\.tmp/b\\.txt -> model/b\\.txt");
    assertThat(moves.subList(2, moves.size())).as("the backup's entries, completion entry last")
        .hasSize(4).last().asString().matches("\\.model\\.[0-9a-z]+\\.old/DONE -> model/DONE");
    assertOldContentIntact();
  }

  @Test
  void whenPuttingTheOldFilesBackFailsTooTheMessageNamesTheCompleteBackup() throws IOException {
    writeOldWithUserFiles();
    int[] calls = {0};
    AtomicDirectory.Mover onlyFirst = (from, to) -> {
      if (++calls[0] > 1) {
        throw new IOException("rename failed (simulated)");
      }
      Files.move(from, to);
    };
    assertThatThrownBy(() -> AtomicDirectory.write(target, LAYOUT, version("v2"),
        AtomicDirectory.StepHook.NONE, onlyFirst))
        .hasMessageMatching("(?s)could not replace the model files in " + target
            + ", nor put the previous ones back; the previous model is complete at .*\\.model\\.[0-9a-z]+\\.old.*");
    List<Leftovers.Backup> backups = Leftovers.backups(target, LAYOUT);
    assertThat(backups).hasSize(1);
    assertThat(backups.get(0).complete()).isTrue();
    assertThat(Files.readString(backups.get(0).folder().resolve("DONE"))).isEqualTo("v1");
    assertThat(Leftovers.hint(target, LAYOUT)).contains(backups.get(0).folder().toString())
        .contains("move the files in it");
    assertThat(Files.readString(target.resolve(AtomicDirectory.IN_PROGRESS)))
        .contains(backups.get(0).folder().getFileName().toString());
  }

  @Test
  void refusesWhenAFileIsInTheWay() throws IOException {
    Path file = Files.writeString(target, "a file");
    assertThatThrownBy(() -> AtomicDirectory.write(file, LAYOUT, version("v1")))
        .isInstanceOf(IOException.class).hasMessageContaining("a file is in the way");
    assertThat(Files.readString(file)).isEqualTo("a file");
  }

  @Test
  void aSymbolicLinkToADirectoryIsWrittenThrough() throws IOException {
    writeOldWithUserFiles();
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    AtomicDirectory.write(link, LAYOUT, version("v2"));
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(link.resolve("a.txt"))).isEqualTo("v2");
    assertThat(Files.readString(target.resolve("NOTES.md"))).isEqualTo("my notes");
  }

  // ------------------------------------------------------------------ crashes and leftovers

  /**
   * A crash at each step, simulated by a hard-link snapshot of the directory's parent taken at that
   * moment and put back after the write; then the leftovers are checked and a second write runs.
   */
  @ParameterizedTest
  @EnumSource(Step.class)
  void afterACrashAtAnyStepTheNextWriteLeavesNoLeftoversAndNoUserFileChanges(Step crashAt)
      throws IOException {
    writeOldWithUserFiles();
    Map<String, String> before = hashes(dir, USER_FILES);
    Path snapshot = crashedAt(crashAt);
    TreeFiles.restore(snapshot, dir);

    List<String> leftovers = listing(dir).stream().filter(n -> n.startsWith(".model.")).toList();
    assertThat(leftovers).as("the crash left its lock file").anyMatch(n -> n.endsWith(".lock"));
    boolean midSwap = crashAt == Step.OLD_REMOVED || crashAt == Step.NEW_PARTIAL;
    assertThat(Files.exists(target.resolve("DONE"))).isEqualTo(!midSwap);
    if (midSwap) {
      assertThat(Leftovers.hint(target, LAYOUT)).as("the old content is complete in the backup")
          .matches("the newest complete copy is the backup .*\\.model\\.[0-9a-z]+\\.old, made .*");
    }

    try (LogCapture log = LogCapture.start()) {
      AtomicDirectory.write(target, LAYOUT, version("v3"));
      assertThat(log.text()).contains("Removed " + dir.resolve(".model."))
          .containsPattern("WARN .*Removed .*\\.model\\.[0-9a-z]+\\.tmp \\(0\\.0 MB\\), the temporary"
              + " folder of an interrupted save of " + target
              + "|INFO .*Removed .*\\.model\\.[0-9a-z]+\\.old \\(0\\.0 MB\\), a backup");
    }
    assertThat(listing(dir)).as("no leftover folders or lock files").containsExactly("beside.txt", "model");
    assertThat(Files.readString(target.resolve("DONE"))).isEqualTo("v3");
    assertThat(listing(target)).containsExactly(".hidden-user-file", "DONE", "NOTES.md", "a.txt",
        "b.txt", "eval", "sub");
    assertThat(hashes(dir, USER_FILES)).isEqualTo(before).doesNotContainValue("missing");
  }

  @Test
  void aLoadAfterACrashMidSwapKeepsTheOnlyCompleteCopyAndRemovesTheRest() throws IOException {
    writeOldWithUserFiles();
    TreeFiles.restore(crashedAt(Step.NEW_PARTIAL), dir);
    Path backup = Leftovers.backups(target, LAYOUT).get(0).folder();
    try (LogCapture log = LogCapture.start()) {
      Leftovers.cleanUp(target, LAYOUT);
      assertThat(log.text()).containsPattern("WARN .*Removed .*\\.tmp \\(0\\.0 MB\\), the temporary folder")
          .contains("Kept [" + backup + "] beside " + target)
          .contains("the newest complete copy is the backup " + backup);
    }
    assertThat(listing(dir)).containsExactly(backup.getFileName().toString(), "beside.txt", "model");
    assertThat(Files.readString(backup.resolve("DONE"))).isEqualTo("v1");
  }

  @Test
  void theHintNamesTheNewestCompleteBackupByItsMarkerNotByName() throws IOException {
    Files.createDirectories(target);
    Path older = backupAt(".model.zzzz.old", Instant.parse("2026-01-02T10:00:00Z"), true);
    Path newer = backupAt(".model.aaaa.old", Instant.parse("2026-03-04T10:00:00Z"), true);
    Path newestButPartial = backupAt(".model.mmmm.old", Instant.parse("2026-05-06T10:00:00Z"), false);
    Path unmarked = backupAt(".model.bbbb.old", null, true);

    List<Leftovers.Backup> backups = Leftovers.backups(target, LAYOUT);
    assertThat(backups).extracting(Leftovers.Backup::folder)
        .containsExactly(newer, older, unmarked, newestButPartial);
    assertThat(backups.get(2).problem().orElseThrow()).contains("no completeness marker");
    assertThat(backups.get(3).problem().orElseThrow()).contains("sub/c.txt is missing");
    assertThat(Leftovers.hint(target, LAYOUT))
        .startsWith("the newest complete copy is the backup " + newer + ", made 2026-03-04T10:00:00Z")
        .contains(older + " (backup made 2026-01-02T10:00:00Z)");

    AtomicDirectory.deleteTree(newer);
    AtomicDirectory.deleteTree(older);
    assertThat(Leftovers.hint(target, LAYOUT)).startsWith("interrupted saves left backups of it, but none"
        + " is complete: " + unmarked + " (not complete: it has no completeness marker");
  }

  @Test
  void leftoversOfALiveSaveAreLeftAlone() throws IOException {
    writeOldWithUserFiles();
    List<String> seen = new ArrayList<>();
    AtomicDirectory.write(target, LAYOUT, version("v2"), step -> {
      if (step == Step.OLD_REMOVED) {
        Leftovers.cleanUp(target, LAYOUT); // e.g. a load of the model while it is being saved
        seen.addAll(listing(dir));
      }
    });
    assertThat(seen).hasSize(5).anyMatch(n -> n.endsWith(".tmp")).anyMatch(n -> n.endsWith(".old"))
        .anyMatch(n -> n.endsWith(".lock"));
    assertThat(Files.readString(target.resolve("DONE"))).isEqualTo("v2");
    assertThat(listing(dir)).containsExactly("beside.txt", "model");
  }

  @Test
  void olderLeftoversWithoutLockOrMarkerAreRemovedOnceTheTargetIsComplete() throws IOException {
    Files.createDirectories(target);
    Path oldTmp = Files.createDirectories(dir.resolve(".model.3k9x2a.tmp/sub"));
    Files.writeString(oldTmp.resolve("c.txt"), "partial");
    Path oldBackup = backupAt(".model.7q1b0c.old", null, true);
    Leftovers.cleanUp(target, LAYOUT); // the target is empty: the unmarked backup may be all there is
    assertThat(listing(dir)).containsExactly(".model.7q1b0c.old", "model");

    AtomicDirectory.write(target, LAYOUT, version("v1"));
    assertThat(listing(dir)).containsExactly("model");
    assertThat(oldBackup).doesNotExist();
  }

  @Test
  void aFolderThatMatchesThePatternButHoldsOtherFilesIsNeverRemoved() throws IOException {
    Path lookalike = Files.createDirectories(dir.resolve(".model.backup.old"));
    Files.writeString(lookalike.resolve("thesis.tex"), "years of work");
    Path lookalikeTmp = Files.createDirectories(dir.resolve(".model.x1.tmp"));
    Files.writeString(lookalikeTmp.resolve("a.txt"), "ours");
    Files.writeString(lookalikeTmp.resolve("draft.txt"), "not ours");
    try (LogCapture log = LogCapture.start()) {
      AtomicDirectory.write(target, LAYOUT, version("v1"));
      assertThat(log.text()).contains("Not removing " + lookalike)
          .contains("holds files a save does not write (thesis.tex)")
          .contains("Not removing " + lookalikeTmp).contains("(draft.txt)");
    }
    assertThat(Files.readString(lookalike.resolve("thesis.tex"))).isEqualTo("years of work");
    assertThat(listing(lookalikeTmp)).containsExactly("a.txt", "draft.txt");
  }

  // ------------------------------------------------------------------ helpers

  private static AtomicDirectory.ContentWriter version(String v) {
    return tmp -> {
      Files.writeString(tmp.resolve("a.txt"), v);
      Files.writeString(tmp.resolve("b.txt"), v);
      Files.createDirectories(tmp.resolve("sub"));
      Files.writeString(tmp.resolve("sub/c.txt"), v);
      Files.writeString(tmp.resolve("DONE"), v);
    };
  }

  private void writeOldWithUserFiles() throws IOException {
    AtomicDirectory.write(target, LAYOUT, version("v1"));
    Files.writeString(target.resolve("NOTES.md"), "my notes");
    Files.createDirectories(target.resolve("eval"));
    Files.writeString(target.resolve("eval/results.csv"), "epoch,acc\n1,0.9\n");
    Files.writeString(target.resolve(".hidden-user-file"), "hidden");
    Files.writeString(dir.resolve("beside.txt"), "beside the model");
  }

  private void assertOldContentIntact() throws IOException {
    assertThat(listing(target)).containsExactly(".hidden-user-file", "DONE", "NOTES.md", "a.txt",
        "b.txt", "eval", "sub");
    for (String name : List.of("DONE", "a.txt", "b.txt", "sub/c.txt")) {
      assertThat(Files.readString(target.resolve(name))).isEqualTo("v1");
    }
    assertThat(listing(dir)).as("no temporary, backup or lock siblings").containsExactly("beside.txt", "model");
  }

  /** Writes v2 over v1, snapshotting the parent directory when the write reaches {@code step}. */
  private Path crashedAt(Step step) throws IOException {
    Path snapshot = snapshots.resolve("crash-" + step);
    AtomicDirectory.write(target, LAYOUT, version("v2"), reached -> {
      if (reached == step) {
        TreeFiles.snapshot(dir, snapshot);
      }
    });
    assertThat(snapshot).as("the write reached " + step).isDirectory();
    return snapshot;
  }

  private Path backupAt(String name, Instant created, boolean complete) throws IOException {
    Path backup = dir.resolve(name);
    version("old").writeTo(Files.createDirectories(backup));
    if (!complete) {
      AtomicDirectory.deleteTree(backup.resolve("sub"));
    }
    if (created != null) {
      new BackupMarker(created, target).writeTo(backup);
    }
    return backup;
  }
}
