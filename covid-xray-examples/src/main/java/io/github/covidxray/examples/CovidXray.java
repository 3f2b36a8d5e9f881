package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The one {@code covid-xray} command: every tool of this project as a subcommand ({@code train},
 * {@code predict}, {@code audit}, {@code build-dataset}, {@code sample-kaggle}, {@code synthetic}, {@code explain},
 * {@code benchmark}), {@code --version} with the runtime, and {@code generate-completion} for a bash or
 * zsh completion script ({@code source <(covid-xray generate-completion)}). {@code --verbose} and
 * {@code --quiet} (before or after the subcommand) choose how much goes to standard error besides the
 * errors, see {@link Verbosity}. The old per-tool main classes ({@code TrainCovid19} ...) are deprecated
 * aliases of these subcommands for one release.
 *
 * <p>{@code mvn package} makes the distribution {@code covid-xray-examples/target/covid-xray}: the
 * launcher {@code bin/covid-xray} (which also keeps TensorFlow's native INFO lines off standard error)
 * and the jars in {@code lib/}.
 */
@Command(name = "covid-xray", mixinStandardHelpOptions = true, versionProvider = CovidXray.Version.class,
    description = {"Chest X-ray classifiers (COVID-19 vs normal) by transfer learning on VGG16.",
        "Run 'covid-xray COMMAND --help' for a command's options."},
    footer = {"", SdkInfo.RESEARCH_USE_NOTICE})
public final class CovidXray implements Callable<Integer> {

  @Spec CommandSpec spec;

  // Declared here (and inherited by every subcommand) for parsing and --help; what they do is read from
  // the raw arguments before parsing (Verbosity.of, for the logging) and from the parse result (execute).
  @Option(names = Verbosity.VERBOSE_OPTION, scope = ScopeType.INHERIT,
      description = "Also log INFO lines on stderr: this SDK's, third-party libraries' and (through the"
          + " bin/covid-xray launcher) TensorFlow's native start-up lines.")
  boolean verbose;

  @Option(names = Verbosity.QUIET_OPTION, scope = ScopeType.INHERIT,
      description = "Print the results and the errors only: no warnings, progress or notes on stderr.")
  boolean quiet;

  /** Runs the command line; see {@link Cli} for exit codes. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Sets the logging that {@code args} ask for (before anything logs), then runs them. */
  static int run(String... args) {
    Verbosity.of(args).configureLogging();
    return commandLine().execute(args);
  }

  /**
   * What a deprecated per-tool main class does: runs {@code covid-xray SUBCOMMAND ARGS} and exits with
   * its code, after a one-line notice on stderr (none under {@code --quiet}).
   *
   * @param tool the old main class's name, for the notice
   * @param subcommand the subcommand it became
   * @param args the arguments given to the old main class
   */
  static void alias(String tool, String subcommand, String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = subcommand;
    System.arraycopy(args, 0, all, 1, args.length);
    if (Verbosity.of(all) != Verbosity.QUIET) {
      System.err.println("warning: " + tool + " is deprecated and will be removed in the next release;"
          + " run 'covid-xray " + subcommand + "' (io.github.covidxray.examples.CovidXray " + subcommand + ")");
      System.err.flush();
    }
    System.exit(run(all));
  }

  /** The command with its subcommands and the shared error handling. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new CovidXray());
    cmd.addSubcommand(named("train", new TrainCovid19()));
    cmd.addSubcommand(named("predict", new PredictXray()));
    cmd.addSubcommand(named("audit", new AuditDataset()));
    cmd.addSubcommand(named("build-dataset", new BuildCovidDataset()));
    cmd.addSubcommand(named("sample-kaggle", new SampleKaggleDataset()));
    cmd.addSubcommand(named("synthetic", new GenerateSyntheticDataset()));
    cmd.addSubcommand(named("explain", new ExplainXray()));
    cmd.addSubcommand(named("benchmark", new BenchmarkXray()));
    cmd.addSubcommand(named("benchmark-data", new BenchmarkData()));
    cmd.addSubcommand(named("generate-completion", new AutoComplete.GenerateCompletion()));
    cmd.setExecutionStrategy(CovidXray::execute);
    return Cli.configure(cmd);
  }

  /**
   * Runs the command that was asked for, with {@code --quiet}'s standard error ({@link Verbosity.QuietErr})
   * when it was given; {@code --verbose} with {@code --quiet} is a usage error. The logging itself was
   * set before parsing, by {@link #run}.
   */
  private static int execute(ParseResult parsed) {
    boolean verbose = false;
    boolean quiet = false;
    CommandLine last = parsed.commandSpec().commandLine();
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      verbose |= p.hasMatchedOption(Verbosity.VERBOSE_OPTION);
      quiet |= p.hasMatchedOption(Verbosity.QUIET_OPTION);
      last = p.commandSpec().commandLine();
    }
    if (verbose && quiet) {
      throw new CommandLine.ParameterException(last,
          Verbosity.VERBOSE_OPTION + " and " + Verbosity.QUIET_OPTION + " cannot be used together");
    }
    if (quiet && !(last.getErr() instanceof Verbosity.QuietErr)) {
      last.setErr(new Verbosity.QuietErr(last.getErr()));
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** A tool under its subcommand name, so that its usage and errors say {@code covid-xray NAME}. */
  private static CommandLine named(String name, Object tool) {
    CommandLine sub = new CommandLine(tool);
    sub.getCommandSpec().name(name);
    return sub;
  }

  /** Without a subcommand: the list of them. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CommandLine.ExitCode.USAGE;
  }

  /** {@code --version}: the SDK, TensorFlow, OpenCV, the native platform and the CPU's bfloat16 support. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return SdkInfo.runtime().split(System.lineSeparator());
    }
  }
}
