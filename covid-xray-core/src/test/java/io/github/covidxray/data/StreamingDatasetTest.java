package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.LogCapture;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.train.EpochRecord;
import io.github.covidxray.train.Trainer;
import io.github.covidxray.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming data sets against in-memory ones loaded from the same files: the same batches, the same
 * training history with the same seed (augmentation included), decoding counted rather than timed,
 * the cache, bad files, and no worker thread left behind.
 */
class StreamingDatasetTest {

  private static final int SIZE = 32;
  private static final int PER_CLASS = 12;

  @TempDir Path dir;

  @AfterEach
  void noWorkerThreadOutlivesATest() throws InterruptedException {
    for (Thread t : workers()) {
      t.join(60_000);
    }
    assertThat(workers()).isEmpty();
  }

  private static List<Thread> workers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(DecodingPool.THREAD_NAME_PREFIX) && t.isAlive()).toList();
  }

  /** Two class folders of 32x32 PNGs: a bright disc (class "a") or plain noisy background ("b"). */
  private Path writeSet(Path root) {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 2 * PER_CLASS; i++) {
      int label = i % 2;
      byte[] image = new byte[SIZE * SIZE * 3];
      int cx = SIZE / 2 + random.nextInt(-4, 5);
      int cy = SIZE / 2 + random.nextInt(-4, 5);
      int radius = label == 0 ? 8 + random.nextInt(0, 5) : 0;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int v = (x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius ? 220 : 30;
          v += random.nextInt(-20, 21);
          for (int c = 0; c < 3; c++) {
            image[(y * SIZE + x) * 3 + c] = (byte) v;
          }
        }
      }
      TestImages.writeRgbPng(root.resolve(label == 0 ? "a" : "b").resolve(String.format("%02d.png", i)), image,
          SIZE, SIZE);
    }
    return root;
  }

  private static DatasetLoader.Builder loader(Path root) {
    return DatasetLoader.builder().directory(root).imageSize(SIZE).decodeThreads(2);
  }

  private static VggTransferModel model() {
    return VggTransferModel.builder().inputSize(SIZE).weights(VggWeights.none()).classes(List.of("a", "b"))
        .headUnits(16).inputScaling(InputScaling.CAFFE).seed(11).build();
  }

  private static TrainingHistory train(ImageDataset data) {
    DatasetSplit split = data.split(0.25, 42);
    Trainer trainer = Trainer.builder().epochs(3).batchSize(4).learningRate(1e-3)
        .augmentation(RandomRotation.ofDegrees(15)).seed(9).build();
    try (VggTransferModel model = model()) {
      return trainer.fit(model, split.train(), split.test());
    }
  }

  private static List<double[]> figures(TrainingHistory history) {
    return history.epochs().stream().map(e -> new double[] {e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(),
        e.learningRate()}).toList();
  }

  @Test
  void streamingGivesTheSameBatchesAndTheSameHistoryAsMemoryWithTheSameSeed() {
    Path root = writeSet(dir.resolve("set"));
    ImageDataset memory = loader(root).build().load();
    TrainingHistory inMemory = train(memory);
    // a prefetch window smaller than a batch and than an epoch, so that every path of the window runs
    try (ImageDataset streaming = loader(root).streaming().prefetch(3).build().load()) {
      assertThat(streaming.isStreaming()).isTrue();
      assertThat(memory.isStreaming()).isFalse();
      assertThat(streaming.size()).isEqualTo(memory.size()).isEqualTo(2 * PER_CLASS);
      assertThat(streaming.statistics().decoded()).isZero(); // the load only checked headers
      for (int i = 0; i < memory.size(); i++) {
        assertThat(streaming.source(i)).isEqualTo(memory.source(i));
        assertThat(streaming.label(i)).isEqualTo(memory.label(i));
        assertThat(streaming.pixels(i)).isEqualTo(memory.pixels(i));
      }
      int[] someOrder = {5, 0, 23, 5, 17};
      SplittableRandom r1 = new SplittableRandom(3);
      SplittableRandom r2 = new SplittableRandom(3);
      assertThat(streaming.batch(someOrder, RandomRotation.ofDegrees(30), r1).images())
          .isEqualTo(memory.batch(someOrder, RandomRotation.ofDegrees(30), r2).images());

      TrainingHistory streamed = train(streaming);

      assertThat(streamed.size()).isEqualTo(3);
      List<double[]> expected = figures(inMemory);
      List<double[]> actual = figures(streamed);
      for (int e = 0; e < expected.size(); e++) {
        assertThat(actual.get(e)).as("epoch %d", e + 1).isEqualTo(expected.get(e));
      }
      // every epoch decoded again: no cache
      assertThat(streaming.statistics().decoded()).isGreaterThan(3L * 18);
      assertThat(streaming.statistics().cacheHits()).isZero();
    }
    assertThat(memory.statistics()).isEqualTo(DataStatistics.NONE);
    assertThat(inMemory.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
  }

  @Test
  void subsetsSplitsGroupsAndFoldsDecodeNothingAndShareTheStore() {
    Path root = writeSet(dir.resolve("set"));
    ImageDataset memory = loader(root).build().load();
    try (ImageDataset streaming = loader(root).streaming().build().load()) {
      ImageDataset grouped = streaming.withGroups(p -> p.getFileName().toString().substring(0, 1));
      DatasetSplit split = grouped.split(0.3, 1);
      List<Fold> folds = new StratifiedGroupKFold(3, 1).folds(grouped);
      ImageDataset sub = split.train().subset(new int[] {2, 0, 2});
      assertThat(streaming.statistics().decoded()).isZero();
      assertThat(folds).hasSize(3);
      DatasetSplit foldSplit = folds.get(0).split(grouped);
      assertThat(foldSplit.train().size() + foldSplit.test().size()).isEqualTo(grouped.size());

      DatasetSplit memorySplit = memory.withGroups(p -> p.getFileName().toString().substring(0, 1)).split(0.3, 1);
      ImageDataset memorySub = memorySplit.train().subset(new int[] {2, 0, 2});
      assertThat(sub.batch(new int[] {0, 1, 2}).images()).isEqualTo(memorySub.batch(new int[] {0, 1, 2}).images());
      assertThat(split.test().size()).isEqualTo(memorySplit.test().size());
      assertThat(streaming.statistics().decoded()).isEqualTo(3); // the batch, repeats included
      assertThat(sub.statistics()).isEqualTo(streaming.statistics()); // one store
    }
  }

  @Test
  void withACacheOnlyTheLoadDecodesAndASecondLoadDecodesNothing() throws IOException {
    Path root = writeSet(dir.resolve("set"));
    Path cache = dir.resolve("cache");
    Files.createDirectories(cache);
    Path foreign = Files.writeString(cache.resolve("notes.txt"), "not the cache's");
    int n = 2 * PER_CLASS;
    try (ImageDataset first = loader(root).streaming().cache(cache).build().load()) {
      assertThat(first.statistics()).isEqualTo(new DataStatistics(n, 0, n, first.statistics().dataWait()));
      for (int epoch = 0; epoch < 2; epoch++) {
        for (Batch ignored : first.batches(5)) {
          assertThat(ignored.size()).isPositive();
        }
      }
      DataStatistics after = first.statistics();
      assertThat(after.decoded()).isEqualTo(n); // the epochs decoded nothing
      assertThat(after.cacheHits()).isEqualTo(2L * n);
    }
    try (Stream<Path> entries = Files.list(cache)) {
      assertThat(entries.filter(p -> p.toString().endsWith(PixelCache.SUFFIX)).count()).isEqualTo(n);
    }
    assertThat(foreign).hasContent("not the cache's");

    // a changed file misses; every other image comes from the cache, the same pixels as decoding
    Path changed = root.resolve("a/00.png");
    Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() - 60_000));
    ImageDataset memory = loader(root).build().load();
    try (ImageDataset second = loader(root).streaming().cache(cache).build().load()) {
      assertThat(second.statistics().decoded()).isEqualTo(1);
      assertThat(second.statistics().cacheHits()).isEqualTo(n - 1);
      for (int i = 0; i < n; i++) {
        assertThat(second.pixels(i)).isEqualTo(memory.pixels(i));
      }
      assertThat(second.statistics().decoded()).isEqualTo(1);
    }
    // in memory mode the cache serves the load too
    ImageDataset cachedMemory = loader(root).cache(cache).build().load();
    assertThat(cachedMemory.pixels(3)).isEqualTo(memory.pixels(3));
  }

  @Test
  void badFilesInAStreamingSetAreSkippedWithAWarningOrThrownWhenStrict() throws IOException {
    Path root = writeSet(dir.resolve("set"));
    byte[] png = Files.readAllBytes(root.resolve("a/00.png"));
    Path truncated = Files.write(root.resolve("a/zz-truncated.png"), Arrays.copyOf(png, png.length / 2));
    Path empty = Files.write(root.resolve("b/zz-empty.jpg"), new byte[0]);
    try (LogCapture log = LogCapture.start();
         ImageDataset data = loader(root).streaming().build().load()) {
      assertThat(data.size()).isEqualTo(2 * PER_CLASS);
      assertThat(data.skipped()).extracting(SkippedFile::file).containsExactly(truncated, empty);
      assertThat(log.text()).contains("Skipping " + truncated).contains("Skipping " + empty);
      assertThat(data.statistics().decoded()).isZero();
    }
    assertThatThrownBy(() -> loader(root).streaming().strict().build().load())
        .isInstanceOf(InvalidImageException.class).hasMessageContaining(truncated.toString());
  }

  @Test
  void aFileBrokenAfterLoadingIsAnErrorNamingItWhenItsBatchIsBuilt() throws IOException {
    Path root = writeSet(dir.resolve("set"));
    try (ImageDataset data = loader(root).streaming().build().load()) {
      Files.write(data.source(1), new byte[] {1, 2, 3});
      assertThat(data.pixels(0)).hasSize(SIZE * SIZE * 3);
      assertThatThrownBy(() -> data.batch(new int[] {0, 1}))
          .isInstanceOf(InvalidImageException.class).hasMessageContaining(data.source(1).toString());
    }
  }

  @Test
  void theBuilderChecksTheStreamingSettings() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> DatasetLoader.builder().directory(dir).decodeThreads(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decodeThreads");
    assertThatThrownBy(() -> DatasetLoader.builder().directory(dir).prefetch(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch");
    assertThatThrownBy(() -> DatasetLoader.builder().directory(dir).cache(file).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    DatasetLoader defaults = DatasetLoader.builder().directory(dir).build();
    assertThat(defaults.isStreaming()).isFalse();
    assertThat(defaults.decodeThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void thePoolHandsResultsBackInFileOrderWithFailuresInPlace() throws IOException {
    Path root = writeSet(dir.resolve("set"));
    List<Path> files = new ArrayList<>(ImagePreprocessor.findImages(root));
    Path bad = Files.writeString(dir.resolve("bad.png"), "not a png");
    files.add(3, bad);
    ImagePreprocessor preprocessor = ImagePreprocessor.of(SIZE);
    List<DecodingPool.Decoded> results = new ArrayList<>();
    try (DecodingPool pool = new DecodingPool(2)) {
      pool.preprocessInOrder(files, preprocessor, 2).forEach(results::add);
    }
    assertThat(results).extracting(DecodingPool.Decoded::file).containsExactlyElementsOf(files);
    assertThat(results.get(3).failure()).isInstanceOf(InvalidImageException.class);
    IntStream.of(0, 1, 2, 4, 10).forEach(i ->
        assertThat(results.get(i).pixels()).isEqualTo(preprocessor.preprocess(files.get(i))));
  }
}
