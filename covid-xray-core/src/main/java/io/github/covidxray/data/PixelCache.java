package io.github.covidxray.data;

import io.github.covidxray.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An on-disk cache of preprocessed 8-bit images, so that a second epoch (or a second run) reads
 * {@code imageSize² × 3} bytes instead of decoding a multi-megabyte JPEG or DICOM again.
 *
 * <p>An entry is named by the SHA-256 of the source file's absolute path, size and modification
 * time and of the preprocessing settings (image size, pixel budget, and {@link #FORMAT_VERSION},
 * raised whenever the preprocessing pipeline changes), so a changed file or other settings simply
 * miss. Entries are written atomically (temporary sibling, then move), so a crash never leaves a
 * half entry; a file whose length or header is not what this version writes is treated as a miss
 * and rewritten. The cache only ever creates files named {@code <64 hex digits>.rgb} in its
 * directory and never deletes anything: its size is one entry of {@code 16 + imageSize² × 3} bytes
 * per distinct image and setting (147 KB at 224, so 1.5 GB for 10,000 images), and removing the
 * directory is the way to reclaim the space.
 *
 * <p>Write failures (disk full, read-only directory) are logged once and otherwise ignored: the
 * cache is an optimisation, never a reason for a training run to fail.
 */
final class PixelCache {

  /** Version of the entries' layout and of the preprocessing they hold. */
  static final int FORMAT_VERSION = 1;

  /** File name suffix of the entries. */
  static final String SUFFIX = ".rgb";

  private static final Logger LOG = LoggerFactory.getLogger(PixelCache.class);
  private static final int MAGIC = 0x43585043; // "CXPC"
  private static final int HEADER_BYTES = 16;

  private final Path directory;
  private final ImagePreprocessor preprocessor;
  private final AtomicBoolean warned = new AtomicBoolean();

  PixelCache(Path directory, ImagePreprocessor preprocessor) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
  }

  /**
   * Creates the directory if needed.
   *
   * @throws DatasetException naming the directory when it cannot be created or is not a directory
   */
  void open() {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new DatasetException("Cannot use " + directory + " as the pixel cache directory (" + e
          + "); expected a directory this process can create and write", e);
    }
  }

  Path directory() {
    return directory;
  }

  /**
   * The cached pixels of a file, or {@code null} when there is no valid entry for the file as it is now.
   */
  byte[] read(Path file) {
    Path entry;
    try {
      entry = entry(file);
    } catch (IOException e) {
      return null; // the source is gone or unreadable: the decoder will say so
    }
    try {
      byte[] content = Files.readAllBytes(entry);
      int expected = preprocessor.bytesPerImage();
      if (content.length != HEADER_BYTES + expected) {
        return null;
      }
      ByteBuffer header = ByteBuffer.wrap(content, 0, HEADER_BYTES);
      if (header.getInt() != MAGIC || header.getInt() != FORMAT_VERSION
          || header.getInt() != preprocessor.imageSize() || header.getInt() != expected) {
        return null;
      }
      byte[] pixels = new byte[expected];
      System.arraycopy(content, HEADER_BYTES, pixels, 0, expected);
      return pixels;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Stores a file's pixels; returns whether an entry was written. */
  boolean write(Path file, byte[] pixels) {
    try {
      Path entry = entry(file);
      AtomicFiles.write(entry, out -> {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(preprocessor.imageSize()).putInt(pixels.length);
        out.write(header.array());
        out.write(pixels);
      });
      return true;
    } catch (IOException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn("Cannot write to the pixel cache {} ({}); going on without caching", directory, e.toString());
      }
      return false;
    }
  }

  /** The entry of a file as it is now (path, size, modification time) under these settings. */
  Path entry(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
    String key = String.join("\n", "covid-xray pixel cache", String.valueOf(FORMAT_VERSION), absolute.toString(),
        String.valueOf(attributes.size()), attributes.lastModifiedTime().toString(),
        String.valueOf(preprocessor.imageSize()), String.valueOf(preprocessor.maxPixels()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return directory.resolve(HexFormat.of().formatHex(digest) + SUFFIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
