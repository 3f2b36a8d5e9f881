package io.github.covidxray.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Validation and look-up of class-name lists, shared by the metrics types. */
final class ClassNames {

  private ClassNames() {}

  /** An immutable copy of {@code names}: at least {@code minimum} unique, non-blank names. */
  static List<String> check(List<String> names, int minimum) {
    Objects.requireNonNull(names, "classNames");
    if (names.size() < minimum) {
      throw new IllegalArgumentException(
          "need at least " + minimum + " class names, got " + names.size() + ": " + names);
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("class names must be non-blank, got " + names);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("class name '" + name + "' appears twice in " + names);
      }
    }
    return List.copyOf(names);
  }

  /** The index of {@code name}, or an exception that lists the known classes. */
  static int indexOf(List<String> names, String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(
          "unknown class '" + name + "'; known classes (in label order): " + names);
    }
    return index;
  }

  /** Checks that every label is a valid class index. */
  static void checkLabels(String argument, int[] labels, int numClasses) {
    Objects.requireNonNull(labels, argument);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(String.format(
            "%s[%d] = %d is not a class index in [0, %d)", argument, i, labels[i], numClasses));
      }
    }
  }
}
