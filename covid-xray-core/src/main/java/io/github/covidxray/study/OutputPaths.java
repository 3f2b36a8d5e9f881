package io.github.covidxray.study;

import io.github.covidxray.model.ModelMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks a study's output paths before anything slow runs, so that a finished training run is never
 * lost to a path that cannot be written: the plot is a file name, the model path is new, an empty
 * directory or an earlier saved model (which is replaced), and neither lies inside the data set (where
 * the next run would read them as images or classes).
 */
final class OutputPaths {

  private OutputPaths() {}

  static void check(Path dataset, Path model, Path plot) {
    try {
      if (plot != null) {
        if (Files.isDirectory(plot)) {
          throw new IllegalArgumentException("plot " + plot + " is a directory; give a PNG file name");
        }
        insideDataset("plot", plot, dataset);
      }
      if (model != null) {
        if (Files.exists(model) && !Files.isDirectory(model)) {
          throw new IllegalArgumentException("saveModel " + model + " is a file; a model is saved as a directory:"
              + " give a new path, an empty directory or an earlier saved model");
        }
        if (Files.isDirectory(model) && !Files.isRegularFile(model.resolve(ModelMetadata.FILE_NAME)) && !isEmpty(model)) {
          throw new IllegalArgumentException("saveModel " + model + " is a directory that is neither empty nor a"
              + " saved covid-xray model (no " + ModelMetadata.FILE_NAME + "); refusing to replace it: give a new"
              + " path, an empty directory or an earlier saved model");
        }
        insideDataset("saveModel", model, dataset);
      }
      if (model != null && plot != null && model.toAbsolutePath().normalize().equals(plot.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("plot and saveModel are the same path " + plot + "; give two paths");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void insideDataset(String what, Path output, Path dataset) throws IOException {
    Path out = output.toAbsolutePath().normalize();
    Path data = dataset.toRealPath();
    Path parent = out.getParent();
    Path real = parent != null && Files.isDirectory(parent) ? parent.toRealPath().resolve(out.getFileName()) : out;
    if (real.startsWith(data)) {
      throw new IllegalArgumentException(what + " " + output + " is inside the data set " + dataset
          + "; the next run would read it as data: write it somewhere else");
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
