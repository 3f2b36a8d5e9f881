package io.github.covidxray.model;

import io.github.covidxray.internal.FileHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local cache of downloadable weights files, the Java counterpart of Keras's
 * {@code get_file(..., cache_subdir="models")}: a file already in the cache with the published hash
 * is used as it is, without touching the network; otherwise it is downloaded from its URL into a
 * temporary file in the cache directory, checked against the published hash and moved into place
 * atomically. A download with the wrong hash is discarded, so the cache never holds a bad file. A
 * cached file whose hash does not match is downloaded again, as Keras does.
 *
 * <p>The default cache directory is Keras's, so files a Python user already has are found:
 * {@code $KERAS_HOME/models} when {@code KERAS_HOME} is set, else {@code ~/.keras/models} (or
 * {@code /tmp/.keras/models} when the home directory is not writable, Keras's own fallback).
 * Download progress is logged through SLF4J at INFO every 10 %.
 */
public final class WeightsRepository {

  private static final Logger LOG = LoggerFactory.getLogger(WeightsRepository.class);
  private static final double MB = 1024.0 * 1024.0;

  private final Path cacheDir;
  private final Duration connectTimeout;
  private final boolean offline;

  private WeightsRepository(Builder builder) {
    this.cacheDir = builder.cacheDir != null ? builder.cacheDir : kerasCacheDir();
    this.connectTimeout = builder.connectTimeout;
    this.offline = builder.offline;
  }

  /** A repository on Keras's default cache directory, downloads allowed. */
  public static WeightsRepository keras() {
    return builder().build();
  }

  /** A builder to choose the cache directory, the connect timeout and offline mode. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Keras's model cache directory for this process's environment: {@code $KERAS_HOME/models} if
   * {@code KERAS_HOME} is set, else {@code ~/.keras/models}, else (home not writable)
   * {@code /tmp/.keras/models}.
   */
  public static Path kerasCacheDir() {
    return kerasCacheDir(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * Keras's model cache directory for a given environment and home directory (testable form of
   * {@link #kerasCacheDir()}).
   *
   * @param environment the environment variables to consult ({@code KERAS_HOME})
   * @param userHome the user's home directory
   * @return the {@code models} directory Keras would use
   */
  public static Path kerasCacheDir(Map<String, String> environment, Path userHome) {
    String kerasHome = environment.get("KERAS_HOME");
    if (kerasHome != null && !kerasHome.isBlank()) {
      return Path.of(kerasHome).resolve("models");
    }
    Path base = userHome;
    if (!Files.isWritable(base)) {
      Path tmp = Path.of("/tmp");
      base = Files.isDirectory(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
    }
    return base.resolve(".keras").resolve("models");
  }

  /** The directory files are looked up in and downloaded to. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** Whether downloads are disabled (only cached files can be resolved). */
  public boolean offline() {
    return offline;
  }

  /**
   * The cached copy of a file, downloading it first if it is not cached (or cached with a wrong
   * hash).
   *
   * @param file the file to resolve
   * @return the path of the verified file in the cache directory
   * @throws WeightsDownloadException if the file is not cached and cannot be downloaded, or the
   *     download does not have the published hash
   */
  public Path resolve(RemoteFile file) {
    Objects.requireNonNull(file, "file");
    Path target = cacheDir.resolve(file.fileName());
    if (Files.isRegularFile(target)) {
      try {
        if (FileHash.matches(target, file.fileHash())) {
          LOG.debug("Using cached {}", target);
          return target;
        }
        LOG.warn("{} is cached but its {} hash does not match the published {}: it is incomplete or"
            + " outdated and will be downloaded again", target,
            FileHash.algorithmFor(file.fileHash()), file.fileHash());
      } catch (IOException e) {
        LOG.warn("Cannot read cached {} ({}); it will be downloaded again", target, e.toString());
      }
    }
    if (offline) {
      throw failure(file, "downloads are disabled (offline repository)", null);
    }
    return download(file, target);
  }

  private Path download(RemoteFile file, Path target) {
    Path tmp = null;
    try {
      Files.createDirectories(cacheDir);
      tmp = Files.createTempFile(cacheDir, file.fileName() + ".", ".part");
      String algorithm = FileHash.algorithmFor(file.fileHash());
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      HttpClient client = HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
      HttpRequest request = HttpRequest.newBuilder(file.url()).GET().build();
      LOG.info("Downloading {} from {} to {}", file.fileName(), file.url(), cacheDir);
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw failure(file, "the server answered HTTP " + response.statusCode(), null);
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
        try (OutputStream out = Files.newOutputStream(tmp)) {
          copyWithProgress(file.fileName(), body, out, digest, total);
        }
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(file.fileHash().toLowerCase(Locale.ROOT))) {
        throw new WeightsDownloadException(file.fileName(), cacheDir, file.url(), String.format(
            "Downloaded %s from %s but its %s hash is %s, not the published %s: the download was"
                + " discarded and nothing was stored in %s. %s",
            file.fileName(), file.url(), algorithm, actual, file.fileHash(), cacheDir,
            file.advice()).trim(), null);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info("Saved {} ({} hash verified)", target, algorithm);
      return target;
    } catch (IOException e) {
      throw failure(file, e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(file, "the download was interrupted", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks a standard hash algorithm", e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void copyWithProgress(
      String name, InputStream in, OutputStream out, MessageDigest digest, long total)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    long done = 0;
    long nextReport = total > 0 ? total / 10 : 10L * (1 << 20);
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
      digest.update(buffer, 0, n);
      done += n;
      if (done >= nextReport) {
        if (total > 0) {
          LOG.info("{}: {} % ({} of {} MB)", name, done * 100 / total,
              String.format(Locale.ROOT, "%.1f", done / MB), String.format(Locale.ROOT, "%.1f", total / MB));
          nextReport += total / 10;
        } else {
          LOG.info("{}: {} MB", name, String.format(Locale.ROOT, "%.1f", done / MB));
          nextReport += 10L * (1 << 20);
        }
      }
    }
    if (total > 0 && done != total) {
      throw new IOException("connection closed after " + done + " of " + total + " bytes");
    }
  }

  private WeightsDownloadException failure(RemoteFile file, String reason, Throwable cause) {
    return new WeightsDownloadException(file.fileName(), cacheDir, file.url(), String.format(
        "%s is not in the cache directory %s and could not be downloaded from %s: %s. %s",
        file.fileName(), cacheDir, file.url(), reason, file.advice()).trim(), cause);
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete partial download {}: {}", file, e.toString());
    }
  }

  /** Builds a {@link WeightsRepository}; every setting has a default. */
  public static final class Builder {

    private Path cacheDir;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private boolean offline;

    private Builder() {}

    /**
     * The directory to look files up in and download them to (default: {@link #kerasCacheDir()}).
     *
     * @param cacheDir the cache directory; created on the first download
     * @return this builder
     */
    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
      return this;
    }

    /**
     * How long to wait for the server to accept the connection (default 30 s).
     *
     * @param connectTimeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
      }
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * Disables downloads: only files already in the cache resolve (default false).
     *
     * @param offline true to never touch the network
     * @return this builder
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** The repository. */
    public WeightsRepository build() {
      return new WeightsRepository(this);
    }
  }
}
