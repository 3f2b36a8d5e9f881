package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.data.DatasetManifest;
import io.github.covidxray.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleKaggleDatasetTest {

  @TempDir Path dir;
  Path kaggle;
  /** File names of the images in NORMAL folders: the only ones that may ever be sampled. */
  final Set<String> normals = new HashSet<>();

  /**
   * A miniature Kaggle tree: train/test/val with NORMAL (one spelled "normal") and PNEUMONIA folders,
   * plus what the real archive also holds: a __MACOSX folder of AppleDouble files, a nested copy of
   * the set, a .DS_Store and a non-image file.
   */
  @BeforeEach
  void kaggleTree() throws IOException {
    kaggle = dir.resolve("chest_xray");
    for (int i = 1; i <= 10; i++) {
      normal("train/NORMAL", String.format("IM-%04d-0001.jpeg", i));
      image("train/PNEUMONIA", String.format("person%d_bacteria_%d.jpeg", i, i + 100));
      image("train/PNEUMONIA", String.format("person%d_virus_%d.jpeg", i, i + 200));
    }
    normal("test/normal", "NORMAL2-IM-0315-0001.jpeg");
    normal("test/normal", "NORMAL2-IM-0316-0001.jpeg");
    normal("test/normal", "IM-0033-0001-0001.jpeg");
    image("test/PNEUMONIA", "person1_bacteria_1.jpeg");
    normal("val/NORMAL", "NORMAL2-IM-1427-0001.jpeg");
    normal("val/NORMAL", "NORMAL2-IM-1430-0001.jpeg");
    image("val/PNEUMONIA", "person1946_bacteria_4874.jpeg");
    // archive debris that must never be sampled
    image("__MACOSX/chest_xray/train/NORMAL", "._IM-0001-0001.jpeg");
    image("__MACOSX/chest_xray/train/NORMAL", "IM-9999-0001.jpeg");
    image("train/NORMAL", ".DS_Store");
    image("train/NORMAL", "README.txt");
    image("chest_xray/train/NORMAL", "IM-0001-0001.jpeg"); // nested copy, same name
    image("chest_xray/train/PNEUMONIA", "person1_virus_201.jpeg");
    assertThat(normals).hasSize(15);
  }

  private void normal(String folder, String name) throws IOException {
    image(folder, name);
    normals.add(name);
  }

  private void image(String folder, String name) throws IOException {
    Path d = Files.createDirectories(kaggle.resolve(folder));
    Files.writeString(d.resolve(name), "bytes of " + folder + "/" + name);
  }

  private CommandRun sample(Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("--kaggle", kaggle.toString(), "--output", output.toString()));
    args.addAll(List.of(extra));
    return CommandRun.of(new SampleKaggleDataset(), args.toArray(String[]::new));
  }

  private static List<String> images(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(DatasetManifest.FILE_NAME)).sorted().toList();
    }
  }

  @Test
  void samplesOnlyNormalImagesAndWritesAManifest() throws IOException {
    Path out = dir.resolve("dataset/normal");
    CommandRun run = sample(out, "--count", "5", "--seed", "42");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> chosen = images(out);
    assertThat(chosen).hasSize(5).allSatisfy(name -> assertThat(normals).contains(name));
    for (String name : chosen) {
      assertThat(Files.readString(out.resolve(name))).as("copied from a NORMAL folder, never from __MACOSX")
          .matches("bytes of (chest_xray/)?(train/NORMAL|test/normal|val/NORMAL)/" + java.util.regex.Pattern.quote(name));
    }
    List<ManifestEntry> entries = DatasetManifest.read(out.resolve("manifest.csv")).entries();
    assertThat(entries).extracting(ManifestEntry::file).containsExactlyElementsOf(chosen);
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.license()).isEqualTo("CC BY 4.0");
      assertThat(e.source()).isEqualTo("10.17632/rscbjbr9sj");
      assertThat(e.finding()).isEqualToIgnoringCase("NORMAL");
      assertThat(e.patientId()).isNotEmpty();
    });
    assertThat(run.out()).contains("15 image(s) in NORMAL folders").contains("copied 5 image(s) (seed 42)");
    assertThat(run.err()).contains("1 file(s) skipped because an image of the same name");
  }

  @Test
  void sameSeedSameSampleOtherSeedsOtherSamples() throws IOException {
    assertThat(sample(dir.resolve("a"), "--count", "5", "--seed", "42").exitCode()).isZero();
    assertThat(sample(dir.resolve("b"), "--count", "5", "--seed", "42").exitCode()).isZero();
    assertThat(images(dir.resolve("a"))).isEqualTo(images(dir.resolve("b")));

    Set<List<String>> samples = new HashSet<>();
    for (long seed = 1; seed <= 5; seed++) {
      Path out = dir.resolve("seed" + seed);
      assertThat(sample(out, "--count", "5", "--seed", Long.toString(seed)).exitCode()).isZero();
      samples.add(images(out));
    }
    assertThat(samples).as("five seeds give more than one sample").hasSizeGreaterThan(1);
  }

  @Test
  void askingForEveryNormalImageTakesAllOfThemAndNoMore() throws IOException {
    Path all = dir.resolve("all");
    assertThat(sample(all, "--count", "15").exitCode()).isZero();
    assertThat(images(all)).containsExactlyInAnyOrderElementsOf(normals);

    CommandRun tooMany = sample(dir.resolve("too-many"), "--count", "16");
    assertThat(tooMany.exitCode()).isEqualTo(1);
    assertThat(tooMany.err()).contains("error: found only 15 image(s) in folders named NORMAL")
        .contains("--count asks for 16");
    assertThat(dir.resolve("too-many")).doesNotExist();
  }

  @Test
  void aNormalFolderItselfCanBeTheRoot() throws IOException {
    Path out = dir.resolve("from-val");
    CommandRun run = CommandRun.of(new SampleKaggleDataset(), "--kaggle",
        kaggle.resolve("val/NORMAL").toString(), "--output", out.toString(), "--count", "2");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(images(out)).containsExactly("NORMAL2-IM-1427-0001.jpeg", "NORMAL2-IM-1430-0001.jpeg");
  }

  @Test
  void aSymbolicLinkToTheKaggleFolderIsFollowed() throws IOException {
    Path link;
    try {
      link = Files.createSymbolicLink(dir.resolve("kaggle-link"), kaggle);
    } catch (UnsupportedOperationException | IOException e) {
      org.junit.jupiter.api.Assumptions.abort("symbolic links not available here: " + e);
      return;
    }
    Path out = dir.resolve("via-link");
    CommandRun run = CommandRun.of(new SampleKaggleDataset(), "--kaggle", link.toString(),
        "--output", out.toString(), "--count", "15");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(images(out)).containsExactlyInAnyOrderElementsOf(normals);
  }

  @Test
  void refusesToOverwriteUnlessTold() throws IOException {
    Path out = dir.resolve("normal");
    assertThat(sample(out, "--count", "3").exitCode()).isZero();
    List<String> first = images(out);
    Path one = out.resolve(first.get(0));
    Files.writeString(one, "edited");

    CommandRun again = sample(out, "--count", "3");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("refusing to overwrite 4 existing file(s)").contains("--overwrite");
    assertThat(Files.readString(one)).isEqualTo("edited");

    CommandRun forced = sample(out, "--count", "3", "--overwrite");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(Files.readString(one)).startsWith("bytes of ");
  }

  @Test
  void usageErrorsExitWith2() {
    CommandRun help = CommandRun.of(new SampleKaggleDataset(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--kaggle").contains("--count").contains("--seed")
        .contains("default: 25").contains("default: 42").contains("Research use only");
    assertThat(CommandRun.of(new SampleKaggleDataset()).exitCode()).as("no --kaggle").isEqualTo(2);
    assertThat(sample(dir.resolve("x"), "--count", "0").exitCode()).isEqualTo(2);
    assertThat(sample(dir.resolve("x"), "--count", "many").exitCode()).isEqualTo(2);
    assertThat(CommandRun.of(new SampleKaggleDataset(), "--kaggle", dir.resolve("nope").toString())
        .exitCode()).isEqualTo(2);
  }
}
