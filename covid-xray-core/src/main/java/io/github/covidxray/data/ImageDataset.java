package io.github.covidxray.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A labelled set of preprocessed images, kept compactly as 8-bit RGB (one {@code byte[]} of
 * {@code imageSize * imageSize * 3} per image) and turned into [0, 1] float {@link Batch}es on demand,
 * so memory grows with one byte per sample rather than four.
 *
 * <p>Class names are sorted alphabetically and a label is an index into them, so with the tutorial's
 * folders {@code covid} is class 0 and {@code normal} class 1. Every image also remembers its source
 * file and, once a manifest supplies it, a patient or group id (to keep one patient's images on one
 * side of a split).
 *
 * <p>Instances are immutable and thread-safe: accessors return copies, and the derived data sets
 * ({@link #subset}, {@link #split}, {@link #withGroups}) share the stored images, which nothing
 * modifies.
 *
 * <p><b>In memory or streaming.</b> The pixels live in one of two stores, chosen when loading
 * ({@link DatasetLoader.Builder#streaming()}): in memory (every image decoded once at load, 147 KB
 * per image at 224), or streaming, where each image is decoded and preprocessed from its file when a
 * batch needs it, by a bounded {@link DecodingPool}, with the next images prefetched while the model
 * runs ({@link #prefetch}) and optionally an on-disk cache of the preprocessed images. Everything
 * else is the same in both modes: labels, sources, groups, subsets, splits and folds are metadata
 * and never decode an image, and a batch holds the same values, so that training with the same seed
 * gives the same history. {@link #statistics()} tells how many images were decoded or read from the
 * cache and how long batch building waited for pixels.
 *
 * <p><b>Closing.</b> A streaming data set holds worker threads, shared with every data set derived
 * from it; {@link #close()} ends them (closing any of the family closes the shared store, so close
 * the loaded one when done, e.g. in try-with-resources). The threads are daemon threads that also end
 * by themselves after a few idle seconds, so a data set that is never closed leaks nothing for long.
 * In-memory data sets hold no threads; closing them does nothing.
 */
public final class ImageDataset implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ImageDataset.class);

  private final List<String> classNames;
  private final int imageSize;
  private final PixelStore store;
  private final int[] ids;
  private final int[] labels;
  private final Path[] sources;
  private final String[] groups;
  private final List<SkippedFile> skipped;

  private ImageDataset(List<String> classNames, int imageSize, PixelStore store, int[] ids, int[] labels,
      Path[] sources, String[] groups, List<SkippedFile> skipped) {
    this.classNames = classNames;
    this.imageSize = imageSize;
    this.store = store;
    this.ids = ids;
    this.labels = labels;
    this.sources = sources;
    this.groups = groups;
    this.skipped = skipped;
  }

  /**
   * Builds a data set from images already preprocessed to {@code imageSize} square RGB (for example
   * by an {@link ImagePreprocessor}, or synthetic data in tests); {@link DatasetLoader} is the usual
   * way in.
   *
   * @param classNames distinct class names, sorted alphabetically (the label order)
   * @param imageSize side of every image in pixels
   * @param pixels per image, 8-bit RGB in height-width-channel order; copied
   * @param labels per image, its class index
   * @param sources per image, the file it came from
   * @return the data set, without groups and without skipped files
   * @throws IllegalArgumentException when sizes disagree, a label is out of range, or class names are
   *     not distinct and sorted
   */
  public static ImageDataset of(List<String> classNames, int imageSize, List<byte[]> pixels, int[] labels,
      List<Path> sources) {
    return of(classNames, imageSize, pixels, labels, sources, List.of());
  }

  /** As {@link #of(List, int, List, int[], List)}, also recording the files the loader skipped. */
  static ImageDataset of(List<String> classNames, int imageSize, List<byte[]> pixels, int[] labels,
      List<Path> sources, List<SkippedFile> skipped) {
    List<String> names = checkedClassNames(classNames, imageSize);
    int n = pixels.size();
    if (labels.length != n || sources.size() != n) {
      throw new IllegalArgumentException(String.format(
          "need one label and one source per image: %d images, %d labels, %d sources",
          n, labels.length, sources.size()));
    }
    int bytesPerImage = imageSize * imageSize * Batch.CHANNELS;
    byte[][] images = new byte[n][];
    for (int i = 0; i < n; i++) {
      byte[] p = Objects.requireNonNull(pixels.get(i), "pixels of image " + i);
      if (p.length != bytesPerImage) {
        throw new IllegalArgumentException(String.format(
            "image %d has %d bytes, expected %d x %d x 3 = %d", i, p.length, imageSize, imageSize, bytesPerImage));
      }
      images[i] = p.clone();
    }
    return of(names, imageSize, new MemoryPixels(images), labels, sources, skipped);
  }

  /**
   * A data set over every image of a store, store id = index: the loader's way in for both modes.
   */
  static ImageDataset of(List<String> classNames, int imageSize, PixelStore store, int[] labels,
      List<Path> sources, List<SkippedFile> skipped) {
    List<String> names = checkedClassNames(classNames, imageSize);
    int n = store.size();
    if (labels.length != n || sources.size() != n) {
      throw new IllegalArgumentException(String.format(
          "need one label and one source per image: %d images, %d labels, %d sources",
          n, labels.length, sources.size()));
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= names.size()) {
        throw new IllegalArgumentException(String.format(
            "image %d has label %d, expected 0..%d", i, labels[i], names.size() - 1));
      }
    }
    Path[] src = sources.toArray(new Path[0]);
    for (int i = 0; i < n; i++) {
      Objects.requireNonNull(src[i], "source of image " + i);
    }
    return new ImageDataset(names, imageSize, store, IntStream.range(0, n).toArray(), labels.clone(), src,
        new String[n], List.copyOf(skipped));
  }

  private static List<String> checkedClassNames(List<String> classNames, int imageSize) {
    List<String> names = List.copyOf(classNames);
    if (names.size() < 2) {
      throw new IllegalArgumentException("need at least two class names, got " + names);
    }
    for (int i = 1; i < names.size(); i++) {
      if (names.get(i - 1).compareTo(names.get(i)) >= 0) {
        throw new IllegalArgumentException(
            "class names must be distinct and sorted alphabetically (label order), got " + names);
      }
    }
    if (imageSize < 1) {
      throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
    }
    return names;
  }

  /**
   * Class names in label order (sorted alphabetically).
   *
   * @return an unmodifiable list
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * Number of classes, the length of each one-hot label.
   *
   * @return the number of class names
   */
  public int numClasses() {
    return classNames.size();
  }

  /**
   * Label index of a class name, for naming a positive class explicitly.
   *
   * @param className one of {@link #classNames()}
   * @return its index
   * @throws IllegalArgumentException when the name is not a class of this data set
   */
  public int classIndex(String className) {
    int index = classNames.indexOf(className);
    if (index < 0) {
      throw new IllegalArgumentException("unknown class '" + className + "', expected one of " + classNames);
    }
    return index;
  }

  /**
   * Number of images.
   *
   * @return the size
   */
  public int size() {
    return ids.length;
  }

  /**
   * Side of every (square) image in pixels.
   *
   * @return the image size
   */
  public int imageSize() {
    return imageSize;
  }

  /**
   * Class index of one image.
   *
   * @param index image index
   * @return its label
   */
  public int label(int index) {
    checkIndex(index);
    return labels[index];
  }

  /**
   * Class indices of all images, in image order.
   *
   * @return a copy
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * The file an image was loaded from, for reports and for mapping images to patients.
   *
   * @param index image index
   * @return its source file
   */
  public Path source(int index) {
    checkIndex(index);
    return sources[index];
  }

  /**
   * The patient or group an image belongs to, when one was assigned by {@link #withGroups}.
   *
   * @param index image index
   * @return the group id, or empty
   */
  public Optional<String> group(int index) {
    checkIndex(index);
    return Optional.ofNullable(groups[index]);
  }

  /**
   * The same images with group ids assigned from their source files (typically a patient id looked up
   * in a metadata manifest).
   *
   * @param groupOfSource maps a source file to its group id, or to {@code null} for none
   * @return a new data set sharing this one's images
   */
  public ImageDataset withGroups(Function<Path, String> groupOfSource) {
    Objects.requireNonNull(groupOfSource, "groupOfSource");
    String[] newGroups = new String[sources.length];
    for (int i = 0; i < sources.length; i++) {
      newGroups[i] = groupOfSource.apply(sources[i]);
    }
    return new ImageDataset(classNames, imageSize, store, ids, labels, sources, newGroups, skipped);
  }

  /**
   * Pixels of one image.
   *
   * @param index image index
   * @return a copy of its 8-bit RGB samples, height-width-channel order
   */
  public byte[] pixels(int index) {
    checkIndex(index);
    return store.get(ids[index]).clone();
  }

  /**
   * Number of images per class, in label order (for class weights and reports).
   *
   * @return a new array of {@link #numClasses()} counts
   */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * Files the loader skipped as unreadable while building this data set; empty for data sets made by
   * {@link #of}, {@link #subset} or {@link #split}, whose images were all chosen from loaded ones.
   *
   * @return an unmodifiable list, in the order the files were met
   */
  public List<SkippedFile> skipped() {
    return skipped;
  }

  /**
   * The images at the given indices, in that order (repeats allowed).
   *
   * @param indices image indices
   * @return a new data set sharing this one's images
   */
  public ImageDataset subset(int[] indices) {
    Objects.requireNonNull(indices, "indices");
    int n = indices.length;
    int[] subIds = new int[n];
    int[] subLabels = new int[n];
    Path[] subSources = new Path[n];
    String[] subGroups = new String[n];
    for (int i = 0; i < n; i++) {
      int j = indices[i];
      checkIndex(j);
      subIds[i] = ids[j];
      subLabels[i] = labels[j];
      subSources[i] = sources[j];
      subGroups[i] = groups[j];
    }
    return new ImageDataset(classNames, imageSize, store, subIds, subLabels, subSources, subGroups, List.of());
  }

  /**
   * Stratified, reproducible train/test split, the tutorial's
   * {@code train_test_split(test_size=..., stratify=labels, random_state=...)} in spirit, that keeps
   * every group (patient, see {@link #withGroups}) wholly on one side when the data set has groups.
   *
   * <p>Without groups ({@link #hasGroups()} false): per class with {@code n} images,
   * {@code round(n * testFraction)} randomly chosen images go to the test part, but at least one and at
   * most {@code n - 1} when {@code n >= 2}, so both parts contain every class; a class with one image
   * goes to the training part.
   *
   * <p>With groups, so that no patient's follow-up film is tested against a model trained on their
   * first one: images without a group id are groups of their own. A group counts as its majority class
   * and takes its other images along. Per class, whole groups are picked in seeded random order until
   * the test part reaches {@code round(n * testFraction)} images (clamped to {@code [1, n - 1]}); at
   * least one group of every class stays in training, and a class with two or more groups gets at least
   * one test group even if that overshoots. Large groups can make a class's test count miss its target;
   * that is logged as a warning.
   *
   * <p>The same seed (and groups) always give the same split. Both parts keep the original image order.
   *
   * @param testFraction fraction of each class held out, strictly between 0 and 1 (the tutorial: 0.2)
   * @param seed seed of the shuffle (the tutorial: 42)
   * @return the two parts
   */
  public DatasetSplit split(double testFraction, long seed) {
    if (!hasGroups()) {
      int[][] parts = StratifiedSplit.indices(labels, classNames.size(), testFraction, seed);
      return new DatasetSplit(subset(parts[0]), subset(parts[1]));
    }
    int[][] parts = StratifiedGroupSplit.indices(labels, groups, classNames.size(), testFraction, seed);
    int[] targets = StratifiedGroupSplit.targets(labels, classNames.size(), testFraction);
    DatasetSplit split = new DatasetSplit(subset(parts[0]), subset(parts[1]));
    int[] testCounts = split.test().classCounts();
    if (!Arrays.equals(testCounts, targets)) {
      StringJoiner s = new StringJoiner(", ");
      for (int c = 0; c < targets.length; c++) {
        s.add(classNames.get(c) + " " + testCounts[c] + " (target " + targets[c] + ")");
      }
      LOG.warn("Group split could not hit every class's test target with whole groups: test images {}", s);
    }
    return split;
  }

  /** Whether at least one image has a group (patient) id, so that splits and folds keep groups whole. */
  public boolean hasGroups() {
    for (String group : groups) {
      if (group != null) {
        return true;
      }
    }
    return false;
  }

  /** Number of images with a group (patient) id. */
  public int groupedImages() {
    int n = 0;
    for (String group : groups) {
      n += group != null ? 1 : 0;
    }
    return n;
  }

  /**
   * A float batch of the given images without augmentation (evaluation, prediction).
   *
   * @param indices image indices, at least one
   * @return RGB images in [0, 1] (NHWC) with one-hot labels and no sample weights
   */
  public Batch batch(int[] indices) {
    return batch(indices, Augmentation.none(), null);
  }

  /**
   * Every image once, in data set order, as consecutive batches without augmentation: what
   * evaluation and prediction over a whole data set walk through. All batches hold {@code batchSize}
   * images but the last, which holds the rest; an empty data set has none. Each batch is built when
   * the iteration reaches it, so only one is in memory at a time; the iterable can be walked again.
   *
   * @param batchSize images per batch, at least 1
   * @return the batches, in order
   * @throws IllegalArgumentException if {@code batchSize} is below 1
   */
  public Iterable<Batch> batches(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    return () -> new Iterator<>() {
      private int from;

      {
        prefetch(IntStream.range(0, ids.length).toArray());
      }

      @Override
      public boolean hasNext() {
        return from < ids.length;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("all " + ids.length + " images were batched");
        }
        int to = Math.min(ids.length, from + batchSize);
        Batch batch = batch(IntStream.range(from, to).toArray());
        from = to;
        return batch;
      }
    };
  }

  /**
   * A float batch of the given images, each passed through {@code augmentation} first (on a copy:
   * the stored images never change).
   *
   * @param indices image indices, at least one
   * @param augmentation applied to each image in order
   * @param random the source of the augmentation's randomness, drawn in index order; may be
   *     {@code null} only with {@link Augmentation#none()}
   * @return RGB images in [0, 1] (NHWC) with one-hot labels and no sample weights, marked
   *     {@link Batch#augmented()} unless {@code augmentation} is {@link Augmentation#none()}
   */
  public Batch batch(int[] indices, Augmentation augmentation, RandomGenerator random) {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(augmentation, "augmentation");
    if (indices.length == 0) {
      throw new IllegalArgumentException("a batch needs at least one image index");
    }
    int n = indices.length;
    int k = classNames.size();
    int bytesPerImage = imageSize * imageSize * Batch.CHANNELS;
    if ((long) n * bytesPerImage > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(String.format(
          "a batch of %d images of %d x %d does not fit in one float array; use smaller batches",
          n, imageSize, imageSize));
    }
    int[] storeIds = new int[n];
    for (int i = 0; i < n; i++) {
      checkIndex(indices[i]);
      storeIds[i] = ids[indices[i]];
    }
    store.request(storeIds);
    float[] pixelsOut = new float[n * bytesPerImage];
    float[] oneHot = new float[n * k];
    for (int i = 0; i < n; i++) {
      int j = indices[i];
      // pixels arrive from the pool in any order, but the augmentation runs here, in index order, so
      // its random draws are the same as in memory mode
      byte[] image = augmentation.apply(store.get(storeIds[i]), imageSize, imageSize, random);
      if (image == null || image.length != bytesPerImage) {
        throw new IllegalStateException(String.format(
            "augmentation %s returned %s bytes for a %d x %d image, expected %d", augmentation,
            image == null ? "null" : String.valueOf(image.length), imageSize, imageSize, bytesPerImage));
      }
      ImagePreprocessor.toUnitFloats(image, pixelsOut, i * bytesPerImage);
      oneHot[i * k + labels[j]] = 1f;
    }
    return new Batch(pixelsOut, oneHot, null, n, imageSize, imageSize, k,
        augmentation != Augmentation.none());
  }

  /** Summarises size and class balance, e.g. {@code ImageDataset[50 images 224x224, covid=25, normal=25]}. */
  @Override
  public String toString() {
    StringJoiner s = new StringJoiner(", ", "ImageDataset[", "]");
    s.add(ids.length + " images " + imageSize + "x" + imageSize + (store.streaming() ? " streaming" : ""));
    int[] counts = classCounts();
    for (int c = 0; c < counts.length; c++) {
      s.add(classNames.get(c) + "=" + counts[c]);
    }
    if (!skipped.isEmpty()) {
      s.add(skipped.size() + " skipped");
    }
    return s.toString();
  }

  /**
   * Whether images are decoded from their files on demand (streaming) rather than held in memory.
   *
   * @return true for a data set loaded with {@link DatasetLoader.Builder#streaming()} and those derived
   *     from it
   */
  public boolean isStreaming() {
    return store.streaming();
  }

  /**
   * Announces the order in which images will be asked for next, so that a streaming data set decodes
   * them ahead of time in its worker threads (the trainer calls this with each epoch's shuffled
   * order; {@link #batches(int)} with the data set order). A hint only: images may still be asked for
   * in any order, and an in-memory data set ignores it. A new announcement replaces the previous one
   * for the whole family of data sets sharing the store.
   *
   * @param indices image indices of this data set, in the order they will be read
   */
  public void prefetch(int[] indices) {
    Objects.requireNonNull(indices, "indices");
    if (!store.streaming()) {
      return;
    }
    int[] storeIds = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      checkIndex(indices[i]);
      storeIds[i] = ids[indices[i]];
    }
    store.plan(storeIds);
  }

  /**
   * What the pixel store has done so far: images decoded, read from or written to the on-disk cache,
   * and the time spent waiting for pixels. Shared by every data set derived from the same load; take
   * two snapshots and {@link DataStatistics#since} for one epoch's figures.
   *
   * @return a snapshot; {@link DataStatistics#NONE} for in-memory data sets
   */
  public DataStatistics statistics() {
    return store.statistics();
  }

  /**
   * Ends a streaming data set's worker threads, for this data set and every one derived from the same
   * load (they share them); batches cannot be built from that family afterwards. Does nothing for
   * in-memory data sets. Idempotent.
   */
  @Override
  public void close() {
    store.close();
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= ids.length) {
      throw new IndexOutOfBoundsException("image index " + index + " out of range 0.." + (ids.length - 1));
    }
  }
}
