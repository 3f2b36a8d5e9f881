package io.github.covidxray.data.quality;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One image as a quality report names it: its file, its class, and its group (patient) when known.
 *
 * @param file the image's source file
 * @param className the class (folder label) it was loaded under
 * @param group its group id, or empty
 */
public record ImageRef(Path file, String className, Optional<String> group) {

  /** Requires every part; use {@link Optional#empty()} for an unknown group. */
  public ImageRef {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(group, "group");
  }

  /** E.g. {@code /data/covid/a.jpg [covid, group 13]}. */
  @Override
  public String toString() {
    return file + " [" + className + group.map(g -> ", group " + g).orElse("") + "]";
  }
}
