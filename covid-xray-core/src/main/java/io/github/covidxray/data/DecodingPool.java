package io.github.covidxray.data;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of worker threads that decode and preprocess images, shared by the data set loader,
 * streaming data sets and batch prediction, so that decoding (the slow part of reading a large JPEG
 * or DICOM file) runs on every core while the calling thread feeds the model.
 *
 * <p>Lifecycle, as a library user would expect of something holding threads: the threads are
 * daemon threads named {@code covid-xray-decode-N}, started on demand and ended after
 * {@value #IDLE_SECONDS} seconds without work, so an unclosed pool never keeps the JVM alive nor
 * holds threads for long; {@link #close()} ends them at once (work already running finishes first).
 *
 * <p>Results are always handed back in the order asked for, whatever order the threads finish in, so
 * everything downstream (skip warnings, batch contents, the random draws of augmentation on the
 * calling thread) is the same with one thread or many.
 */
public final class DecodingPool implements AutoCloseable {

  /** Seconds an idle worker thread waits for work before it ends. */
  public static final int IDLE_SECONDS = 5;

  /** Name prefix of the worker threads, for thread dumps and leak checks. */
  public static final String THREAD_NAME_PREFIX = "covid-xray-decode-";

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final int threads;
  private final ThreadPoolExecutor executor;

  /**
   * A pool of {@code threads} worker threads.
   *
   * @param threads at least 1; {@link #defaultThreads()} is the number of cores
   * @throws IllegalArgumentException if {@code threads} is below 1
   */
  public DecodingPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("decoding threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    ThreadFactory factory = task -> {
      Thread t = new Thread(task, THREAD_NAME_PREFIX + THREAD_NUMBER.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), factory);
    this.executor.allowCoreThreadTimeOut(true);
  }

  /**
   * The default number of decoding threads: the number of cores the JVM sees.
   *
   * @return {@link Runtime#availableProcessors()}
   */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Number of worker threads.
   *
   * @return the pool size
   */
  public int threads() {
    return threads;
  }

  /** Queues one task; for the data package's stores. */
  <T> Future<T> submit(Callable<T> task) {
    return executor.submit(task);
  }

  /**
   * Preprocesses files in the pool and hands them back in file order, keeping at most {@code ahead}
   * files queued or decoded beyond the one the caller is reading (so memory stays bounded however
   * many files there are). A file that cannot be read becomes a {@link Decoded} with its failure;
   * it never stops the iteration.
   *
   * @param files the image files, in the order wanted
   * @param preprocessor the preprocessing of every file
   * @param ahead files decoded ahead of the caller, at least 1
   * @return the results, one per file, in file order; iterate once
   */
  public Iterable<Decoded> preprocessInOrder(List<Path> files, ImagePreprocessor preprocessor, int ahead) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(preprocessor, "preprocessor");
    return inOrder(files, ahead, preprocessor::preprocess);
  }

  /** The general form of {@link #preprocessInOrder}: any per-file work returning pixels. */
  Iterable<Decoded> inOrder(List<Path> files, int ahead, java.util.function.Function<Path, byte[]> work) {
    if (ahead < 1) {
      throw new IllegalArgumentException("ahead must be at least 1, got " + ahead);
    }
    List<Path> list = List.copyOf(files);
    return () -> new Iterator<>() {
      private final ArrayDeque<Future<Decoded>> queued = new ArrayDeque<>();
      private int next;

      private void fill() {
        while (queued.size() <= ahead && next < list.size()) {
          Path file = list.get(next++);
          queued.add(submit(() -> {
            try {
              return new Decoded(file, work.apply(file), null);
            } catch (DatasetException | UncheckedIOException e) {
              return new Decoded(file, null, e);
            }
          }));
        }
      }

      @Override
      public boolean hasNext() {
        fill();
        return !queued.isEmpty();
      }

      @Override
      public Decoded next() {
        if (!hasNext()) {
          throw new NoSuchElementException("all " + list.size() + " files were handed out");
        }
        Decoded d = await(queued.poll());
        fill();
        return d;
      }
    };
  }

  /** Waits for a result, passing on what the task threw (unchecked) and the caller's interrupt. */
  static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for an image to be decoded");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("decoding failed", cause);
    }
  }

  /**
   * Ends the worker threads: queued work is dropped, running work finishes, and this call waits for
   * that (briefly) so no worker outlives it. Idempotent.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One file's result from {@link #preprocessInOrder}: its pixels, or why it could not be read.
   *
   * @param file the image file
   * @param pixels 8-bit RGB pixels, or {@code null} on failure
   * @param failure the failure (an {@link InvalidImageException} for a bad image), or {@code null}
   */
  public record Decoded(Path file, byte[] pixels, RuntimeException failure) {

    /** Checks that exactly one of pixels and failure is present. */
    public Decoded {
      Objects.requireNonNull(file, "file");
      if ((pixels == null) == (failure == null)) {
        throw new IllegalArgumentException("exactly one of pixels and failure must be given for " + file);
      }
    }

    /**
     * Whether the file was read.
     *
     * @return true when {@link #pixels()} is present
     */
    public boolean ok() {
      return pixels != null;
    }
  }
}
