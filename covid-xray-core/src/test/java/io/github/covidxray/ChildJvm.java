package io.github.covidxray;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers for tests that run code in a fresh JVM. */
public final class ChildJvm {

  private ChildJvm() {}

  /** The java launcher of this JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Everything this test JVM sees, as one plain class path: {@code target/test-classes},
   * {@code target/classes}, then the module path and the class path. A child can then use
   * package-private test hooks, which a named module (how Maven runs these tests) would not let it
   * reach from a second module layer.
   */
  public static String flatClassPath() {
    Path target = Path.of(System.getProperty("user.dir"), "target").toAbsolutePath();
    List<String> entries = new ArrayList<>(List.of(target.resolve("test-classes").toString(),
        target.resolve("classes").toString()));
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
        if (!entry.isBlank() && !entries.contains(entry)) {
          entries.add(entry);
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
