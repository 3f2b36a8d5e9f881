package io.github.covidxray.study;

import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.plot.TrainingPlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a study's output paths before anything slow runs, so that a finished training run is never
 * lost to a path that cannot be written: the plot is a file name, the model path is one that
 * {@link VggTransferModel#save} accepts (new, empty, or an earlier saved model), the two differ, and
 * neither lies inside the data set (where the next run would read them as images or classes), an
 * existing file at the plot's path is a plot this tool wrote (unless overwriting is allowed), and each
 * output's folder is writable.
 */
final class OutputPaths {

  private OutputPaths() {}

  static void check(Path dataset, Path model, Path plot, boolean overwrite) {
    try {
      if (plot != null) {
        if (Files.isDirectory(plot)) {
          throw new IllegalArgumentException("plot " + plot + " is a directory; give a PNG file name");
        }
        if (Files.exists(plot) && !overwrite && !TrainingPlot.isOwnPlot(plot)) {
          throw new IllegalArgumentException("plot " + plot + " exists and is not a plot this tool wrote;"
              + " refusing to overwrite it: give another path, or allow replacing it (overwrite)");
        }
        insideDataset("plot", plot, dataset);
        writable("plot", plot);
      }
      if (model != null) {
        try {
          VggTransferModel.checkSaveTarget(model);
        } catch (IOException e) {
          throw new IllegalArgumentException("saveModel " + model + ": " + e.getMessage(), e);
        }
        insideDataset("saveModel", model, dataset);
        writable("saveModel", model);
      }
      if (model != null && plot != null && model.toAbsolutePath().normalize().equals(plot.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("plot and saveModel are the same path " + plot + "; give two paths");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Probes, by creating and deleting a temporary file, that the folder an output goes into (or, when
   * that folder does not exist yet, its nearest existing ancestor, where it will be created) is
   * writable, so that a permission problem shows before training and names the user's path.
   */
  private static void writable(String what, Path output) {
    Path folder = output.toAbsolutePath().normalize().getParent();
    while (folder != null && !Files.exists(folder)) {
      folder = folder.getParent();
    }
    if (folder == null || !Files.isDirectory(folder)) {
      throw new IllegalArgumentException(what + " " + output + ": cannot be created, " + folder
          + " is not a directory");
    }
    try {
      Path probe = Files.createTempFile(folder, ".covid-xray-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " " + output + ": cannot write in " + folder + " ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
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
}
