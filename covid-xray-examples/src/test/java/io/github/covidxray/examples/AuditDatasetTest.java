package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import io.github.covidxray.data.quality.NameLabelRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link AuditDataset} end to end on a small synthetic data set: output, manifests, exit codes. */
class AuditDatasetTest {

  @TempDir
  static Path root;

  private static Path dataset;

  /** What one run printed and returned. */
  private record Run(int exitCode, String out, String err) {
  }

  @BeforeAll
  static void writeDataset() throws IOException {
    dataset = root.resolve("dataset");
    Path a = picture(dataset.resolve("covid/a.png"), 1, 120, 100);
    picture(dataset.resolve("covid/b.png"), 2, 140, 90);
    picture(dataset.resolve("normal/IM-1.png"), 3, 100, 100);
    picture(dataset.resolve("normal/person7_virus_1.png"), 4, 80, 110);
    Files.copy(a, dataset.resolve("normal/a-again.png"));
  }

  @Test
  void printsThePerClassSummaryTheCopyAndTheSuspiciousName() {
    Run run = run("--dataset", dataset.toString());
    assertThat(run.exitCode).isZero();
    String nl = System.lineSeparator();
    assertThat(run.out).contains(
        "class covid: 2 image(s)" + nl + "  stored size (W x H): width 120 to 140 px, height 90 to 100 px" + nl
            + "  channel layouts: 8-bit gray 2" + nl,
        "class normal: 3 image(s)" + nl + "  stored size (W x H): width 80 to 120 px, height 100 to 110 px" + nl,
        "exact duplicates (identical file bytes): 1 pair(s)" + nl
            + "  covid/a.png [covid]  =  normal/a-again.png [normal]" + nl,
        "file names that contradict their folder's label: 1",
        "  normal/person7_virus_1.png  ('virus' in normal)" + nl);
    assertThat(run.out).doesNotContain("[INFO] patient ids");
    assertThat(run.out.strip()).endsWith("nothing here diagnoses anyone.");
  }

  @Test
  void strictTurnsFindingsIntoExitCodeOne() {
    Run findings = run("--dataset", dataset.toString(), "--strict");
    assertThat(findings.exitCode).isEqualTo(1);
    assertThat(findings.err).contains("error: the audit found problems");
    Path clean = root.resolve("clean");
    picture(clean.resolve("x/one.png"), 5, 60, 60);
    picture(clean.resolve("y/two.png"), 6, 60, 60);
    assertThat(run("--dataset", clean.toString(), "--strict").exitCode).isZero();
  }

  @Test
  void readsManifestsNextToTheImagesOrGivenExplicitly() throws IOException {
    Path withManifest = root.resolve("with-manifest");
    picture(withManifest.resolve("covid/day0.png"), 7, 90, 90);
    picture(withManifest.resolve("covid/day4.png"), 8, 90, 90);
    picture(withManifest.resolve("normal/n.png"), 9, 90, 90);
    Files.writeString(withManifest.resolve("covid/manifest.csv"),
        "file,patient_id,view\r\nday0.png,15,PA\r\nday4.png,15,PA\r\n");
    Run found = run("--dataset", withManifest.toString());
    assertThat(found.exitCode).isZero();
    assertThat(found.out).contains("[INFO] patient ids from [" + withManifest.resolve("covid/manifest.csv") + "] (2 rows)",
        "  patients (group ids): 1, images without one: 0");

    // Cohen's metadata layout: capital P, quoted commas, a stray space, CRLF, the patient under two labels
    Path cohen = Files.writeString(root.resolve("metadata.csv"),
        "\uFEFFPatientid,offset,finding,location,filename, url,\r\n"
            + "15,0,COVID-19,\"Wuhan, China\",day0.png,x,\r\n"
            + "15,4,COVID-19,\"Wuhan, China\",n.png,x,\r\n");
    Run explicit = run("--dataset", withManifest.toString(), "--manifest", cohen.toString());
    assertThat(explicit.exitCode).isZero();
    assertThat(explicit.out).contains("patients with images in more than one class: 1 pair(s)",
        "  patient 15: covid/day0.png [covid]  /  normal/n.png [normal]");
  }

  @Test
  void nameRulesCanBeReplacedOrTurnedOff() {
    Run custom = run("--dataset", dataset.toString(), "--name-rule", "covid:a", "--name-rule", "!covid:im");
    assertThat(custom.out).contains("file names that contradict their folder's label: 2 (rules: covid:a, !covid:im)",
        "  covid/a.png  ('a' in covid)", "  normal/IM-1.png  ('im' in normal, not covid)");
    Run off = run("--dataset", dataset.toString(), "--no-name-rules");
    assertThat(off.out).contains("file names that contradict their folder's label: none (rules: none)");
  }

  @Test
  void badArgumentsExitTwoAndBadDataExitsOne() throws IOException {
    assertThat(run("--dataset", root.resolve("missing").toString()).err).contains("no such directory");
    assertThat(run("--dataset", root.resolve("missing").toString()).exitCode).isEqualTo(2);
    assertThat(run().exitCode).isEqualTo(2);
    assertThat(run("--dataset", dataset.toString(), "--near-duplicate-distance", "300").exitCode).isEqualTo(2);
    Run badRule = run("--dataset", dataset.toString(), "--name-rule", "nonsense");
    assertThat(badRule.exitCode).isEqualTo(2);
    assertThat(badRule.err).contains("--name-rule: a name rule is CLASS:TOKEN");
    assertThat(run("--dataset", dataset.toString(), "--manifest", "nope.csv").exitCode).isEqualTo(2);

    Path oneClass = root.resolve("one-class");
    picture(oneClass.resolve("only/x.png"), 10, 50, 50);
    Run broken = run("--dataset", oneClass.toString());
    assertThat(broken.exitCode).isEqualTo(1);
    assertThat(broken.err).startsWith("error: ").contains("only one class folder");
    Path badManifest = Files.writeString(root.resolve("bad.csv"), "name,patient\r\nx.png,1\r\n");
    Run noColumn = run("--dataset", dataset.toString(), "--manifest", badManifest.toString());
    assertThat(noColumn.exitCode).isEqualTo(1);
    assertThat(noColumn.err).contains("bad.csv has no file column");
  }

  @Test
  void helpListsTheOptionsTheDefaultRulesAndTheExitCodes() {
    Run help = run("--help");
    assertThat(help.exitCode).isZero();
    assertThat(help.out).contains("--dataset=DIR", "--manifest=FILE", "--near-duplicate-distance=N", "default: 44",
        "--name-rule=RULE", "--strict", "Exit codes:", "Research use only");
    String flat = help.out.replaceAll("\\s+", " ");
    for (NameLabelRule rule : NameLabelRule.defaults()) {
      assertThat(flat.replace(": ", ":")).as("help lists %s", rule).contains(rule.toString());
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = AuditDataset.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A gray PNG of blurred random discs, different for every seed. */
  private static Path picture(Path file, long seed, int width, int height) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Random random = new Random(seed);
    try (Mat mat = new Mat(height, width, CV_8UC1, new Scalar(random.nextInt(60)))) {
      for (int k = 0; k < 10; k++) {
        try (Point centre = new Point(random.nextInt(width), random.nextInt(height));
            Scalar colour = new Scalar(random.nextInt(256))) {
          circle(mat, centre, 5 + random.nextInt(width / 3), colour, FILLED, 8, 0);
        }
      }
      try (Size kernel = new Size(0, 0)) {
        GaussianBlur(mat, mat, kernel, 3);
      }
      assertThat(imwrite(file.toString(), mat)).isTrue();
    }
    return file;
  }
}
