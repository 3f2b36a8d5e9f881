package io.github.covidxray.examples;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
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
  /** Exit code of a command stopped by Ctrl-C or SIGTERM (128 + SIGINT, the shell's convention). */
  public static final int INTERRUPTED = 130;

  private Cli() {}

  /**
   * A command whose options feed library settings: it says which option feeds which setting, so that a
   * library error naming a setting also names the option.
   */
  interface NamesSettings {
    /** Setting name (as the library's builder method or message calls it) to option, see {@link #settings}. */
    Map<String, String> optionOfSetting();
  }

  /** A command line for {@code command} with the shared error handling. */
  public static CommandLine commandLine(Object command) {
    return configure(new CommandLine(command));
  }

  /** Gives {@code cmd} (and the subcommands it has already) the shared error handling. */
  static CommandLine configure(CommandLine cmd) {
    cmd.setParameterExceptionHandler((ex, args) -> {
      CommandLine failed = ex.getCommandLine();
      PrintWriter err = errors(failed);
      err.println("error: " + ex.getMessage());
      err.println("see '" + failed.getCommandSpec().qualifiedName() + " --help'");
      err.flush();
      return USAGE;
    });
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String message = describe(ex);
      if (ex instanceof IllegalArgumentException && commandLine.getCommand() instanceof NamesSettings named) {
        message = naming(message, named.optionOfSetting());
      }
      PrintWriter err = errors(commandLine);
      err.println("error: " + message);
      err.flush();
      return ex instanceof CancellationException ? INTERRUPTED : FAILURE;
    });
    return cmd;
  }

  /**
   * Where {@code cmd}'s error lines go: its standard error, also under {@code --quiet}, which silences
   * everything else a command writes there ({@link Verbosity.QuietErr}).
   */
  static PrintWriter errors(CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    return err instanceof Verbosity.QuietErr quiet ? quiet.errors() : err;
  }

  /** Runs {@code command} with {@code args} and returns its exit code (for {@code System.exit}). */
  public static int run(Object command, String... args) {
    return commandLine(command).execute(args);
  }

  /**
   * Pairs of a library setting's name (as its builder method or message calls it) and the option that
   * feeds it, for {@link #naming}.
   */
  static Map<String, String> settings(String... settingOptionPairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < settingOptionPairs.length; i += 2) {
      map.put(settingOptionPairs[i], settingOptionPairs[i + 1]);
    }
    return map;
  }

  /**
   * A library message with the option that feeds the setting it names first: the setting replaced
   * when the message starts with it ({@code "--epochs must be at least 1, got 0"}), else the option
   * prefixed ({@code "--positive-class: ... has no 'covid' folder"}); a setting named in parentheses
   * elsewhere ({@code "(overwrite)"}) becomes its option too. The library checks each rule once
   * and names its own setting; the command line only says which of its options that was.
   */
  static String naming(String message, Map<String, String> optionOfSetting) {
    if (message == null) {
      return "invalid arguments";
    }
    String setting = null;
    int first = Integer.MAX_VALUE;
    for (String key : optionOfSetting.keySet()) {
      int at = message.indexOf(key);
      if (at >= 0 && at < first) {
        first = at;
        setting = key;
      }
    }
    if (setting == null) {
      return message;
    }
    String option = optionOfSetting.get(setting);
    String named = first == 0 ? option + message.substring(setting.length()) : option + ": " + message;
    for (Map.Entry<String, String> e : optionOfSetting.entrySet()) {
      named = named.replace("(" + e.getKey() + ")", "(" + e.getValue() + ")");   // "allow it (overwrite)"
    }
    return named;
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
