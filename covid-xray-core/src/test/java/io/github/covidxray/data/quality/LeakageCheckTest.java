package io.github.covidxray.data.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.data.DatasetLoader;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.Fold;
import io.github.covidxray.data.ImageDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LeakageCheck} on synthetic train and test folders holding one exact copy, one cropped,
 * brightened and re-encoded copy, one shared patient, and unrelated pictures.
 */
class LeakageCheckTest {

  @TempDir
  static Path dir;

  private static ImageDataset train;
  private static ImageDataset test;

  @BeforeAll
  static void writeAndLoad() {
    Path t = dir.resolve("train");
    Path a = SyntheticXrays.writePicture(t.resolve("covid/a.png"), 1, 320, 300);
    SyntheticXrays.writePicture(t.resolve("covid/b.png"), 2, 360, 300);
    SyntheticXrays.writePicture(t.resolve("normal/c.png"), 3, 300, 300);
    SyntheticXrays.writePicture(t.resolve("normal/d.png"), 4, 300, 340);
    Path s = dir.resolve("test");
    SyntheticXrays.copy(a, s.resolve("normal/a-copy.png")); // the same file, even filed under another class
    SyntheticXrays.writeNearDuplicate(s.resolve("covid/b-crop.jpg"), 2, 360, 300, 0.9, 12);
    SyntheticXrays.writePicture(s.resolve("covid/e.png"), 5, 300, 300);
    SyntheticXrays.writePicture(s.resolve("normal/f.png"), 6, 300, 300);
    Map<String, String> patients = Map.of("d.png", "p7", "f.png", "p7", "c.png", "p3", "e.png", "p4");
    train = DatasetLoader.builder().directory(t).build().load()
        .withGroups(p -> patients.get(p.getFileName().toString()));
    test = DatasetLoader.builder().directory(s).build().load()
        .withGroups(p -> patients.get(p.getFileName().toString()));
  }

  @Test
  void findsTheCopyTheNearDuplicateAndTheSharedPatientAndNothingElse() {
    LeakageReport report = LeakageCheck.defaults().scan(train, test);
    assertThat(report.pairs()).extracting(p -> p.kind() + " " + name(p.first()) + " " + name(p.second()))
        .containsExactly(
            "IDENTICAL_FILE a.png a-copy.png",
            "NEAR_DUPLICATE b.png b-crop.jpg",
            "SHARED_GROUP d.png f.png");
    LeakagePair copy = report.pairs(LeakageKind.IDENTICAL_FILE).get(0);
    assertThat(copy.hashDistance()).isZero();
    assertThat(copy.first()).isEqualTo(new ImageRef(train.source(0), "covid", Optional.empty()));
    assertThat(copy.second().className()).isEqualTo("normal");
    LeakagePair near = report.pairs(LeakageKind.NEAR_DUPLICATE).get(0);
    assertThat(near.hashDistance()).isPositive().isLessThanOrEqualTo(LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE);
    LeakagePair shared = report.pairs(LeakageKind.SHARED_GROUP).get(0);
    assertThat(shared.first().group()).contains("p7");
    assertThat(shared.hashDistance()).as("different pictures of one patient").isGreaterThan(44);
    assertThat(report.isClean()).isFalse();
    assertThat(report.unreadableFiles()).isEmpty();
    assertThat(report.nearDuplicateDistance()).isEqualTo(44);
    assertThat(report).hasToString(
        "3 pair(s): 1 identical file, 1 near-duplicate (hash distance <= 44/256), 1 same group");
  }

  @Test
  void defaultCheckWarnsAndReturnsTheReport() {
    LeakageReport report = LeakageCheck.defaults().check(new DatasetSplit(train, test));
    assertThat(report.pairs()).hasSize(3);
    assertThat(report.describe()).contains("a-copy.png").contains("b-crop.jpg").contains("f.png")
        .contains("identical file (hash distance 0/256)");
  }

