package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code TrainCovid19 --folds K}: cross-validation from the command line. */
class TrainCovid19FoldsTest {

  @Test
  void crossValidatesAndReportsEveryFoldAndThePooledFigures(@TempDir Path root) throws IOException {
    SyntheticDataset data = new SyntheticXrays(64, 64, 3).writeDataset(root.resolve("dataset"), 6, false);
    Path plot = root.resolve("plot.png");
    Path model = root.resolve("covid19.model");
    CommandRun run = CommandRun.of(new TrainCovid19(), "--dataset", data.directory().toString(),
        "--weights", "none", "--image-size", "32", "--epochs", "1", "--batch-size", "4", "--folds", "2",
        "--plot", plot.toString(), "--model", model.toString(), "--report", root.resolve("report").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsSubsequence(
        "[INFO] loading images...", "[INFO] cross-validating: 2 stratified folds",
        "Fold 1/2", "Epoch 1/1", "Fold 2/2", "Epoch 1/1",
        "[INFO] evaluating network (out-of-fold predictions)...",
        "(95% CI ", SdkInfo.RESEARCH_USE_NOTICE);
    // every one of the 12 images is predicted once, out of fold: the pooled matrix sums to 12
    Matcher cm = Pattern.compile("\\[\\[\\s*(\\d+)\\s+(\\d+)]\\s*\\n\\s*\\[\\s*(\\d+)\\s+(\\d+)]]")
        .matcher(run.out());
    assertThat(cm.find()).as(run.out()).isTrue();
    int total = 0;
    for (int g = 1; g <= 4; g++) {
      total += Integer.parseInt(cm.group(g));
    }
    assertThat(total).isEqualTo(12);
    assertThat(Files.exists(plot)).as("cross-validation writes no plot").isFalse();
    assertThat(Files.exists(model)).as("cross-validation saves no model").isFalse();

    // The report: the command as given, a row per fold, the pooled matrix (12 images) with intervals.
    String html = Files.readString(root.resolve("report/index.html"));
    assertThat(html).contains("<tr id=\"run-command\"><th>command</th><td class=\"text\">TrainCovid19 --dataset "
        + data.directory() + " --weights none --image-size 32 --epochs 1 --batch-size 4 --folds 2");
    assertThat(html).contains("<table id=\"folds\">", "<tr><th>1</th>", "<tr><th>2</th>",
        "<section id=\"pooled\">", "id=\"intervals\"", "(95% CI ", "id=\"leakage-summary\"",
        "id=\"split-by-patient\"", "one model per fold");
    Matcher cells = Pattern.compile("<table id=\"confusion-matrix\">.*?</table>", Pattern.DOTALL).matcher(html);
    assertThat(cells.find()).isTrue();
    Matcher td = Pattern.compile("<td>(\\d+)</td>").matcher(cells.group());
    int reported = 0;
    while (td.find()) {
      reported += Integer.parseInt(td.group(1));
    }
    assertThat(reported).as("the report's pooled confusion matrix").isEqualTo(12);
  }

  @Test
  void tooFewFoldsOrFoldsWithTheDemoAreUsageErrors(@TempDir Path root) throws IOException {
    SyntheticDataset data = new SyntheticXrays(64, 64, 3).writeDataset(root.resolve("dataset"), 4, false);
    CommandRun one = CommandRun.of(new TrainCovid19(), "--dataset", data.directory().toString(),
        "--weights", "none", "--folds", "1");
    assertThat(one.exitCode()).isEqualTo(2);
    assertThat(one.err()).contains("--folds must be at least 2");
    CommandRun demo = CommandRun.of(new TrainCovid19(), "--demo", "--folds", "3");
    assertThat(demo.exitCode()).isEqualTo(2);
    assertThat(demo.err()).contains("--folds cannot be combined with --demo");
  }
}
