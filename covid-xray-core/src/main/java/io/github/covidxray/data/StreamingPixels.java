package io.github.covidxray.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images decoded on demand from their files by a {@link DecodingPool}, for data sets larger than
 * memory: only the images of the batch being built and of the prefetch window are in memory.
 *
 * <p>Prefetch: {@link #plan} gives the order of the coming reads (the trainer announces each epoch's
 * shuffled order); the store keeps up to {@code window} images queued or decoded ahead of the
 * reader, topping up after every read, so the pool decodes the next batches while the model runs the
 * current one. {@link #request} starts a batch's images at once when they are not already under way.
 * Reads that were never planned still work, decoded when asked for. A new plan drops the old one's
 * unread images.
 *
 * <p>With a {@link PixelCache}, each image is first looked up there and written there after decoding.
 */
final class StreamingPixels implements PixelStore {

  private final Path[] files;
  private final ImagePreprocessor preprocessor;
  private final PixelCache cache;
  private final DecodingPool pool;
  private final int window;

  private final Object lock = new Object();
  private final Map<Integer, Future<byte[]>> pending = new HashMap<>();
  private int[] plan = new int[0];
  private int planPosition;

  private final AtomicLong decoded = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong cacheWrites = new AtomicLong();
  private final AtomicLong waitNanos = new AtomicLong();

  /**
   * @param files the image files, by store id (already checked by the loader)
   * @param cache the on-disk cache, or {@code null}
   * @param pool the decoding threads; this store closes it
   * @param window images kept queued or decoded ahead of the reader, at least 1
   */
  StreamingPixels(Path[] files, ImagePreprocessor preprocessor, PixelCache cache, DecodingPool pool, int window) {
    this.files = files;
    this.preprocessor = preprocessor;
    this.cache = cache;
    this.pool = pool;
    this.window = window;
  }

  @Override
  public int size() {
    return files.length;
  }

  @Override
  public boolean streaming() {
    return true;
  }

  /** Reads one image the way a worker does: the cache, else decode (and fill the cache). */
  byte[] load(int id) {
    Path file = files[id];
    if (cache != null) {
      byte[] cached = cache.read(file);
      if (cached != null) {
        cacheHits.incrementAndGet();
        return cached;
      }
    }
    byte[] pixels = preprocessor.preprocess(file);
    decoded.incrementAndGet();
    if (cache != null && cache.write(file, pixels)) {
      cacheWrites.incrementAndGet();
    }
    return pixels;
  }

  @Override
  public byte[] get(int id) {
    Future<byte[]> future;
    synchronized (lock) {
      future = pending.remove(id);
      if (future == null) {
        future = pool.submit(() -> load(id));
        skipPlanned(id);
      }
      topUp();
    }
    long start = System.nanoTime();
    try {
      return DecodingPool.await(future);
    } finally {
      waitNanos.addAndGet(System.nanoTime() - start);
    }
  }

  @Override
  public void request(int[] ids) {
    synchronized (lock) {
      for (int id : ids) {
        if (!pending.containsKey(id)) {
          pending.put(id, pool.submit(() -> load(id)));
          skipPlanned(id);
        }
      }
    }
  }

  @Override
  public void plan(int[] ids) {
    synchronized (lock) {
      pending.values().forEach(f -> f.cancel(false));
      pending.clear();
      plan = ids.clone();
      planPosition = 0;
      topUp();
    }
  }

  /** A read that the plan had not reached yet is the plan's next one: move past it. */
  private void skipPlanned(int id) {
    if (planPosition < plan.length && plan[planPosition] == id) {
      planPosition++;
    }
  }

  private void topUp() {
    while (pending.size() < window && planPosition < plan.length) {
      int id = plan[planPosition++];
      if (!pending.containsKey(id)) {
        pending.put(id, pool.submit(() -> load(id)));
      }
    }
  }

  @Override
  public DataStatistics statistics() {
    return new DataStatistics(decoded.get(), cacheHits.get(), cacheWrites.get(), Duration.ofNanos(waitNanos.get()));
  }

  /** Adds work done for this store's files before it opened (the loader's validation pass). */
  void add(DataStatistics before) {
    decoded.addAndGet(before.decoded());
    cacheHits.addAndGet(before.cacheHits());
    cacheWrites.addAndGet(before.cacheWrites());
    waitNanos.addAndGet(before.dataWait().toNanos());
  }

  @Override
  public void close() {
    synchronized (lock) {
      pending.values().forEach(f -> f.cancel(false));
      pending.clear();
      plan = new int[0];
      planPosition = 0;
    }
    pool.close();
  }
}
