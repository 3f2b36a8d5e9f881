package io.github.covidxray.data;

/**
 * Where an {@link ImageDataset}'s preprocessed 8-bit RGB images live: in memory
 * ({@link MemoryPixels}) or on demand from their files ({@link StreamingPixels}). Images are named by
 * a store id; data sets map their own indices onto ids, so subsets and splits share one store.
 */
interface PixelStore {

  /** Number of images the store holds. */
  int size();

  /**
   * One image's pixels, waiting for them if they are being decoded. The array must not be modified
   * (for the memory store it is the stored image).
   *
   * @throws InvalidImageException when a streamed file can no longer be read
   */
  byte[] get(int id);

  /** Starts work on images about to be read together (a batch); a hint, no-op by default. */
  default void request(int[] ids) {}

  /** Announces the order in which images will be read next (an epoch); a hint, no-op by default. */
  default void plan(int[] ids) {}

  /** Whether images are decoded on demand rather than held in memory. */
  default boolean streaming() {
    return false;
  }

  /** What the store has done so far. */
  default DataStatistics statistics() {
    return DataStatistics.NONE;
  }

  /** Releases threads and queued work; the store must not be read afterwards. No-op by default. */
  default void close() {}
}
