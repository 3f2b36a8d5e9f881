package io.github.covidxray.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
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
 * <p>A loader is immutable; {@link #load()} reads the directory afresh each time.
 */
public final class DatasetLoader {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

  private final Path directory;
  private final boolean strict;
  private final ImagePreprocessor preprocessor;

  private DatasetLoader(Builder builder) {
    this.directory = builder.directory;
    this.strict = builder.strict;
    this.preprocessor = new ImagePreprocessor(builder.imageSize, builder.maxPixels);
  }

  /**
   * Starts a loader configuration: image size 224, pixel budget 100 megapixels, lenient.
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
    List<byte[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      ClassFolderScanner.ClassFolder cls = classes.get(label);
      int loadedBefore = pixels.size();
      for (Path file : cls.images()) {
        try {
          pixels.add(preprocessor.preprocess(file));
          labels.add(label);
          sources.add(file);
        } catch (InvalidImageException e) {
          if (strict) {
            throw e;
          }
          LOG.warn("Skipping {}: {}", file, e.reason());
          skipped.add(new SkippedFile(file, e.reason()));
        }
      }
      if (pixels.size() == loadedBefore) {
        throw new DatasetException("Class folder " + cls.folder() + " has no readable images: all "
            + cls.images().size() + " image files were skipped (see the warnings above); "
            + "expected at least one image per class");
      }
    }
    ImageDataset dataset = ImageDataset.of(classNames, preprocessor.imageSize(), pixels,
        labels.stream().mapToInt(Integer::intValue).toArray(), sources, skipped);
    logSummary(dataset);
    return dataset;
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
        + ", maxPixels=" + preprocessor.maxPixels() + (strict ? ", strict" : ", lenient") + "]";
  }

  /** Fluent configuration of a {@link DatasetLoader}; {@link #build()} validates it. */
  public static final class Builder {

    private Path directory;
    private int imageSize = ImagePreprocessor.DEFAULT_IMAGE_SIZE;
    private long maxPixels = ImagePreprocessor.DEFAULT_MAX_PIXELS;
    private boolean strict;

    private Builder() {
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
     * @throws IllegalArgumentException when the image size or pixel budget is out of range
     */
    public DatasetLoader build() {
      Objects.requireNonNull(directory, "directory is required: the folder with one sub-folder per class");
      return new DatasetLoader(this);
    }
  }
}
