package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code AuditDataset} on the tutorial's 50 real X-rays with Cohen's metadata as the manifest; skipped
 * unless {@code -Dcovidxray.data.dir} names the folder holding {@code xray/} and
 * {@code cohen-metadata.csv}. Expected values come from {@code xray/SOURCES.md} (sizes, channels, the
 * 18 Kaggle pneumonia files in {@code normal/}) and from looking at the images.
 */
class AuditDatasetRealDataTest {

  @Test
  void reportsTheMislabelledNormalsTheSameDayPairAndTheLayouts() throws IOException {
    String dir = System.getProperty("covidxray.data.dir");
    Path data = dir == null ? null : Path.of(dir);
    assumeTrue(data != null && Files.isDirectory(data.resolve("xray"))
            && Files.isRegularFile(data.resolve("cohen-metadata.csv")),
        "Real X-rays not found at " + data + ": this test needs xray/covid, xray/normal and cohen-metadata.csv; "
            + "run with -Dcovidxray.data.dir=/path/to/data (default ../shared/data) to enable it");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = AuditDataset.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute("--dataset", data.resolve("xray").toString(),
        "--manifest", data.resolve("cohen-metadata.csv").toString());
    String text = out.toString();
    String nl = System.lineSeparator();

    assertThat(code).as(err.toString()).isZero();
    assertThat(text).contains(
        "class covid: 25 image(s)" + nl
            + "  stored size (W x H): width 700 to 3342 px, height 630 to 4095 px" + nl
            + "  channel layouts: 8-bit RGB 24, 8-bit gray 1" + nl
            + "  patients (group ids): 12, images without one: 0" + nl,
        "class normal: 25 image(s)" + nl
            + "  stored size (W x H): width 760 to 2170 px, height 463 to 1953 px" + nl
            + "  channel layouts: 8-bit RGB 2, 8-bit gray 23" + nl,
        "exact duplicates (identical file bytes): none",
        "patients with images in more than one class: none",
        "file names that contradict their folder's label: 18 ");
    // the only near-duplicate: one patient's films of two consecutive days (Cohen patient 13)
    assertThat(text).containsPattern("near-duplicates \\(crop-tolerant perceptual hash distance <= 44 of 256\\): "
        + "1 pair\\(s\\)\\R +\\d+  covid/nejmoa2001191_f4.jpeg \\[covid\\]  ~  covid/nejmoa2001191_f5-PA.jpeg "
        + "\\[covid\\]  \\(same patient 13\\)\\R");

    List<String> pneumonia;
    try (Stream<Path> files = Files.list(data.resolve("xray/normal"))) {
      pneumonia = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("person")).sorted().toList();
    }
    assertThat(pneumonia).hasSize(18);
    for (String name : pneumonia) {
      String word = name.contains("_bacteria_") ? "bacteria" : "virus";
      assertThat(text).contains("  normal/" + name + "  ('" + word + "' in normal)" + nl);
    }
    assertThat(text).doesNotContain("  normal/IM-").doesNotContain("  normal/NORMAL2-").doesNotContain("  covid/radiopedia");
  }
}
