package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** In-memory data sets: accessors, batches, subsets, groups and the stratified split. */
class ImageDatasetTest {

  private static final int S = 8;
  private static final List<String> CLASSES = List.of("covid", "normal", "other");

  /** A data set with {@code counts[c]} images of class c; image i is noise seeded by i. */
  private static ImageDataset dataset(int... counts) {
    List<byte[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      for (int k = 0; k < counts[c]; k++) {
        int i = pixels.size();
        pixels.add(TestImages.noise(S, S, i));
        labels.add(c);
        sources.add(Path.of(CLASSES.get(c), "img" + i + ".png"));
      }
    }
    return ImageDataset.of(CLASSES.subList(0, counts.length), S, pixels,
        labels.stream().mapToInt(Integer::intValue).toArray(), sources);
  }

  @Test
  void accessorsDescribeTheImages() {
    ImageDataset data = dataset(3, 2);
    assertThat(data.size()).isEqualTo(5);
    assertThat(data.imageSize()).isEqualTo(S);
    assertThat(data.classNames()).containsExactly("covid", "normal");
    assertThat(data.numClasses()).isEqualTo(2);
    assertThat(data.classIndex("covid")).isZero();
    assertThat(data.classIndex("normal")).isEqualTo(1);
    assertThatThrownBy(() -> data.classIndex("COVID")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[covid, normal]");
    assertThat(data.classCounts()).containsExactly(3, 2);
    assertThat(data.labels()).containsExactly(0, 0, 0, 1, 1);
    assertThat(data.label(4)).isEqualTo(1);
    assertThat(data.source(3)).isEqualTo(Path.of("normal", "img3.png"));
    assertThat(data.pixels(2)).isEqualTo(TestImages.noise(S, S, 2));
    assertThat(data.group(0)).isEmpty();
    assertThat(data.skipped()).isEmpty();
    assertThat(data).hasToString("ImageDataset[5 images 8x8, covid=3, normal=2]");
    assertThatThrownBy(() -> data.pixels(5)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void returnedArraysAreCopies() {
    ImageDataset data = dataset(2, 2);
    data.pixels(0)[0] ^= 0x55;
    data.labels()[0] = 1;
    data.classCounts()[0] = 99;
    assertThat(data.pixels(0)).isEqualTo(TestImages.noise(S, S, 0));
    assertThat(data.label(0)).isZero();
    assertThat(data.classCounts()).containsExactly(2, 2);
  }

  @Test
  void batchHoldsUnitFloatsAndOneHotLabels() {
    ImageDataset data = dataset(2, 2, 1);
    int[] indices = {4, 0, 3};
    Batch batch = data.batch(indices);
    assertThat(batch.size()).isEqualTo(3);
    assertThat(batch.height()).isEqualTo(S);
    assertThat(batch.width()).isEqualTo(S);
    assertThat(batch.numClasses()).isEqualTo(3);
    assertThat(batch.sampleWeights()).isNull();
    assertThat(batch.labels()).containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0);
    int per = S * S * 3;
    for (int b = 0; b < indices.length; b++) {
      byte[] pixels = data.pixels(indices[b]);
      for (int k = 0; k < per; k++) {
        assertThat(batch.images()[b * per + k]).isEqualTo((pixels[k] & 0xFF) / 255f);
      }
    }
    assertThatThrownBy(() -> data.batch(new int[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> data.batch(new int[] {5})).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void augmentedBatchRotatesCopiesReproduciblyAndNeverTheOriginals() {
    ImageDataset data = dataset(2, 2);
    byte[][] before = IntStream.range(0, 4).mapToObj(data::pixels).toArray(byte[][]::new);
    int[] all = {0, 1, 2, 3};
    RandomRotation rotation = RandomRotation.ofDegrees(15);
    Batch first = data.batch(all, rotation, new SplittableRandom(9));
    Batch again = data.batch(all, rotation, new SplittableRandom(9));
    Batch plain = data.batch(all);
    assertThat(first.images()).isEqualTo(again.images());
    assertThat(first.images()).isNotEqualTo(plain.images());
    assertThat(first.labels()).isEqualTo(plain.labels());
    // the angles come from the generator in index order
    SplittableRandom angles = new SplittableRandom(9);
    int per = S * S * 3;
    for (int i = 0; i < 4; i++) {
      byte[] expected = RandomRotation.rotate(before[i], S, S, rotation.drawAngle(angles));
      for (int k = 0; k < per; k++) {
        assertThat(first.images()[i * per + k]).isEqualTo((expected[k] & 0xFF) / 255f);
      }
      assertThat(data.pixels(i)).as("stored image %d unchanged", i).isEqualTo(before[i]);
    }
  }

  @Test
  void subsetKeepsOrderLabelsSourcesAndGroups() {
    ImageDataset data = dataset(3, 2).withGroups(p -> p.getFileName().toString().startsWith("img1") ? null : "g-" + p.getFileName());
    ImageDataset sub = data.subset(new int[] {4, 1, 4});
    assertThat(sub.size()).isEqualTo(3);
    assertThat(sub.labels()).containsExactly(1, 0, 1);
    assertThat(sub.source(1)).isEqualTo(data.source(1));
    assertThat(sub.pixels(0)).isEqualTo(data.pixels(4));
    assertThat(sub.group(0)).contains("g-img4.png");
    assertThat(sub.group(1)).isEmpty();
    assertThat(sub.classNames()).isEqualTo(data.classNames());
  }

  @Test
  void withGroupsAssignsGroupIdsFromSources() {
    ImageDataset data = dataset(2, 2);
    ImageDataset grouped = data.withGroups(p -> "patient-" + p.getParent());
    assertThat(grouped.group(0)).contains("patient-covid");
    assertThat(grouped.group(3)).contains("patient-normal");
    assertThat(data.group(0)).as("original unchanged").isEmpty();
    assertThat(grouped.pixels(1)).isEqualTo(data.pixels(1));
    assertThat(data.hasGroups()).isFalse();
    assertThat(data.groupedImages()).isZero();
    assertThat(grouped.hasGroups()).isTrue();
    assertThat(grouped.groupedImages()).isEqualTo(4);
    ImageDataset oneGrouped = data.withGroups(p -> p.getFileName().toString().equals("img0.png") ? "p" : null);
    assertThat(oneGrouped.hasGroups()).isTrue();
    assertThat(oneGrouped.groupedImages()).isEqualTo(1);
  }

  @Test
  void splitKeepsGroupsWholeOnlyWhenThereAreGroups() {
    // every normal image belongs to one patient: a group split must keep all four on one side, which
    // a plain stratified split at 0.5 never does (it always tests half of each class)
    ImageDataset data = dataset(4, 4);
    ImageDataset grouped = data.withGroups(p -> p.getParent().getFileName().toString().equals("normal") ? "one" : null);
    for (long seed = 0; seed < 5; seed++) {
      DatasetSplit plain = data.split(0.5, seed);
      assertThat(plain.test().classCounts()).containsExactly(2, 2);
      DatasetSplit split = grouped.split(0.5, seed);
      int normalInTest = split.test().classCounts()[1];
      assertThat(normalInTest).as("the one normal patient stays whole").isIn(0, 4);
    }
  }

  @Test
  void splitHoldsOutRoundedFractionPerClassWithBothPartsCoveringEveryClass() {
    // tutorial: 25 + 25 at 0.2 -> 5 + 5 held out
    assertSplitCounts(dataset(25, 25), 0.2, new int[] {20, 20}, new int[] {5, 5});
    // round(10 * 0.25) = 3 (2.5 rounds up), round(3 * 0.25) = 1, a single image stays in training
    assertSplitCounts(dataset(10, 3, 1), 0.25, new int[] {7, 2, 1}, new int[] {3, 1, 0});
    // round(2 * 0.1) = 0 is raised to 1, round(6 * 0.1) = 1
    assertSplitCounts(dataset(2, 6), 0.1, new int[] {1, 5}, new int[] {1, 1});
    // round(2 * 0.95) = 2 and round(6 * 0.95) = 6 are lowered to n - 1
    assertSplitCounts(dataset(2, 6), 0.95, new int[] {1, 1}, new int[] {1, 5});
  }

  @Test
  void splitIsADisjointCoverAndReproducibleFromItsSeed() {
    ImageDataset data = dataset(25, 25);
    DatasetSplit a = data.split(0.2, 42);
    DatasetSplit b = data.split(0.2, 42);
    DatasetSplit c = data.split(0.2, 43);
    assertThat(sources(a.test())).isEqualTo(sources(b.test()));
    assertThat(sources(a.train())).isEqualTo(sources(b.train()));
    assertThat(sources(a.test())).isNotEqualTo(sources(c.test()));
    Set<Path> union = new HashSet<>(sources(a.train()));
    union.addAll(sources(a.test()));
    assertThat(union).hasSize(50);
    assertThat(sources(a.train())).doesNotContainAnyElementsOf(sources(a.test()));
    // parts keep the original order
    List<Path> testSources = sources(a.test());
    assertThat(testSources).isSortedAccordingTo((p, q) -> Integer.compare(indexOf(data, p), indexOf(data, q)));
    // pixels and labels travel with their sources
    for (int i = 0; i < a.test().size(); i++) {
      int original = indexOf(data, a.test().source(i));
      assertThat(a.test().pixels(i)).isEqualTo(data.pixels(original));
      assertThat(a.test().label(i)).isEqualTo(data.label(original));
    }
  }

  @Test
  void splitRejectsFractionsOutsideTheOpenUnitInterval() {
    ImageDataset data = dataset(4, 4);
    for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> data.split(bad, 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("testFraction");
    }
  }

  @Test
  void factoryValidatesItsInput() {
    List<byte[]> one = List.of(new byte[S * S * 3]);
    List<Path> src = List.of(Path.of("a.png"));
    assertThatThrownBy(() -> ImageDataset.of(List.of("normal", "covid"), S, one, new int[] {0}, src))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted");
    assertThatThrownBy(() -> ImageDataset.of(List.of("covid"), S, one, new int[] {0}, src))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two class names");
    assertThatThrownBy(() -> ImageDataset.of(List.of("a", "b"), S, List.of(new byte[5]), new int[] {0}, src))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 x 8 x 3 = 192");
    assertThatThrownBy(() -> ImageDataset.of(List.of("a", "b"), S, one, new int[] {2}, src))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2");
    assertThatThrownBy(() -> ImageDataset.of(List.of("a", "b"), S, one, new int[] {0, 1}, src))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one label and one source");
    byte[] mine = new byte[S * S * 3];
    ImageDataset data = ImageDataset.of(List.of("a", "b"), S, List.of(mine), new int[] {1}, src);
    mine[0] = 7;
    assertThat(data.pixels(0)[0]).as("input copied").isZero();
  }

  private static void assertSplitCounts(ImageDataset data, double fraction, int[] train, int[] test) {
    DatasetSplit split = data.split(fraction, 7);
    assertThat(split.train().classCounts()).as("train counts at %s", fraction).containsExactly(train);
    assertThat(split.test().classCounts()).as("test counts at %s", fraction).containsExactly(test);
  }

  private static List<Path> sources(ImageDataset data) {
    return IntStream.range(0, data.size()).mapToObj(data::source).toList();
  }

  private static int indexOf(ImageDataset data, Path source) {
    return sources(data).indexOf(source);
  }
}
