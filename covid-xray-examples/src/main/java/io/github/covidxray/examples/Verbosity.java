package io.github.covidxray.examples;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.simple.SimpleLogger;

/**
 * How much the {@code covid-xray} command prints besides its results, chosen by {@code --verbose} or
 * {@code --quiet}. Results always go to standard output; standard error gets, by default, this SDK's
 * (and third-party libraries') warnings and errors but no INFO logs, so that nothing of jHDF's or
 * TensorFlow's start-up chatter lands between the results; {@code --verbose} brings every INFO log back;
 * {@code --quiet} leaves the errors only (no warnings, progress or notes).
 *
 * <p>The logs are slf4j-simple's, whose levels are read from system properties once, when the first
 * logger is made: {@link #configureLogging()} must run before anything logs, which is why
 * {@link CovidXray#main} reads these two options from the raw arguments ({@link #of}) before picocli
 * builds the commands. TensorFlow's own C++ logs are not Java's to set: its runtime reads
 * {@code TF_CPP_MIN_LOG_LEVEL} from the process environment when the natives load, and a JVM cannot change
 * its own environment (neither TensorFlow Java 1.1.0 nor JavaCPP offers a {@code setenv}), so the
 * {@code bin/covid-xray} launcher exports it from the same two options.
 */
enum Verbosity {
  /** Results on stdout; warnings and errors (ours and third-party) on stderr; no INFO logs. */
  DEFAULT,
  /** As {@link #DEFAULT}, plus every INFO log, this SDK's and third-party libraries'. */
  VERBOSE,
  /** Results on stdout; errors only on stderr. */
  QUIET;

  /** The option that chooses {@link #VERBOSE}. */
  static final String VERBOSE_OPTION = "--verbose";
  /** The option that chooses {@link #QUIET}. */
  static final String QUIET_OPTION = "--quiet";

  /** slf4j-simple: where logs go. */
  static final String LOG_FILE = SimpleLogger.LOG_FILE_KEY;
  /** slf4j-simple: the level of every logger not named otherwise. */
  static final String DEFAULT_LEVEL = SimpleLogger.DEFAULT_LOG_LEVEL_KEY;
  /**
   * slf4j-simple: jHDF's level. jHDF (the Keras weights reader) warns on ordinary files, and ships a
   * {@code simplelogger.properties} of its own that logs INFO to System.out, which is why its level is
   * always set here rather than left to whichever properties file comes first on the class path.
   */
  static final String JHDF_LEVEL = SimpleLogger.LOG_KEY_PREFIX + "io.jhdf";

  /**
   * The verbosity that {@code args} ask for: the last of {@code --verbose} and {@code --quiet} before a
   * {@code --} (both together are a usage error that picocli reports; logging is set before that).
   */
  static Verbosity of(String... args) {
    Verbosity chosen = DEFAULT;
    for (String arg : args) {
      if ("--".equals(arg)) {
        break;
      }
      if (VERBOSE_OPTION.equals(arg)) {
        chosen = VERBOSE;
      } else if (QUIET_OPTION.equals(arg)) {
        chosen = QUIET;
      }
    }
    return chosen;
  }

  /** The slf4j-simple system properties of this verbosity: logs on stderr, at its levels. */
  Map<String, String> logProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(LOG_FILE, "System.err");
    properties.put(DEFAULT_LEVEL, switch (this) {
      case DEFAULT -> "warn";
      case VERBOSE -> "info";
      case QUIET -> "error";
    });
    properties.put(JHDF_LEVEL, this == VERBOSE ? "info" : "error");
    return properties;
  }

  /**
   * Sets {@link #logProperties()} as system properties, before any logger exists. By default a
   * property already given ({@code -Dorg.slf4j.simpleLogger...=...}, e.g. through {@code JAVA_OPTS}) is
   * kept; {@code --verbose} and {@code --quiet} override it, since they were asked for on this run.
   */
  void configureLogging() {
    logProperties().forEach((key, value) -> {
      if (this != DEFAULT || System.getProperty(key) == null) {
        System.setProperty(key, value);
      }
    });
  }

  /**
   * Standard error under {@code --quiet}: a writer that passes on the lines a command writes that start
   * with {@code error:} and drops the rest (progress, notes, warnings). The shared error handlers of
   * {@link Cli} write to {@link #errors()}, the real standard error, through {@link Cli#errors}.
   */
  static final class QuietErr extends PrintWriter {
    /** The start of a line that {@code --quiet} keeps. */
    static final String ERROR_PREFIX = "error:";

    private final PrintWriter errors;

    QuietErr(PrintWriter errors) {
      super(new ErrorLines(errors), true);
      this.errors = errors;
    }

    /** The standard error that error lines go to. */
    PrintWriter errors() {
      return errors;
    }
  }

  /** Passes whole lines that start with {@link QuietErr#ERROR_PREFIX} on to {@code errors}. */
  private static final class ErrorLines extends Writer {
    private final PrintWriter errors;
    private final StringBuilder line = new StringBuilder();

    ErrorLines(PrintWriter errors) {
      this.errors = errors;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        line.append(chars[i]);
        if (chars[i] == '\n') {
          endLine();
        }
      }
    }

    private void endLine() {
      if (line.indexOf(QuietErr.ERROR_PREFIX) == 0) {
        errors.write(line.toString());
        errors.flush();
      }
      line.setLength(0);
    }

    @Override
    public void flush() {
      // a partial line is decided when it ends
    }

    @Override
    public void close() {
      if (line.length() > 0) {
        endLine();
      }
    }
  }
}
