package io.github.covidxray.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** A command run in-process, as {@code main} would run it, with its exit code and output captured. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(Object command, String... args) {
    return of(Cli.commandLine(command), args);
  }

  static CommandRun of(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new CommandRun(exit, out.toString(), err.toString());
  }
}
