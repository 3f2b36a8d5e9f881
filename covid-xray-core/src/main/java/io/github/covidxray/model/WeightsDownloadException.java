package io.github.covidxray.model;

import java.net.URI;
import java.nio.file.Path;

/**
 * A weights file that is not in the local cache and could not be fetched: offline, server error, or
 * a download whose hash does not match the published one (nothing is then left in the cache).
 *
 * <p>The message names the file, the cache directory and the URL, and says what else can be done.
 */
public class WeightsDownloadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final transient Path cacheDir;
  private final URI url;

  /**
   * Creates the exception.
   *
   * @param fileName the file's name in the cache
   * @param cacheDir the cache directory it was looked up in
   * @param url where it was to be downloaded from
   * @param message the full message
   * @param cause the underlying error, or {@code null}
   */
  public WeightsDownloadException(
      String fileName, Path cacheDir, URI url, String message, Throwable cause) {
    super(message, cause);
    this.fileName = fileName;
    this.cacheDir = cacheDir;
    this.url = url;
  }

  /** The file's name in the cache. */
  public String fileName() {
    return fileName;
  }

  /** The cache directory it was looked up in. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** Where it was to be downloaded from. */
  public URI url() {
    return url;
  }
}
