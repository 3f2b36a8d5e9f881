package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link Verbosity}: which arguments choose it, the slf4j-simple levels it sets, and --quiet's stderr. */
class VerbosityTest {

  @Test
  void theLastOfVerboseAndQuietBeforeDoubleDashChooses() {
    assertThat(Verbosity.of()).isEqualTo(Verbosity.DEFAULT);
    assertThat(Verbosity.of("train", "--demo")).isEqualTo(Verbosity.DEFAULT);
    assertThat(Verbosity.of("--verbose", "train")).isEqualTo(Verbosity.VERBOSE);
    assertThat(Verbosity.of("train", "--quiet", "--demo")).isEqualTo(Verbosity.QUIET);
    assertThat(Verbosity.of("--quiet", "train", "--verbose")).isEqualTo(Verbosity.VERBOSE);
    assertThat(Verbosity.of("predict", "--", "--quiet")).isEqualTo(Verbosity.DEFAULT);   // a file named --quiet
    assertThat(Verbosity.of("--verbosely", "-q", "--QUIET")).isEqualTo(Verbosity.DEFAULT);
  }

  @Test
  void logsGoToStderrAtEachVerbositysLevels() {
    assertThat(Verbosity.DEFAULT.logProperties()).isEqualTo(Map.of(
        Verbosity.LOG_FILE, "System.err", Verbosity.DEFAULT_LEVEL, "warn", Verbosity.JHDF_LEVEL, "error"));
    assertThat(Verbosity.VERBOSE.logProperties()).containsEntry(Verbosity.LOG_FILE, "System.err")
        .containsEntry(Verbosity.DEFAULT_LEVEL, "info").containsEntry(Verbosity.JHDF_LEVEL, "info");
    assertThat(Verbosity.QUIET.logProperties()).containsEntry(Verbosity.LOG_FILE, "System.err")
        .containsEntry(Verbosity.DEFAULT_LEVEL, "error").containsEntry(Verbosity.JHDF_LEVEL, "error");
  }

  /**
   * In a fresh JVM (slf4j-simple reads its settings once), {@link LoggingProbe} logs INFO, WARN and ERROR
   * lines as this SDK, jHDF and another library would: nothing ever reaches stdout, and stderr holds
   * the levels each verbosity promises.
   */
  @Test
  void aFreshJvmLogsToStderrOnlyAtTheChosenLevels() throws Exception {
    ProbeRun normal = probe();
    assertThat(normal.out()).isEmpty();
    assertThat(normal.err()).containsExactly("WARN io.github.covidxray.Probe", "ERROR io.github.covidxray.Probe",
        "WARN org.example.Probe", "ERROR org.example.Probe", "ERROR io.jhdf.Probe");
    ProbeRun verbose = probe("train", "--verbose");
    assertThat(verbose.out()).isEmpty();
    assertThat(verbose.err()).containsExactly("INFO io.github.covidxray.Probe", "WARN io.github.covidxray.Probe",
        "ERROR io.github.covidxray.Probe", "INFO org.example.Probe", "WARN org.example.Probe", "ERROR org.example.Probe",
        "INFO io.jhdf.Probe", "WARN io.jhdf.Probe", "ERROR io.jhdf.Probe");
    ProbeRun quiet = probe("--quiet", "train");
    assertThat(quiet.out()).isEmpty();
    assertThat(quiet.err()).containsExactly("ERROR io.github.covidxray.Probe", "ERROR org.example.Probe",
        "ERROR io.jhdf.Probe");
  }

  private record ProbeRun(List<String> out, List<String> err) {}

  private static ProbeRun probe(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LoggingProbe.class.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(child.getErrorStream()));
    String out = read(child.getInputStream());
    assertThat(child.waitFor()).as(err.get()).isZero();
    return new ProbeRun(out.lines().toList(), err.get().lines().map(line -> line.replaceFirst("^\\[main\\] ", ""))
        .map(line -> line.replaceFirst(" - .*$", "")).toList());
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void quietStderrPassesErrorLinesOnlyWholeAndInOrder() {
    StringWriter real = new StringWriter();
    Verbosity.QuietErr quiet = new Verbosity.QuietErr(new PrintWriter(real, true));
    quiet.println("[PROGRESS] 1/3 images");
    quiet.print("error: a.png: ");
    quiet.flush();
    assertThat(real.toString()).isEmpty();   // an unfinished line waits
    quiet.println("not an image");
    quiet.printf("[WARN] 2 other file(s)%n");
    quiet.println("error: 1 of 3 image(s) could not be classified");
    quiet.println("  error: indented, not an error line");
    assertThat(real.toString().lines().toList()).containsExactly("error: a.png: not an image",
        "error: 1 of 3 image(s) could not be classified");
  }
}
