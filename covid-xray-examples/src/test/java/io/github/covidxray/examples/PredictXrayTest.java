package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PredictXray}: failures before any image is read, and whole directories with broken files
 * mixed in, as CSV and JSON Lines (more classification is in the end-to-end test).
 */
class PredictXrayTest {

  @TempDir Path dir;

  /** A tiny saved model and a folder of 3 + 3 synthetic images, 2 broken files and a text file. */
  private Path archive() throws IOException {
    Path model = dir.resolve("m.model");
    try (VggTransferModel m = VggTransferModel.builder().inputSize(32).weights(VggWeights.none())
        .classes(List.of("covid", "normal")).build()) {
      m.save(model);
    }
    Path images = new SyntheticXrays(48, 48, 5).writeDataset(dir.resolve("archive"), 3, false).directory();
    Files.writeString(images.resolve("covid/broken.png"), "not a PNG");
    Files.write(images.resolve("normal/cut.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    Files.writeString(images.resolve("notes.txt"), "not an image");
    return model;
  }

  @Test
  void aDirectoryWithBrokenFilesGivesARowPerImageAsCsv() throws IOException {
    Path model = archive();
    Path csv = dir.resolve("out.csv");
    CommandRun run = CommandRun.of(new PredictXray(), "--model", model.toString(), "--format", "csv",
        "--output", csv.toString(), "--batch-size", "4", dir.resolve("archive").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Cli.FAILURE);
    assertThat(run.err()).contains("2 of 8 image(s) could not be classified").contains("broken.png");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("path,predicted_class,p_covid,p_normal,decision_rule,error");
    assertThat(lines).hasSize(9);
    List<String> ok = lines.subList(1, 9).stream().filter(l -> l.endsWith(",")).toList();
    assertThat(ok).hasSize(6).allMatch(l -> l.contains(",argmax,"));
    for (String line : ok) {
      String[] f = line.split(",", -1);
      assertThat(Double.parseDouble(f[2]) + Double.parseDouble(f[3])).isCloseTo(1.0, within(1e-5));
      assertThat(f[1]).isEqualTo(Double.parseDouble(f[2]) >= Double.parseDouble(f[3]) ? "covid" : "normal");
    }
    assertThat(lines).anyMatch(l -> l.contains("broken.png,,,,argmax,") && !l.endsWith(","));
    assertThat(lines).noneMatch(l -> l.contains("notes.txt"));

    CommandRun again = CommandRun.of(new PredictXray(), "--model", model.toString(), "--format", "csv",
        "--output", csv.toString(), dir.resolve("archive").toString());
    assertThat(again.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(again.err()).contains(csv.toString()).contains("--overwrite");
  }

  @Test
  void jsonLinesCarryEveryProbabilityAndTheError() throws IOException {
    Path model = archive();
    CommandRun run = CommandRun.of(new PredictXray(), "--model", model.toString(), "--format", "jsonl",
        dir.resolve("archive").toString());
    assertThat(run.exitCode()).isEqualTo(Cli.FAILURE);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      rows.add(json.readTree(line));
    }
    assertThat(rows).hasSize(8);
    assertThat(rows).filteredOn(r -> r.get("error").isNull()).hasSize(6)
        .allMatch(r -> Math.abs(r.at("/probabilities/covid").asDouble() + r.at("/probabilities/normal").asDouble() - 1)
            < 1e-5);
    assertThat(rows).filteredOn(r -> !r.get("error").isNull()).hasSize(2)
        .allMatch(r -> r.get("predicted_class").isNull() && r.get("error").asText().contains(r.get("path").asText()));
  }

  @Test
  void withoutImagesItIsAUsageError() {
    CommandRun run = CommandRun.of(new PredictXray(), "--model", dir.toString());
    assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(run.err()).contains("IMAGE");
  }

  @Test
  void aMissingModelFailsNamingIt() {
    Path missing = dir.resolve("no.model");
    CommandRun run = CommandRun.of(new PredictXray(), "--model", missing.toString(), "x.png");
    assertThat(run.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(run.err()).startsWith("error: ").contains(missing.toString()).contains("no such directory");
  }
}
