package consumer;

import io.github.covidxray.model.VggWeights;
import io.github.covidxray.study.StudyConsole;
import io.github.covidxray.study.StudyResult;
import io.github.covidxray.study.TransferStudy;
import io.github.covidxray.synthetic.SyntheticXrays;
import io.github.covidxray.train.ConsoleProgress;
import io.github.covidxray.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's quick start, as a user writes it, made small: 1 epoch at 32x32 on synthetic images. */
public final class QuickStart {
  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args[0]);
    Files.createDirectories(dataset.getParent());
    new SyntheticXrays(64, 64, 7L).writeDataset(dataset, 16, false);   // dataset/covid, dataset/normal

    StudyResult result = TransferStudy.builder()
        .dataset(dataset)
        .imageSize(32)
        .weights(VggWeights.none())
        .trainer(Trainer.builder().epochs(1).batchSize(8).listener(new ConsoleProgress(System.out)).build())
        .listener(new StudyConsole(System.out))
        .build()
        .run();
    result.evaluation().ifPresent(e -> System.out.print(e.summary()));
    if (result.evaluation().isEmpty() || result.history().isEmpty()) {
      throw new AssertionError("no evaluation or no history");
    }
    System.out.println("CONSUMER QUICK START OK");
  }
}
