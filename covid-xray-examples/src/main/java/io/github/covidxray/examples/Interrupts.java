package io.github.covidxray.examples;

import io.github.covidxray.train.TrainingCancellation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a command: the first asks the training to stop after its current
 * step (nothing partial is saved), the second exits at once. Without this the JVM would die mid-step
 * and the user would not know what was kept. {@code sun.misc.Signal} is the JDK's only way to handle a
 * signal without starting the JVM's shutdown (which a shutdown hook cannot undo).
 */
final class Interrupts implements AutoCloseable {

  private record Installed(Signal signal, SignalHandler previous) {
  }

  private final List<Installed> installed = new ArrayList<>();

  private Interrupts() {}

  /** Handles SIGINT and SIGTERM until {@link #close()}. */
  static Interrupts install(TrainingCancellation cancellation, PrintWriter err) {
    Interrupts interrupts = new Interrupts();
    for (String name : List.of("INT", "TERM")) {
      Signal signal = new Signal(name);
      SignalHandler handler = received -> {
        if (cancellation.isCancelled()) {
          err.println("[WARN] SIG" + received.getName() + " again: exiting now");
          err.flush();
          Runtime.getRuntime().halt(128 + received.getNumber());
        }
        cancellation.cancel("interrupted by SIG" + received.getName());
        err.println("[WARN] SIG" + received.getName() + ": stopping after the current training step; nothing"
            + " partial will be saved (send it again to exit at once)");
        err.flush();
      };
      try {
        interrupts.installed.add(new Installed(signal, Signal.handle(signal, handler)));
      } catch (IllegalArgumentException e) {
        // the signal is not available on this platform or already used by the JVM: leave it as it is
      }
    }
    return interrupts;
  }

  /** Puts the previous handlers back. */
  @Override
  public void close() {
    for (Installed i : installed) {
      Signal.handle(i.signal(), i.previous());
    }
  }
}
