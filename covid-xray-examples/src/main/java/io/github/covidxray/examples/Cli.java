package io.github.covidxray.examples;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * How every example command runs: picocli parsing with {@code --help}, exit code 0 on success, 2 on
 * bad usage (picocli's usage errors and {@link CommandLine.ParameterException}s thrown by a command)
 * and 1 on any other failure, reported as one {@code error: ...} line on standard error rather than
 * a stack trace.
 */
public final class Cli {

  /** Exit code of a command that failed while working (bad data, refused overwrite, I/O error). */
  public static final int FAILURE = CommandLine.ExitCode.SOFTWARE;
  /** Exit code of a command given bad arguments. */
  public static final int USAGE = CommandLine.ExitCode.USAGE;

  private Cli() {}

  /** A command line for {@code command} with the shared error handling. */
  public static CommandLine commandLine(Object command) {
    CommandLine cmd = new CommandLine(command);
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + describe(ex));
      commandLine.getErr().flush();
      return FAILURE;
    });
    return cmd;
  }

  /** Runs {@code command} with {@code args} and returns its exit code (for {@code System.exit}). */
  public static int run(Object command, String... args) {
    return commandLine(command).execute(args);
  }

  /** A one-line description of a failure that makes sense without the exception's class name. */
  static String describe(Throwable ex) {
    String message = ex.getMessage();
    if (ex instanceof NoSuchFileException) {
      return "no such file or directory: " + message;
    }
    if (ex instanceof AccessDeniedException) {
      return "permission denied: " + message;
    }
    return message == null || message.isBlank() ? ex.toString() : message;
  }
}
