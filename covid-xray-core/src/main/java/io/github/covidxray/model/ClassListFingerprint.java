package io.github.covidxray.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The fingerprint of a model's class names in output order, stored as {@code classes_sha256} beside
 * them in the metadata: the SHA-256, in lower-case hex, of the names joined by a line feed and encoded
 * as UTF-8 (Python: {@code hashlib.sha256("\n".join(classes).encode()).hexdigest()}). The class list
 * is what maps each output to a label, so a list reordered or edited after saving would relabel every
 * prediction without any error; the fingerprint lets a load catch that.
 */
final class ClassListFingerprint {

  /** Reorderings are searched for up to this many classes (8! = 40320 hashes) to explain a mismatch. */
  private static final int MAX_CLASSES_TO_REORDER = 8;

  private ClassListFingerprint() {}

  /**
   * The fingerprint of a class list.
   *
   * @param classes class names in output order
   * @return 64 lower-case hex digits
   */
  static String of(List<String> classes) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(String.join("\n", classes).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /**
   * Checks a metadata file's classes against the fingerprint saved with them.
   *
   * @param classes the classes the file lists
   * @param fingerprint its {@code classes_sha256}
   * @param file the metadata file, for the message
   * @throws ModelFormatException naming the file, the listed classes and the list the fingerprint
   *     belongs to (the matching reordering of the names, if there is one)
   */
  static void check(List<String> classes, String fingerprint, Path file) {
    if (of(classes).equals(fingerprint)) {
      return;
    }
    Optional<List<String>> saved = reorderingWith(classes, fingerprint);
    throw new ModelFormatException(file, "its classes " + classes + " do not match its classes_sha256 "
        + fingerprint + ", which is the fingerprint of " + saved.map(List::toString)
            .orElse("another class list (no order of these names matches)")
        + ": the class list was changed after the model was saved, and every prediction would be"
        + " labelled by the wrong list. Put back the classes the model was saved with"
        + saved.map(s -> " (" + s + ")").orElse("") + ", or save the model again");
  }

  /** The order of {@code classes} whose fingerprint is {@code fingerprint}, if there is one. */
  private static Optional<List<String>> reorderingWith(List<String> classes, String fingerprint) {
    if (classes.size() > MAX_CLASSES_TO_REORDER) {
      return Optional.empty();
    }
    return permutations(new ArrayList<>(classes), 0, fingerprint);
  }

  private static Optional<List<String>> permutations(List<String> names, int from, String fingerprint) {
    if (from == names.size()) {
      return of(names).equals(fingerprint) ? Optional.of(List.copyOf(names)) : Optional.empty();
    }
    for (int i = from; i < names.size(); i++) {
      java.util.Collections.swap(names, from, i);
      Optional<List<String>> found = permutations(names, from + 1, fingerprint);
      java.util.Collections.swap(names, from, i);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
