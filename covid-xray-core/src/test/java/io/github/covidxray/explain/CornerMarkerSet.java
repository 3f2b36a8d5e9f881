package io.github.covidxray.explain;

import io.github.covidxray.data.Batch;
import io.github.covidxray.model.AdamSettings;
import io.github.covidxray.model.FineTuning;
import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticClass;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic set whose class is encoded only by a bright square in the top-right corner: every image
 * is a synthetic normal chest (its burned-in label sits top-left, in both classes); class 0
 * ({@code covid}) carries the marker, class 1 ({@code normal}) does not. A model that learns the task
 * can only have learnt the marker, so its Grad-CAM should sit there.
 *
 * @param size side of the square images and of the model's input
 * @param marker side of the white square
 * @param margin its distance from the top and right edges
 */
record CornerMarkerSet(int size, int marker, int margin) {

  /**
   * 128×128, a 24-pixel marker 4 pixels from the edges: block5_conv3 is an 8×8 grid of 16-pixel cells
   * and the head's 4×4 pool reads all of block5_pool's 4×4, so the marker lies where the head reads;
   * why not 64×64 is in {@link GradCamTest}.
   */
  static final CornerMarkerSet BLOCK5 = new CornerMarkerSet(128, 24, 4);

  static final List<String> CLASSES = List.of("covid", "normal");

  /** {@code perClass} marked images, then {@code perClass} clean ones, RGB NHWC in [0, 1]. */
  float[] images(int perClass, int firstIndex, long seed) {
    SyntheticXrays painter = new SyntheticXrays(size, size, seed);
    float[] out = new float[2 * perClass * size * size * 3];
    for (int i = 0; i < 2 * perClass; i++) {
      byte[] gray = painter.generate(SyntheticClass.NORMAL, firstIndex + i).pixels();
      boolean marked = i < perClass;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          float v = (gray[y * size + x] & 0xFF) / 255f;
          if (marked && inMarker(y, x)) {
            v = 1f;
          }
          int base = ((i * size + y) * size + x) * 3;
          out[base] = v;
          out[base + 1] = v;
          out[base + 2] = v;
        }
      }
    }
    return out;
  }

  /** First row of the marker. */
  int top() {
    return margin;
  }

  /** First column of the marker. */
  int left() {
    return size - margin - marker;
  }

  boolean inMarker(int y, int x) {
    return y >= top() && y < top() + marker && x >= left() && x < left() + marker;
  }

  /**
   * A model on random He features (seed 1), block 5 fine-tuned, no dropout, trained with Adam at 1e-4
   * in batches of 8 for {@code epochs} passes over {@code perClass} images of each class.
   */
  VggTransferModel trainedModel(int perClass, int epochs) {
    VggTransferModel model = VggTransferModel.builder().inputSize(size).classes(CLASSES)
        .weights(VggWeights.randomFeatures(1)).dropout(0).fineTuning(FineTuning.fromBlock(5)).seed(1)
        .build();
    try {
      model.compile(AdamSettings.keras());
      float[] images = images(perClass, 0, 7);
      int count = 2 * perClass;
      int per = size * size * 3;
      SplittableRandom random = new SplittableRandom(3);
      int batchSize = 8;
      for (int epoch = 0; epoch < epochs; epoch++) {
        int[] order = random.ints(0, Integer.MAX_VALUE).limit(count).toArray();
        Integer[] idx = new Integer[count];
        for (int i = 0; i < count; i++) {
          idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(order[a], order[b]));
        for (int start = 0; start < count; start += batchSize) {
          int n = Math.min(batchSize, count - start);
          float[] x = new float[n * per];
          float[] labels = new float[n * 2];
          for (int j = 0; j < n; j++) {
            int i = idx[start + j];
            System.arraycopy(images, i * per, x, j * per, per);
            labels[j * 2 + (i < perClass ? 0 : 1)] = 1f;
          }
          model.trainStep(new Batch(x, labels, null, n, size, size, 2), 1e-4f);
        }
      }
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
