package io.github.covidxray.examples;

import io.github.covidxray.SdkInfo;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The one {@code covid-xray} command: every tool of this project as a subcommand ({@code train},
 * {@code predict}, {@code audit}, {@code build-dataset}, {@code sample-kaggle}, {@code synthetic}, {@code explain},
 * {@code benchmark}), {@code --version} with the runtime, and {@code generate-completion} for a bash or
 * zsh completion script ({@code source <(covid-xray generate-completion)}). The old per-tool main
 * classes still run on their own.
 */
@Command(name = "covid-xray", mixinStandardHelpOptions = true, versionProvider = CovidXray.Version.class,
    description = {"Chest X-ray classifiers (COVID-19 vs normal) by transfer learning on VGG16.",
        "Run 'covid-xray COMMAND --help' for a command's options."},
    footer = {"", SdkInfo.RESEARCH_USE_NOTICE})
public final class CovidXray implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Runs the command line; see {@link Cli} for exit codes. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
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
    return Cli.configure(cmd);
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
