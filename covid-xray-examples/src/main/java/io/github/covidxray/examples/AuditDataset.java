package io.github.covidxray.examples;

import io.github.covidxray.data.PatientIds;
import io.github.covidxray.data.quality.AuditReport;
import io.github.covidxray.data.quality.DatasetAudit;
import io.github.covidxray.data.quality.LeakageCheck;
import io.github.covidxray.data.quality.NameLabelRule;
import io.github.covidxray.data.quality.PerceptualHash;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Audits a folder-per-class X-ray data set before training: per class the image count, stored size
 * range and channel layouts; exact duplicates and near-duplicates across the whole set; patients filed
 * under two labels; file names that contradict their folder; unreadable files. A thin command over
 * {@link DatasetAudit}.
 *
 * <pre>
 * AuditDataset --dataset dataset [--manifest FILE]... [--near-duplicate-distance N]
 *              [--name-rule RULE]... [--no-name-rules] [--strict]
 * </pre>
 *
 * <p>Exit codes: 0 when the audit ran (findings are printed; with {@code --strict} only when there
 * were none), 1 when the data set or a manifest could not be read, or with {@code --strict} when
 * there were findings, 2 for bad arguments.
 */
@Command(name = "AuditDataset", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Audits a data set laid out one folder per class (e.g. dataset/covid, dataset/normal) before"
            + " training: image counts, stored sizes and channel layouts per class; identical files and"
            + " near-duplicate images across the whole set; patients under two labels; file names that"
            + " contradict their folder (e.g. 'bacteria' inside normal/); unreadable files."},
    footer = {"",
        "Name rules: CLASS:WORD flags names containing WORD inside CLASS; !CLASS:WORD flags them in every"
            + " other class. Default: normal:bacteria normal:bacterial normal:virus normal:viral"
            + " normal:pneumonia normal:covid normal:sars normal:opacity !normal:normal.",
        "Exit codes: 0 audit done (with --strict: and nothing found), 1 data set unreadable"
            + " (or --strict and something found), 2 bad arguments.",
        "Research use only: an audit describes files; it does not make a data set fit for diagnosis."})
public final class AuditDataset implements Callable<Integer> {

  /** Exit code when the audit could not run, or found something under {@code --strict}. */
  static final int FAILURE = CommandLine.ExitCode.SOFTWARE;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--dataset", required = true, paramLabel = "DIR",
      description = "The data set folder, one sub-folder of images per class.")
  Path dataset;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "CSV giving each image's patient id (columns file/filename and patient_id/Patientid),"
          + " e.g. a builder's manifest.csv or Cohen's metadata.csv; repeatable. Default: the manifest.csv"
          + " files in DIR and its class folders, if any.")
  List<Path> manifests = new ArrayList<>();

  @Option(names = "--near-duplicate-distance", paramLabel = "N",
      defaultValue = "" + LeakageCheck.DEFAULT_NEAR_DUPLICATE_DISTANCE,
      description = "Largest crop-tolerant perceptual hash distance (of " + PerceptualHash.BITS + " bits)"
          + " reported as a near-duplicate; -1 turns it off (default: ${DEFAULT-VALUE}).")
  int nearDuplicateDistance;

  @Option(names = "--name-rule", paramLabel = "RULE",
      description = "A file-name rule (see below); repeatable; replaces the default rules.")
  List<String> nameRules = new ArrayList<>();

  @Option(names = "--no-name-rules", description = "Do not check file names against their folder.")
  boolean noNameRules;

  @Option(names = "--strict", description = "Exit with code 1 when the audit finds anything.")
  boolean strict;

  /**
   * Runs {@code covid-xray audit ARGS}; see {@link Cli} for exit codes.
   *
   * @param args the subcommand's arguments
   * @deprecated run {@code covid-xray audit} ({@link CovidXray}); this alias goes in the next release
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static void main(String[] args) {
    CovidXray.alias("AuditDataset", "audit", args);
  }

  /** The command line with this command's error handling: one {@code error: ...} line and exit code 1. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new AuditDataset());
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String message = ex.getMessage();
      commandLine.getErr().println("error: " + (message == null || message.isBlank() ? ex.toString() : message));
      commandLine.getErr().flush();
      return FAILURE;
    });
    return cmd;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(dataset)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dataset " + dataset + ": no such directory");
    }
    if (nearDuplicateDistance < -1 || nearDuplicateDistance > PerceptualHash.BITS) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--near-duplicate-distance must be -1 to "
          + PerceptualHash.BITS + ", got " + nearDuplicateDistance);
    }
    List<NameLabelRule> rules = NameLabelRule.defaults();
    if (noNameRules) {
      rules = List.of();
    } else if (!nameRules.isEmpty()) {
      rules = new ArrayList<>();
      for (String text : nameRules) {
        try {
          rules.add(NameLabelRule.parse(text));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--name-rule: " + e.getMessage());
        }
      }
    }
    for (Path manifest : manifests) {
      if (!Files.isRegularFile(manifest)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--manifest " + manifest + ": no such file");
      }
    }

    List<Path> manifestFiles = manifests.isEmpty() ? PatientIds.findManifests(dataset) : manifests;
    DatasetAudit.Builder audit = DatasetAudit.builder().directory(dataset)
        .nearDuplicateDistance(nearDuplicateDistance).nameRules(rules);
    if (!manifestFiles.isEmpty()) {
      PatientIds groups = PatientIds.read(manifestFiles);
      out.printf("[INFO] patient ids from %s (%d rows)%n", manifestFiles, groups.entries());
      audit.groups(groups);
    }
    out.printf("[INFO] auditing %s ...%n", dataset);
    out.flush();
    AuditReport report = audit.build().run();
    out.print(report.toText());
    out.flush();
    if (strict && report.hasFindings()) {
      PrintWriter err = Cli.errors(spec.commandLine());
      err.println("error: the audit found problems (see above) and --strict was given");
      err.flush();
      return FAILURE;
    }
    return CommandLine.ExitCode.OK;
  }
}
