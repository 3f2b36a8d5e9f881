package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ImageDataset#batches(int)}: the one walk over a whole data set for evaluation and prediction. */
class ImageDatasetBatchesTest {

  private static final int S = 2;
  private static final List<String> CLASSES = List.of("covid", "normal");

  /** {@code n} images, image i filled with grey level 10 i, labels 0, 1, 1, 0, 1, 1, ... */
  private static ImageDataset dataset(int n) {
    List<byte[]> pixels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      byte[] image = new byte[S * S * 3];
      Arrays.fill(image, (byte) (10 * i));
      pixels.add(image);
      sources.add(Path.of("img" + i + ".png"));
      labels[i] = i % 3 == 0 ? 0 : 1;
    }
    return ImageDataset.of(CLASSES, S, pixels, labels, sources);
  }

  private static List<Batch> list(Iterable<Batch> batches) {
    List<Batch> out = new ArrayList<>();
    batches.forEach(out::add);
    return out;
  }

  @Test
  void consecutiveFullBatchesThenTheRestInDataSetOrder() {
    List<Batch> batches = list(dataset(10).batches(4));

    assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
    int image = 0;
    for (Batch batch : batches) {
      for (int i = 0; i < batch.size(); i++, image++) {
        assertThat(batch.images()[i * S * S * 3]).as("image %d", image).isEqualTo(10 * image / 255f);
        int label = image % 3 == 0 ? 0 : 1;
        assertThat(batch.labels()[i * 2 + label]).as("one-hot of image %d", image).isEqualTo(1f);
        assertThat(batch.labels()[i * 2 + 1 - label]).isZero();
      }
      assertThat(batch.sampleWeights()).isNull();
    }
    assertThat(image).isEqualTo(10);
  }

  @Test
  void theBatchesHoldExactlyWhatOneBatchOfEveryImageHolds() {
    ImageDataset data = dataset(7);
    Batch whole = data.batch(new int[] {0, 1, 2, 3, 4, 5, 6});
    List<Float> pixels = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    for (Batch batch : data.batches(3)) {
      for (float v : batch.images()) {
        pixels.add(v);
      }
      for (float v : batch.labels()) {
        labels.add(v);
      }
    }
    List<Float> expectedPixels = new ArrayList<>();
    for (float v : whole.images()) {
      expectedPixels.add(v);
    }
    List<Float> expectedLabels = new ArrayList<>();
    for (float v : whole.labels()) {
      expectedLabels.add(v);
    }
    assertThat(pixels).isEqualTo(expectedPixels);
    assertThat(labels).isEqualTo(expectedLabels);
  }

  @Test
  void sizesAtTheEdges() {
    assertThat(list(dataset(8).batches(4))).extracting(Batch::size).as("no partial batch").containsExactly(4, 4);
    assertThat(list(dataset(3).batches(16))).extracting(Batch::size).as("one short batch").containsExactly(3);
    assertThat(list(dataset(3).batches(1))).extracting(Batch::size).containsExactly(1, 1, 1);
    assertThat(list(dataset(3).subset(new int[0]).batches(4))).as("an empty data set").isEmpty();
  }

  @Test
  void theIterableCanBeWalkedAgainAndAnExhaustedIteratorSaysSo() {
    Iterable<Batch> batches = dataset(5).batches(2);
    assertThat(list(batches)).extracting(Batch::size).containsExactly(2, 2, 1);
    assertThat(list(batches)).extracting(Batch::size).containsExactly(2, 2, 1);

    Iterator<Batch> iterator = dataset(1).batches(2).iterator();
    iterator.next();
    assertThat(iterator.hasNext()).isFalse();
    assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void aBatchSizeBelowOneIsRefusedAtOnce(int batchSize) {
    ImageDataset data = dataset(3);
    assertThatThrownBy(() -> data.batches(batchSize))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1").hasMessageContaining("got " + batchSize);
  }
}
