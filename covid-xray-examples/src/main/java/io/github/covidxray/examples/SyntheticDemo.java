package io.github.covidxray.examples;

import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.Proportion;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code TrainCovid19 --demo}: the whole pipeline offline, on a small synthetic data set
 * ({@link SyntheticXrays}) and randomly initialised weights, in a minute or two on a laptop. It says
 * plainly, before and after, that neither the data nor the weights are real and how to run the real
 * reproduction.
 *
 * <p>The settings below were chosen by measurement (see the project's notes): a randomly initialised
 * VGG16 with a frozen base hardly learns, because its features are tiny; fine-tuning block 5 on small
 * images learns the synthetic classes within a few epochs.
 */
final class SyntheticDemo {

  /** Images per class drawn for the demo. */
  static final int PER_CLASS = 40;
  /** Side of the drawn images in pixels (the loader then resizes them to {@link #IMAGE_SIZE}). */
  static final int DRAW_SIZE = 128;
  /** Model input size of the demo. */
  static final int IMAGE_SIZE = 32;
  /** Training epochs of the demo. */
  static final int EPOCHS = 8;
  /** Adam's initial learning rate in the demo. */
  static final double LEARNING_RATE = 1e-4;
  /** Input scaling of the demo. */
  static final InputScaling INPUT_SCALING = InputScaling.CAFFE;
  /**
   * First VGG16 block trained in the demo: all of them. Measured on these images at 32x32 from random
   * weights: a frozen base, or blocks 4-5 or 5 alone trained, stayed at chance after 8 epochs; the
   * whole network with Caffe scaling and a learning rate of 1e-4 reached 0.94 test accuracy in 8 epochs
   * (about 50 s on 2 cores).
   */
  static final int FINE_TUNE_FROM = 1;
  /** Where the demo writes its plot unless told otherwise (not over a real run's plot.png). */
  static final Path PLOT = Path.of("covid19-demo", "plot.png");
  /** Where the demo saves its model unless told otherwise (not over a real covid19.model). */
  static final Path MODEL = Path.of("covid19-demo", "covid19.model");

  private static final String RULE = "[DEMO] " + "=".repeat(78);

  private SyntheticDemo() {}

  /**
   * Draws the demo's synthetic data set into {@code dir}, which must be missing or empty.
   *
   * @param dir the data set folder
   * @param perClass images per class
   * @param seed seed of the drawings
   * @param temporary whether {@code dir} is a temporary folder that {@link #cleanUp} will delete
   * @param out where to say what was written
   * @throws IOException if the folder is not empty or cannot be written
   */
  static void draw(Path dir, int perClass, long seed, boolean temporary, PrintWriter out) throws IOException {
    SyntheticDataset written = new SyntheticXrays(DRAW_SIZE, DRAW_SIZE, seed).writeDataset(dir, perClass, false);
    out.printf(Locale.ROOT, "[DEMO] drew %d SYNTHETIC images (%d covid, %d normal, %dx%d, seed %d) into %s%s%n",
        written.size(), written.covid().size(), written.normal().size(), DRAW_SIZE, DRAW_SIZE, seed, dir,
        temporary ? " (temporary; deleted at the end; keep them with --dataset DIR)" : "");
  }

  /** Deletes a temporary demo data set; failures are reported, not thrown. */
  static void cleanUp(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("[WARN] could not delete the temporary demo data set " + dir + ": " + e);
    }
  }

  /** What the demo says before it starts. */
  static void printStart(PrintWriter out, String settings, boolean randomWeights) {
    out.println(RULE);
    out.println("[DEMO] OFFLINE DEMO. The images are SYNTHETIC drawings made by this program (not X-rays),");
    out.println(randomWeights
        ? "[DEMO] and the VGG16 weights start RANDOM (no ImageNet download). It shows the whole"
        : "[DEMO] trained here from the VGG16 weights chosen with --weights. It shows the whole");
    out.println("[DEMO] pipeline running; its figures say nothing about real X-rays or about COVID-19.");
    out.println("[DEMO] The drawings share one template, so the leakage check will flag many near-duplicates.");
    out.println("[DEMO] settings: " + settings);
    out.println(RULE);
    out.flush();
  }

  /**
   * What the demo says when it is done: how well the model told the synthetic classes apart (honestly:
   * better than chance only if the accuracy's confidence interval lies above one half), that the
   * figures are not medical, and how to run the real reproduction.
   */
  static void printEnd(PrintWriter out, Duration elapsed, Evaluation evaluation, boolean randomWeights) {
    Proportion accuracy = evaluation.accuracy();
    boolean learned = accuracy.interval().map(ci -> ci.lower() > 0.5).orElse(false);
    out.println(RULE);
    out.printf(Locale.ROOT, "[DEMO] done in %d s. Test accuracy on the synthetic images: %s.%n", elapsed.toSeconds(),
        accuracy);
    out.println(learned
        ? "[DEMO] the model learned to tell the synthetic classes apart (better than chance)."
        : "[DEMO] NOT clearly better than chance in this short run (the interval includes 0.5).");
    out.println("[DEMO] These figures come from SYNTHETIC images" + (randomWeights
        ? " and a VGG16 that started from RANDOM weights" : "") + ": they show that");
    out.println("[DEMO] the pipeline works, not that anything detects COVID-19.");
    out.println("[DEMO] The real reproduction of the tutorial:");
    out.println("[DEMO]   1. build dataset/covid and dataset/normal with covid-xray build-dataset and"
        + " sample-kaggle");
    out.println("[DEMO]      (see dataset/README.md);");
    out.println("[DEMO]   2. covid-xray train --dataset dataset   (ImageNet weights, downloaded once into"
        + " ~/.keras/models,");
    out.println("[DEMO]      or copied there by hand; add --weights none to train without them).");
    out.println(RULE);
    out.flush();
  }
}
