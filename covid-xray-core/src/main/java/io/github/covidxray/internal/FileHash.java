package io.github.covidxray.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * File hashes as Keras's {@code get_file} checks them: SHA-256 when the expected hash has 64 hex
 * digits, MD5 when it has 32 (Keras publishes MD5 hashes for its application weights).
 */
public final class FileHash {

  private FileHash() {}

  /**
   * The {@link MessageDigest} algorithm a published hash was made with, judged by its length.
   *
   * @param expectedHash 32 (MD5) or 64 (SHA-256) hex digits
   * @return {@code "MD5"} or {@code "SHA-256"}
   * @throws IllegalArgumentException for anything else
   */
  public static String algorithmFor(String expectedHash) {
    if (!expectedHash.matches("[0-9a-fA-F]+")) {
      throw new IllegalArgumentException("file hash must be hex digits, got '" + expectedHash + "'");
    }
    return switch (expectedHash.length()) {
      case 64 -> "SHA-256";
      case 32 -> "MD5";
      default -> throw new IllegalArgumentException(
          "file hash must be a SHA-256 (64 hex digits) or MD5 (32 hex digits) hash, got "
              + expectedHash.length() + " digits");
    };
  }

  /**
   * Hashes a file with the given algorithm.
   *
   * @param file the file to read
   * @param algorithm a {@link MessageDigest} algorithm name, e.g. {@code "MD5"}
   * @return the digest in lower-case hex
   * @throws IOException if the file cannot be read
   */
  public static String of(Path file, String algorithm) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("unknown hash algorithm " + algorithm, e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Whether a file matches a published hash (algorithm chosen by the hash's length).
   *
   * @param file the file to check
   * @param expectedHash the published hash, either case
   * @return true if the file's hash equals it
   * @throws IOException if the file cannot be read
   */
  public static boolean matches(Path file, String expectedHash) throws IOException {
    return of(file, algorithmFor(expectedHash)).equals(expectedHash.toLowerCase(Locale.ROOT));
  }
}
