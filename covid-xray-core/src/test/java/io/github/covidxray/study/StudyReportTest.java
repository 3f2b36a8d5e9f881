package io.github.covidxray.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.data.DatasetSplit;
import io.github.covidxray.data.ImageDataset;
import io.github.covidxray.metrics.ConfusionMatrix;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticXrays;
import io.github.covidxray.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StudyReport}: a small synthetic study's page, parsed with jsoup and checked against the result. */
class StudyReportTest {

  @TempDir static Path root;
  @TempDir Path dir;
  private static StudyResult result;
  private static ImageDataset test;
  private static Path model;

  @BeforeAll
  static void runStudy() throws IOException {
    Path data = new SyntheticXrays(48, 48, 11).writeDataset(root.resolve("dataset"), 10, false).directory();
    model = root.resolve("study.model");
    AtomicReference<ImageDataset> split = new AtomicReference<>();
    result = TransferStudy.builder().dataset(data).imageSize(32).weights(VggWeights.randomFeatures(2))
        .trainer(Trainer.builder().epochs(2).batchSize(4).build()).saveModel(model)
        .listener(new StudyListener() {
          @Override
          public void onSplit(DatasetSplit s, boolean byPatient, long seed) {
            split.set(s.test());
          }
        })
        .build().run();
    test = split.get();
  }

  @Test
  void thePageHoldsEverySectionWithTheResultsFiguresAndAGallery() throws IOException {
    Path page;
    try (VggTransferModel loaded = VggTransferModel.load(model)) {
      page = StudyReport.builder(result).model(loaded).testImages(test).perGroup(100).build()
          .write(dir.resolve("report"));
    }
    assertThat(page).isEqualTo(dir.resolve("report/index.html"));
    Document doc = Jsoup.parse(page.toFile(), "UTF-8");
    assertThat(doc.title()).isEqualTo("covid-xray study report");
    assertThat(doc.select(".notice")).hasSize(2)
        .allSatisfy(e -> assertThat(e.text()).isEqualTo(SdkInfo.RESEARCH_USE_NOTICE));
    for (String id : new String[] {"run", "data", "curves", "evaluation", "gallery", "attention"}) {
      assertThat(doc.getElementById(id)).as(id).isNotNull();
    }
    assertThat(doc.getElementById("run").text()).contains(result.sdkVersion(), result.tensorflowVersion());

    Element counts = doc.getElementById("class-counts");
    StudyResult.SplitSummary s = result.split().orElseThrow();
    assertThat(counts.select("tr").get(1).select("td").eachText())
        .containsExactly("10", "" + s.trainCounts()[0], "" + s.testCounts()[0]);

    Evaluation e = result.evaluation().orElseThrow();
    ConfusionMatrix m = e.confusionMatrix();
    var rows = doc.getElementById("confusion-matrix").select("tr");
    assertThat(rows.get(0).select("th").eachText()).containsExactly("true \\ predicted", "covid", "normal");
    for (int t = 0; t < 2; t++) {
      assertThat(rows.get(t + 1).select("td").eachText())
          .containsExactly("" + m.count(t, 0), "" + m.count(t, 1));
    }
    assertThat(doc.getElementById("intervals").text()).isEqualTo(Jsoup.parse("<pre>" + StudyReport.esc(
        e.intervals()) + "</pre>").selectFirst("pre").text());
    assertThat(doc.getElementById("classification-report").wholeText())
        .isEqualTo(e.classificationReport().toString());

    // Gallery: every test image once, in the group its truth and the model's prediction give.
    long tp = m.count(0, 0);
    long fn = m.count(0, 1);
    long fp = m.count(1, 0);
    long tn = m.count(1, 1);
    assertThat(doc.select("#gallery-tp figure")).hasSize((int) tp);
    assertThat(doc.select("#gallery-fn figure")).hasSize((int) fn);
    assertThat(doc.select("#gallery-fp figure")).hasSize((int) fp);
    assertThat(doc.select("#gallery-tn figure")).hasSize((int) tn);
    assertThat(doc.select("#gallery figure")).hasSize(test.size());
    assertThat(doc.select("#gallery-tp figcaption").eachText()).allSatisfy(c ->
        assertThat(c).contains("true covid, predicted covid"));
    assertThat(doc.getElementById("attention").text()).contains("possible shortcut",
        "of " + test.size());

    // Self-contained: every image inline, no script, nothing linked.
    assertThat(doc.select("img")).hasSize(1 + test.size())
        .allSatisfy(img -> assertThat(img.attr("src")).startsWith("data:image/png;base64,"));
    assertThat(doc.select("script, link, iframe")).isEmpty();
  }

  @Test
  void withoutTheModelThePageSaysThereIsNoGalleryAndAForeignDirectoryIsRefused() throws IOException {
    StudyReport report = StudyReport.builder(result).build();
    Document doc = Jsoup.parse(report.toHtml());
    assertThat(doc.getElementById("gallery").text()).contains("No gallery");
    assertThat(doc.select("figure")).isEmpty();

    Path taken = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(taken.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> report.write(taken)).isInstanceOf(IOException.class)
        .hasMessageContaining("notes.txt");
    assertThat(taken.resolve(StudyReport.FILE_NAME)).doesNotExist();
    report.write(dir.resolve("again"));
    report.write(dir.resolve("again")); // its own page is replaced
    assertThatThrownBy(() -> StudyReport.builder(result).testImages(test).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model(");
  }
}
