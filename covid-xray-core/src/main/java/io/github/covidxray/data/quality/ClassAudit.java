package io.github.covidxray.data.quality;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link DatasetAudit} found about the images of one class, as stored on disk.
 *
 * @param className the class (folder) name
 * @param images number of images loaded
 * @param skipped number of image files that could not be read
 * @param minWidth smallest stored width in pixels (0 when no image was loaded)
 * @param maxWidth largest stored width
 * @param minHeight smallest stored height
 * @param maxHeight largest stored height
 * @param layouts number of images per channel layout, e.g. {@code 8-bit gray=1, 8-bit RGB=24}
 *     (see {@link io.github.covidxray.data.ImageFileInfo#layout()}), sorted by layout
 * @param groups number of distinct group (patient) ids among the images
 * @param imagesWithoutGroup number of images with no group id
 */
public record ClassAudit(String className, int images, int skipped, int minWidth, int maxWidth, int minHeight,
    int maxHeight, Map<String, Integer> layouts, int groups, int imagesWithoutGroup) {

  /** Copies the layout counts into an unmodifiable sorted map. */
  public ClassAudit {
    Objects.requireNonNull(className, "className");
    layouts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(layouts, "layouts")));
  }
}
