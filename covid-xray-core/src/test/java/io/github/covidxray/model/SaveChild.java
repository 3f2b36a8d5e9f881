package io.github.covidxray.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A separate JVM for {@link ModelCrashTest}: loads a model and saves it over a directory, stopping at
 * one step of the save to print {@code REACHED <step>} and wait there to be killed.
 *
 * <p>Arguments: the model to load, the directory to save to, the {@link AtomicDirectory.Step} to
 * stop at.
 */
final class SaveChild {

  private SaveChild() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    AtomicDirectory.Step stop = AtomicDirectory.Step.valueOf(args[2]);
    try (VggTransferModel model = VggTransferModel.load(source)) {
      model.save(target, new VggTransferModel.SaveHook() {
        @Override
        public void savedModelWritten(Path temporaryDirectory) {
        }

        @Override
        public void reached(AtomicDirectory.Step step) {
          if (step == stop) {
            System.out.println("REACHED " + step);
            System.out.flush();
            try {
              Thread.sleep(600_000); // killed long before; ends by itself if the test died
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      });
    }
    System.out.println("FINISHED without being killed");
  }
}
