package io.github.covidxray.data;

import java.time.Duration;
import java.util.Objects;

/**
 * What a data set's pixel store has done so far, for benchmarks and for checking a cache: how many
 * images were decoded from their files, how many came from the on-disk cache, and how long the
 * threads building batches waited for pixels that were not ready yet (the figure that says whether
 * decoding keeps up with the model: data-wait time / epoch time is the data-wait share).
 *
 * <p>The figures belong to the store, which a loaded data set shares with every data set derived
 * from it ({@link ImageDataset#subset}, {@link ImageDataset#split}, folds), so they count the work for
 * all of them. An in-memory data set decodes nothing after loading and never waits: all zeros.
 *
 * @param decoded images decoded and preprocessed from their files since the store was opened
 *     (including a loader's validation pass)
 * @param cacheHits images read from the on-disk cache instead of being decoded
 * @param cacheWrites images written to the on-disk cache
 * @param dataWait total time callers spent blocked waiting for pixels
 */
public record DataStatistics(long decoded, long cacheHits, long cacheWrites, Duration dataWait) {

  /** The figures of a store that did nothing (in-memory data sets). */
  public static final DataStatistics NONE = new DataStatistics(0, 0, 0, Duration.ZERO);

  /** Checks that the counts are not negative. */
  public DataStatistics {
    Objects.requireNonNull(dataWait, "dataWait");
    if (decoded < 0 || cacheHits < 0 || cacheWrites < 0 || dataWait.isNegative()) {
      throw new IllegalArgumentException("statistics must not be negative");
    }
  }

  /**
   * The figures accumulated since an earlier snapshot of the same store (one epoch's, for example).
   *
   * @param earlier a snapshot taken before this one
   * @return the differences
   */
  public DataStatistics since(DataStatistics earlier) {
    return new DataStatistics(decoded - earlier.decoded, cacheHits - earlier.cacheHits,
        cacheWrites - earlier.cacheWrites, dataWait.minus(earlier.dataWait));
  }
}
