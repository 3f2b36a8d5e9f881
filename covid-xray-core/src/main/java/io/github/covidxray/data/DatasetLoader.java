package io.github.covidxray.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a data set directory laid out one folder per class into an {@link ImageDataset}, the Java
 * counterpart of the tutorial's {@code paths.list_images} loop.
 *
 * <pre>{@code
 * ImageDataset data = DatasetLoader.builder()
 *     .directory(Path.of("dataset"))   // dataset/covid/*.jpg, dataset/normal/*.jpg
 *     .build()
 *     .load();
 * }</pre>
 *
 * <p>The folder name is the label; class folders are sorted alphabetically ({@code covid} = 0).
 * Images are found recursively inside each class folder by extension (jpg, jpeg, png, bmp, tif,
 * tiff, webp, dcm, dicom; any case; DICOM also by its preamble when the name has no extension),
 * hidden files ignored, in a deterministic sorted order, and preprocessed by an
 * {@link ImagePreprocessor} (decode, 8-bit RGB, resize to {@code imageSize} square).
 *
 * <p>A broken layout (missing directory, no class folders, fewer than two classes, a class folder
 * without images, or a class none of whose images could be read) is always a
 * {@link DatasetException}. A bad image file (empty, unreadable, not an image, truncated, corrupt, or
 * over the pixel budget) is by default skipped: one SLF4J warning names it, a summary warning gives
 * the count, and {@link ImageDataset#skipped()} lists them with reasons. With {@link Builder#strict()}
 * the first bad file is thrown as an {@link InvalidImageException} naming it.
 *
 * <p><b>Memory or streaming.</b> By default every image is decoded once, by a pool of
 * {@link Builder#decodeThreads(int)} threads (default: the number of cores), and held in memory:
 * {@code imageSize² × 3} bytes per image (147 KB at 224, 1.5 GB for 10,000 images). For larger sets,
 * {@link Builder#streaming()} loads only the file list: each file's header is checked at load time
 * (readable, a supported format within the pixel budget, not truncated; DICOM files are parsed in
 * full), so bad files are skipped or thrown as above, and the pixels are decoded when a batch needs
 * them, with {@link Builder#prefetch(int)} images decoded ahead. {@link Builder#cache(Path)} adds an
 * on-disk cache of the preprocessed images, so that only the first epoch decodes (with a cache, the
 * load-time check is a full decode that fills the cache). A streaming data set holds threads: close
 * it when done ({@link ImageDataset#close()}).
 *
 * <pre>{@code
 * try (ImageDataset data = DatasetLoader.builder().directory(Path.of("covidx"))
 *     .streaming().cache(Path.of("/var/tmp/covidx-224")).build().load()) {
 *   DatasetSplit split = data.split(0.2, 42);
 *   trainer.fit(model, split.train(), split.test());
 * }
 * }</pre>
 *
 * <p>A loader is immutable; {@link #load()} reads the directory afresh each time.
 */
public final class DatasetLoader {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

  private final Path directory;
  private final boolean strict;
  private final ImagePreprocessor preprocessor;
  private final boolean streaming;
  private final int decodeThreads;
  private final int prefetch;
  private final Path cache;

  private DatasetLoader(Builder builder) {
    this.directory = builder.directory;
    this.strict = builder.strict;
    this.preprocessor = new ImagePreprocessor(builder.imageSize, builder.maxPixels);
    this.streaming = builder.streaming;
    this.decodeThreads = builder.decodeThreads;
    this.prefetch = builder.prefetch;
    this.cache = builder.cache;
  }

  /** Images a streaming data set decodes ahead of the batch being built, by default. */
  public static final int DEFAULT_PREFETCH = 64;

  /**
   * Starts a loader configuration: image size 224, pixel budget 100 megapixels, lenient, in memory,
   * as many decoding threads as cores, no cache.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The data set directory this loader reads.
   *
   * @return the directory as configured
   */
  public Path directory() {
    return directory;
  }

  /**
   * Whether a bad image file stops the load instead of being skipped.
   *
   * @return true in strict mode
   */
  public boolean isStrict() {
    return strict;
  }

  /**
   * The preprocessing applied to every image; use the same one for single images at prediction time.
   *
   * @return the preprocessor (image size and pixel budget)
   */
  public ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  /**
   * Whether {@link #load()} returns a streaming data set.
   *
   * @return true when built with {@link Builder#streaming()}
   */
  public boolean isStreaming() {
    return streaming;
  }

  /**
   * Number of threads decoding images.
   *
   * @return at least 1
   */
  public int decodeThreads() {
    return decodeThreads;
  }

  /**
   * Reads, checks and preprocesses every image of the data set.
   *
   * @return the loaded images with their labels, sources and the list of skipped files
   * @throws DatasetException when the directory layout is not one folder per class with images in each,
   *     or when every image of a class was skipped
   * @throws InvalidImageException in strict mode, for the first bad image file
   */
  public ImageDataset load() {
    List<ClassFolderScanner.ClassFolder> classes = ClassFolderScanner.scan(directory);
    List<String> classNames = classes.stream().map(ClassFolderScanner.ClassFolder::name).toList();
    PixelCache pixelCache = cache == null ? null : new PixelCache(cache, preprocessor);
    if (pixelCache != null) {
      pixelCache.open();
    }
    DecodingPool pool = new DecodingPool(decodeThreads);
    boolean handedOver = false;
    try {
      long[] counts = new long[3]; // decoded, cache hits, cache writes: a streaming store's history
      Function<Path, byte[]> work = file -> read(file, pixelCache, counts);
      List<byte[]> pixels = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      List<Path> sources = new ArrayList<>();
      List<SkippedFile> skipped = new ArrayList<>();
      for (int label = 0; label < classes.size(); label++) {
        ClassFolderScanner.ClassFolder cls = classes.get(label);
        int loadedBefore = sources.size();
        for (DecodingPool.Decoded result : pool.inOrder(cls.images(), prefetch, work)) {
          Path file = result.file();
          if (result.ok()) {
            if (!streaming) {
              pixels.add(result.pixels());
            }
            labels.add(label);
            sources.add(file);
          } else if (result.failure() instanceof InvalidImageException e) {
            if (strict) {
              throw e;
            }
            LOG.warn("Skipping {}: {}", file, e.reason());
            skipped.add(new SkippedFile(file, e.reason()));
          } else {
            throw result.failure();
          }
        }
        if (sources.size() == loadedBefore) {
          throw new DatasetException("Class folder " + cls.folder() + " has no readable images: all "
              + cls.images().size() + " image files were skipped (see the warnings above); "
              + "expected at least one image per class");
        }
      }
      int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
      ImageDataset dataset;
      if (streaming) {
        StreamingPixels store = new StreamingPixels(sources.toArray(new Path[0]), preprocessor, pixelCache, pool,
            prefetch);
        synchronized (counts) {
          store.add(new DataStatistics(counts[0], counts[1], counts[2], java.time.Duration.ZERO));
        }
        dataset = ImageDataset.of(classNames, preprocessor.imageSize(), store, labelArray, sources, skipped);
        handedOver = true;
      } else {
        dataset = ImageDataset.of(classNames, preprocessor.imageSize(), pixels, labelArray, sources, skipped);
      }
      logSummary(dataset);
      return dataset;
    } finally {
      if (!handedOver) {
        pool.close();
      }
    }
  }

  /**
   * One file's load-time work in a worker thread: in memory mode, or with a cache, the preprocessed
   * pixels (from the cache when it has them); in streaming mode without a cache, only the header check.
   */
  private byte[] read(Path file, PixelCache pixelCache, long[] counts) {
    if (pixelCache != null) {
      byte[] cached = pixelCache.read(file);
      if (cached != null) {
        count(counts, 1);
        return streaming ? NOTHING : cached;
      }
    }
    if (streaming && pixelCache == null) {
      preprocessor.check(file);
      return NOTHING;
    }
    byte[] pixels = preprocessor.preprocess(file);
    count(counts, 0);
    if (pixelCache != null && pixelCache.write(file, pixels)) {
      count(counts, 2);
    }
    return streaming ? NOTHING : pixels;
  }

  private static final byte[] NOTHING = new byte[0];

  private static void count(long[] counts, int which) {
    synchronized (counts) {
      counts[which]++;
    }
  }

  private void logSummary(ImageDataset dataset) {
    StringJoiner counts = new StringJoiner(", ");
    int[] perClass = dataset.classCounts();
    for (int c = 0; c < perClass.length; c++) {
      counts.add(dataset.classNames().get(c) + "=" + perClass[c]);
    }
    if (dataset.skipped().isEmpty()) {
      LOG.info("Loaded {} images ({}) from {} at {}x{}", dataset.size(), counts, directory,
          dataset.imageSize(), dataset.imageSize());
    } else {
      LOG.warn("Loaded {} images ({}) from {} at {}x{}; skipped {} unreadable image file(s)", dataset.size(),
          counts, directory, dataset.imageSize(), dataset.imageSize(), dataset.skipped().size());
    }
  }

  @Override
  public String toString() {
    return "DatasetLoader[directory=" + directory + ", imageSize=" + preprocessor.imageSize()
        + ", maxPixels=" + preprocessor.maxPixels() + (strict ? ", strict" : ", lenient")
        + (streaming ? ", streaming, prefetch=" + prefetch : ", in memory") + ", decodeThreads=" + decodeThreads
        + (cache == null ? "" : ", cache=" + cache) + "]";
  }

  /** Fluent configuration of a {@link DatasetLoader}; {@link #build()} validates it. */
  public static final class Builder {

    private Path directory;
    private int imageSize = ImagePreprocessor.DEFAULT_IMAGE_SIZE;
    private long maxPixels = ImagePreprocessor.DEFAULT_MAX_PIXELS;
    private boolean strict;
    private boolean streaming;
    private int decodeThreads = DecodingPool.defaultThreads();
    private int prefetch = DEFAULT_PREFETCH;
    private Path cache;

    private Builder() {
    }

    /**
     * Opens the data set in streaming mode: images are decoded from their files when a batch needs
     * them instead of all being held in memory (default: in memory). For data sets that do not fit
     * in the heap, at the cost of decoding every epoch (see {@link #cache(Path)}).
     *
     * @return this builder
     */
    public Builder streaming() {
      this.streaming = true;
      return this;
    }

    /**
     * Number of threads that decode and preprocess images, at load time and, when streaming, during
     * training (default: the number of cores). 1 decodes on one worker thread.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder decodeThreads(int threads) {
      this.decodeThreads = threads;
      return this;
    }

    /**
     * Images decoded ahead of the one being read (default {@value DatasetLoader#DEFAULT_PREFETCH}):
     * when streaming, the next batches of an epoch are decoded while the model runs the current one;
     * at load time, the files queued ahead of the one being collected. Memory grows with it:
     * {@code prefetch × imageSize² × 3} bytes (9.6 MB at 224 and 64).
     *
     * @param images at least 1
     * @return this builder
     */
    public Builder prefetch(int images) {
      this.prefetch = images;
      return this;
    }

    /**
     * Keeps the preprocessed 8-bit images in this directory (created if missing), so that they are
     * decoded once across epochs and runs. An entry is keyed by the file's absolute path, size
     * and modification time and by the image size and pixel budget, so a changed file is decoded again. The cache
     * writes only its own {@code <hash>.rgb} files, atomically, and never deletes anything: it grows
     * by {@code imageSize² × 3 + 16} bytes per image (1.5 GB for 10,000 images at 224); delete the
     * directory to reclaim it. Default: no cache.
     *
     * @param directory the cache directory; may be shared by data sets and runs with other settings
     * @return this builder
     */
    public Builder cache(Path directory) {
      this.cache = Objects.requireNonNull(directory, "cache directory");
      return this;
    }

    /**
     * The data set directory, holding one sub-folder per class (required).
     *
     * @param directory e.g. {@code dataset/} with {@code covid/} and {@code normal/} inside
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * Side of the square images the model sees (default 224, VGG16's input).
     *
     * @param imageSize pixels, 1 to {@value ImagePreprocessor#MAX_IMAGE_SIZE}
     * @return this builder
     */
    public Builder imageSize(int imageSize) {
      this.imageSize = imageSize;
      return this;
    }

    /**
     * Largest width x height an image header may declare (default 100 000 000); larger images are
     * rejected before decoding, which protects against decompression bombs.
     *
     * @param maxPixels the pixel budget, positive
     * @return this builder
     */
    public Builder maxPixels(long maxPixels) {
      this.maxPixels = maxPixels;
      return this;
    }

    /**
     * Makes the first bad image file an {@link InvalidImageException} instead of a skipped file
     * (default: lenient, skip and warn). Useful to vet a data set before a long training run.
     *
     * @return this builder
     */
    public Builder strict() {
      this.strict = true;
      return this;
    }

    /**
     * Validates the configuration.
     *
     * @return the loader
     * @throws NullPointerException when no directory was given
     * @throws IllegalArgumentException when the image size or pixel budget is out of range, the
     *     decoding threads or prefetch are below 1, or the cache path exists and is not a directory
     */
    public DatasetLoader build() {
      Objects.requireNonNull(directory, "directory is required: the folder with one sub-folder per class");
      if (decodeThreads < 1) {
        throw new IllegalArgumentException("decodeThreads must be at least 1, got " + decodeThreads);
      }
      if (prefetch < 1) {
        throw new IllegalArgumentException("prefetch must be at least 1 image, got " + prefetch);
      }
      if (cache != null && java.nio.file.Files.exists(cache) && !java.nio.file.Files.isDirectory(cache)) {
        throw new IllegalArgumentException("cache " + cache + " exists and is not a directory; expected a"
            + " directory for the preprocessed images (it is created if missing)");
      }
      return new DatasetLoader(this);
    }
  }
}
