package io.github.covidxray.train;

import io.github.covidxray.data.Augmentation;
import io.github.covidxray.model.InputScaling;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import org.junit.jupiter.api.Test;

class ScratchFeaturesTest {
  @Test
  void configs() {
    var train = SyntheticSets.discVersusBackground(16, 32, 1);
    var val = SyntheticSets.discVersusBackground(5, 32, 2);
    Object[][] cfgs = {
      {6, 0.0, 1e-3, InputScaling.CAFFE}, {6, 0.5, 1e-2, InputScaling.CAFFE},
      {5, 0.5, 1e-3, InputScaling.CAFFE}, {5, 0.5, 1e-3, InputScaling.UNIT}, {1, 0.5, 1e-3, InputScaling.CAFFE},
    };
    for (Object[] c : cfgs) {
      long t = System.nanoTime();
      try (VggTransferModel m = VggTransferModel.builder().inputSize(32).weights(VggWeights.none())
          .classes(SyntheticSets.CLASSES).headUnits(64).dropout((double) c[1]).trainableFrom((int) c[0])
          .inputScaling((InputScaling) c[3]).seed(3).build()) {
        var h = Trainer.builder().epochs(8).learningRate((double) c[2]).augmentation(Augmentation.none()).build()
            .fit(m, train, val);
        StringBuilder sb = new StringBuilder();
        h.epochs().forEach(r -> sb.append(String.format(" %.2f/%.2f", r.valLoss(), r.valAccuracy())));
        System.out.printf("CFG from=%s drop=%s lr=%s %s: %s (%.1fs)%n", c[0], c[1], c[2], c[3], sb,
            (System.nanoTime() - t) / 1e9);
      }
    }
  }
}
