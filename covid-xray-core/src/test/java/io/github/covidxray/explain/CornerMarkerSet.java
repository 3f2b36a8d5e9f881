package io.github.covidxray.explain;

import io.github.covidxray.data.Batch;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticClass;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic set whose class is encoded only by a bright square in the top-right corner: every image
 * is a synthetic normal chest (its burned-in label sits top-left, in both classes); class 0
 * ({@code covid}) carries the marker, class 1 ({@code normal}) does not. A model that learns the task
 * can only have learnt the marker, so its Grad-CAM should sit there.
 */
final class CornerMarkerSet {

  static final int SIZE = 64;
  /** The marker: a white square of this side, this far from the top and right edges. */
  static final int MARKER = 12;
  static final int MARGIN = 2;
  static final List<String> CLASSES = List.of("covid", "normal");

  private CornerMarkerSet() {}

  /** {@code perClass} marked images, then {@code perClass} clean ones, RGB NHWC in [0, 1]. */
  static float[] images(int perClass, int firstIndex, long seed) {
    SyntheticXrays painter = new SyntheticXrays(SIZE, SIZE, seed);
    float[] out = new float[2 * perClass * SIZE * SIZE * 3];
    for (int i = 0; i < 2 * perClass; i++) {
      byte[] gray = painter.generate(SyntheticClass.NORMAL, firstIndex + i).pixels();
      boolean marked = i < perClass;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          float v = (gray[y * SIZE + x] & 0xFF) / 255f;
          if (marked && inMarker(y, x)) {
            v = 1f;
          }
          int base = ((i * SIZE + y) * SIZE + x) * 3;
          out[base] = v;
          out[base + 1] = v;
          out[base + 2] = v;
        }
      }
    }
    return out;
  }

  static boolean inMarker(int y, int x) {
    return y >= MARGIN && y < MARGIN + MARKER && x >= SIZE - MARGIN - MARKER && x < SIZE - MARGIN;
  }

  /** A 64×64 model on random He features, block 5 fine-tuned, trained on the set until it separates. */
  static VggTransferModel trainedModel(int perClass, int epochs) {
    VggTransferModel model = VggTransferModel.builder().inputSize(SIZE).classes(CLASSES)
        .weights(VggWeights.randomFeatures(1)).dropout(0)
        .fineTuning(io.github.covidxray.model.FineTuning.fromBlock(5)).seed(1).build();
    try {
      model.compile(AdamSettings.keras());
      float[] images = images(perClass, 0, 7);
      int count = 2 * perClass;
      int per = SIZE * SIZE * 3;
      SplittableRandom random = new SplittableRandom(3);
      int batchSize = 8;
      for (int epoch = 0; epoch < epochs; epoch++) {
        int[] order = random.ints(0, Integer.MAX_VALUE).limit(count).toArray();
        Integer[] idx = new Integer[count];
        for (int i = 0; i < count; i++) {
          idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Integer.compare(order[a], order[b]));
        for (int start = 0; start < count; start += batchSize) {
          int n = Math.min(batchSize, count - start);
          float[] x = new float[n * per];
          float[] labels = new float[n * 2];
          for (int j = 0; j < n; j++) {
            int i = idx[start + j];
            System.arraycopy(images, i * per, x, j * per, per);
            labels[j * 2 + (i < perClass ? 0 : 1)] = 1f;
          }
          model.trainStep(new Batch(x, labels, null, n, SIZE, SIZE, 2), 1e-4f);
        }
      }
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
