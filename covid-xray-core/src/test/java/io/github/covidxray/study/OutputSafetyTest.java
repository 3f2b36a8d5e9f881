package io.github.covidxray.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.covidxray.internal.FileHash;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.model.WeightsFileException;
import io.github.covidxray.plot.TrainingPlot;
import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXrays;
import io.github.covidxray.train.EpochRecord;
import io.github.covidxray.train.StepProgress;
import io.github.covidxray.train.Trainer;
import io.github.covidxray.train.TrainingCancellation;
import io.github.covidxray.train.TrainingContext;
import io.github.covidxray.train.TrainingHistory;
import io.github.covidxray.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways a user could lose work to a study's outputs (issue cases 1, 2, 3 and 7, a bad weights file,
 * and an interrupted run): each is refused in {@code build()}, before any image is read, with the
 * user's own path in the message, and no file the study did not write is changed or deleted.
 */
class OutputSafetyTest {

  @TempDir Path root;

  private Path dataset;
  private SyntheticDataset data;
  private final StringBuilder text = new StringBuilder();

  @BeforeEach
  void writeDataset() throws IOException {
    data = new SyntheticXrays(48, 48, 3).writeDataset(root.resolve("dataset"), 4, false);
    dataset = data.directory();
  }

  private TransferStudy.Builder small() {
    return TransferStudy.builder().dataset(dataset).imageSize(32).weights(VggWeights.none())
        .trainer(Trainer.builder().epochs(1).batchSize(4).build()).listener(new StudyConsole(text));
  }

  /** SHA-256 of every file under the temporary root, by relative path. */
  private Map<String, String> hashes() throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        hashes.put(root.relativize(f).toString(), FileHash.of(f, "SHA-256"));
      }
    }
    return hashes;
  }

  private void assertRefusedBeforeLoading(TransferStudy.Builder study, Path named, String reason) throws IOException {
    Map<String, String> before = hashes();
    assertThatThrownBy(study::build).hasMessageContaining(named.toString()).hasMessageContaining(reason);
    assertThat(text).as("nothing was loaded").isEmpty();
    assertThat(hashes()).as("every pre-existing file, byte for byte").isEqualTo(before);
  }

  @Test
  void aUsersFileAtThePlotPathIsNotOverwrittenUnlessAllowed() throws IOException {
    Path docx = Files.writeString(root.resolve("important.docx"), "my thesis");
    assertRefusedBeforeLoading(small().plot(docx), docx, "is not a plot this tool wrote");
    assertThat(small().plot(docx).overwrite(true).build()).isNotNull();

    Path ownPlot = root.resolve("plot.png");
    TrainingPlot.defaults().writePng(TrainingHistory.of(List.of(
        new EpochRecord(1, 0.7, 0.5, 0.6, 0.5, 1e-3, Duration.ofSeconds(1)))), ownPlot);
    assertThat(TrainingPlot.isOwnPlot(ownPlot)).isTrue();
    assertThat(TrainingPlot.isOwnPlot(docx)).isFalse();
    assertThat(small().plot(ownPlot).build()).as("its own plot may be replaced").isNotNull();
  }

  @Test
  void aPlotOnAnXrayOfTheDataSetIsRefused() throws IOException {
    Path xray = data.covid().get(0);
    assertRefusedBeforeLoading(small().plot(xray).overwrite(true), xray, "inside the data set");
  }

  @Test
  void thePlotAndTheModelOnOnePathAreRefused() throws IOException {
    Path same = root.resolve("out");
    assertRefusedBeforeLoading(small().plot(same).saveModel(same), same, "same path");
  }

  @Test
  void anOutputThatCannotBeWrittenIsRefusedNamingTheUsersPath() throws IOException {
    Path file = Files.writeString(root.resolve("a-file"), "x");
    Path underFile = file.resolve("plot.png");
    assertRefusedBeforeLoading(small().plot(underFile), underFile, "is not a directory");
    Path modelUnderFile = file.resolve("deeper/covid19.model");
    assertRefusedBeforeLoading(small().saveModel(modelUnderFile), modelUnderFile, "is not a directory");

    Path proc = Path.of("/proc/covid-xray-plot.png");
    assumeThat(Files.isDirectory(proc.getParent())).as("/proc (Linux) refuses new files, even to root").isTrue();
    assertThatThrownBy(() -> small().plot(proc).build()).hasMessageContaining(proc.toString())
        .hasMessageContaining("cannot write in /proc");
    assertThat(text).isEmpty();
  }

  @Test
  void aModelInsideTheDataSetIsRefused() throws IOException {
    Path model = dataset.resolve("covid19.model");
    assertRefusedBeforeLoading(small().saveModel(model), model, "inside the data set");
    assertThat(model).doesNotExist();
  }

  @Test
  void aWeightsFileThatDoesNotFitIsFoundBeforeAnyImageIsRead() throws IOException {
    Path notHdf5 = Files.writeString(root.resolve("weights.h5"), "not an HDF5 file");
    Map<String, String> before = hashes();
    assertThatThrownBy(() -> small().weights(VggWeights.file(notHdf5)).build())
        .isInstanceOf(WeightsFileException.class).hasMessageContaining(notHdf5.toString());
    assertThat(text).isEmpty();
    assertThat(hashes()).isEqualTo(before);
  }

  @Test
  void aCancelledRunStopsAfterTheStepAndSavesNothing() throws IOException {
    Path model = root.resolve("never.model");
    Path plot = root.resolve("never.png");
    TrainingCancellation cancellation = new TrainingCancellation();
    int[] steps = new int[1];
    TrainingListener cancelAfterFirstStep = new TrainingListener() {
      @Override
      public void onStepEnd(TrainingContext context, StepProgress progress) {
        steps[0]++;
        cancellation.cancel("interrupted by a test");
      }
    };
    Trainer trainer = Trainer.builder().epochs(3).batchSize(2).listener(cancelAfterFirstStep)
        .listener(cancellation).build();
    TransferStudy study = small().trainer(trainer).saveModel(model).plot(plot).build();
    Map<String, String> before = hashes();

    assertThatThrownBy(study::run).isInstanceOf(CancellationException.class)
        .hasMessage("interrupted by a test: training stopped after epoch 1, step 1/3");
    assertThat(steps[0]).isEqualTo(1);
    assertThat(model).doesNotExist();
    assertThat(plot).doesNotExist();
    assertThat(hashes()).isEqualTo(before);
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("dataset");
    }
  }
}