  @Test
  void foldChecksFindTheSamePairsAsSplitChecks() {
    List<byte[]> pixels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    int[] labels = new int[train.size() + test.size()];
    for (ImageDataset part : List.of(train, test)) {
      for (int i = 0; i < part.size(); i++) {
        labels[pixels.size()] = part.label(i);
        pixels.add(part.pixels(i));
        sources.add(part.source(i));
      }
    }
    Map<Path, String> groupOf = new HashMap<>();
    for (ImageDataset part : List.of(train, test)) {
      for (int i = 0; i < part.size(); i++) {
        Path source = part.source(i);
        part.group(i).ifPresent(g -> groupOf.put(source, g));
      }
    }
    ImageDataset all = ImageDataset.of(train.classNames(), train.imageSize(), pixels, labels, sources)
        .withGroups(groupOf::get);
    Fold trainVsTest = new Fold(0, new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7});
    Fold withinTrain = new Fold(1, new int[] {0, 1}, new int[] {2, 3});
    List<LeakageReport> reports = LeakageCheck.defaults().check(all, List.of(trainVsTest, withinTrain));
    assertThat(reports.get(0).pairs()).isEqualTo(LeakageCheck.defaults().scan(train, test).pairs());
    assertThat(reports.get(1).isClean()).isTrue();
    assertThat(LeakageCheck.defaults().scan(all, new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7}).pairs())
        .isEqualTo(reports.get(0).pairs());
    assertThatThrownBy(() -> LeakageCheck.builder().strict().build().check(all, List.of(withinTrain, trainVsTest)))
        .isInstanceOf(LeakageException.class).hasMessageContaining("3 pair(s)");
  }

  @Test
  void strictCheckThrowsListingEveryPair() {
    LeakageCheck strict = LeakageCheck.builder().strict().build();
    assertThat(strict.isStrict()).isTrue();
    assertThatThrownBy(() -> strict.check(train, test))
        .isInstanceOf(LeakageException.class)
        .hasMessageContaining("Data leakage between training and test images: 3 pair(s)")
        .hasMessageContaining("a.png").hasMessageContaining("a-copy.png")
        .hasMessageContaining("b-crop.jpg").hasMessageContaining("group p7")
        .satisfies(e -> assertThat(((LeakageException) e).report().pairs()).hasSize(3));
  }

  @Test
  void aCleanSplitPassesEvenWhenStrict() {
    ImageDataset cleanTest = test.subset(new int[] {indexOf(test, "e.png")});
    LeakageReport report = LeakageCheck.builder().strict().build().check(train, cleanTest);
    assertThat(report.isClean()).isTrue();
    assertThat(report).hasToString(
        "no identical files, near-duplicates (hash distance <= 44/256) or shared groups");
  }

  @Test
  void thresholdControlsNearDuplicates() {
    assertThat(LeakageCheck.builder().nearDuplicateDistance(-1).build().scan(train, test)
        .pairs(LeakageKind.NEAR_DUPLICATE)).isEmpty();
    assertThat(LeakageCheck.builder().nearDuplicateDistance(0).build().scan(train, test)
        .pairs(LeakageKind.NEAR_DUPLICATE)).isEmpty();
    assertThatThrownBy(() -> LeakageCheck.builder().nearDuplicateDistance(257).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257");
  }

  @Test
  void withinOneDataSetOnlyCrossClassPatientsAreReported() {
    // one patient p4 with two covid images (e.png, b-crop.jpg) and one normal image (f.png): the two
    // covid images are an expected series, each covid-normal pair is one patient under two labels
    ImageDataset both = test.withGroups(p -> switch (p.getFileName().toString()) {
      case "e.png", "f.png" -> "p4";
      case "b-crop.jpg" -> "p4";
      default -> null;
    });
    LeakageReport report = LeakageCheck.defaults().scan(both);
    assertThat(report.pairs()).extracting(p -> p.kind() + " " + name(p.first()) + " " + name(p.second()))
        .containsExactlyInAnyOrder("SHARED_GROUP b-crop.jpg f.png", "SHARED_GROUP e.png f.png");
  }

  @Test
  void filesThatCannotBeReadAreListedNotCompared() {
    ImageDataset synthetic = ImageDataset.of(List.of("covid", "normal"), 224, List.of(train.pixels(0),
        train.pixels(0)), new int[] {0, 1}, List.of(dir.resolve("missing1.png"), dir.resolve("missing2.png")));
    LeakageReport report = LeakageCheck.defaults().scan(synthetic);
    assertThat(report.unreadableFiles()).containsExactly(dir.resolve("missing1.png"), dir.resolve("missing2.png"));
    assertThat(report.pairs()).extracting(LeakagePair::kind, LeakagePair::hashDistance)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(LeakageKind.NEAR_DUPLICATE, 0));
    assertThat(report.describe()).contains("could not read " + dir.resolve("missing1.png"));
  }

  private static String name(ImageRef ref) {
    return ref.file().getFileName().toString();
  }

  private static int indexOf(ImageDataset data, String name) {
    for (int i = 0; i < data.size(); i++) {
      if (data.source(i).getFileName().toString().equals(name)) {
        return i;
      }
    }
    throw new AssertionError(name);
  }
}
