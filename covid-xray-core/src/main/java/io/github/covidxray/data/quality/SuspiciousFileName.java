package io.github.covidxray.data.quality;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image whose file name contradicts the class folder it sits in, e.g. a {@code normal} image named
 * {@code person1_bacteria_2.jpeg}: likely mislabelled, to be checked by a person.
 *
 * @param file the image file
 * @param className the class it is labelled with
 * @param rule the rule its name broke
 */
public record SuspiciousFileName(Path file, String className, NameLabelRule rule) {

  /** Requires every part. */
  public SuspiciousFileName {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(rule, "rule");
  }

  /** E.g. {@code normal/person1_bacteria_2.jpeg: 'bacteria' in class normal}. */
  @Override
  public String toString() {
    String where = rule.scope() == NameLabelRule.Scope.IN_CLASS
        ? "in class " + className
        : "in class " + className + ", outside " + rule.className();
    return file + ": '" + rule.token() + "' " + where;
  }
}
