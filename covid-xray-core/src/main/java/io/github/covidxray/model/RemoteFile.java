package io.github.covidxray.model;

import io.github.covidxray.internal.FileHash;
import java.net.URI;
import java.util.Objects;

/**
 * A file that can be fetched into a {@link WeightsRepository}: the name it is cached under, where it
 * is published and its published hash, as in Keras's {@code get_file(fname, origin, file_hash)}.
 *
 * @param fileName the file's name in the cache directory (no directory part)
 * @param url where to download it from
 * @param fileHash its published hash in hex: 64 digits are read as SHA-256, 32 as MD5 (Keras's
 *     {@code hash_algorithm="auto"} rule)
 * @param advice a sentence appended to failure messages, telling the user what else they can do
 */
public record RemoteFile(String fileName, URI url, String fileHash, String advice) {

  /** Checks the name and the hash's form. */
  public RemoteFile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(fileHash, "fileHash");
    advice = advice == null ? "" : advice;
    if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")
        || fileName.equals(".") || fileName.equals("..")) {
      throw new IllegalArgumentException("fileName must be a plain file name, got '" + fileName + "'");
    }
    FileHash.algorithmFor(fileHash);
  }
}
