package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link VggTransferModel#gradCam}: checked against Grad-CAM computed independently in Java from the
 * model's weights, and the head's coverage of the block-5 grid.
 */
class GradCamGraphTest {

  private static final String LAST_CONV = "block5_conv3";

  /**
   * At 64×64 the head is maxpool(2) → avgpool(2×2) → flatten → dense(relu) → dense, so the logit's
   * gradient with respect to a block5_pool cell is {@code (1/p²) Σ_j W2[j,c]·[h_j > 0]·W1[k, j]} and
   * the 2×2 max-pool routes it to one position of its window. Grad-CAM's α_k, the mean over the 4×4
   * grid, only needs the sum over each window, so it does not depend on how ties are routed. The
   * activations come from a pure-Java forward pass ({@link VggReference}).
   */
  @Test
  void mapsMatchAnIndependentComputationFromTheHeadsWeights() {
    try (VggTransferModel model = TestData.small().inputSize(64).dropout(0).build()) {
      WeightSnapshot weights = TestData.heUniform(model.snapshot(), 5, 0.2);
      model.restore(weights);
      int count = 2;
      float[] images = TestData.images(count, 64, 3);
      int[] classes = {0, 1};
      float[][][] maps = model.gradCam(images, count, LAST_CONV, classes, ClassScore.LOGIT);
      for (int i = 0; i < count; i++) {
        double[][] expected = referenceMap(weights, model.config(), images, i, classes[i]);
        assertThat(maps[i].length).isEqualTo(4);
        double max = 0;
        for (double[] row : expected) {
          for (double v : row) {
            max = Math.max(max, v);
          }
        }
        assertThat(max).isPositive();
        float tfMax = 0;
        for (float[] row : maps[i]) {
          for (float v : row) {
            tfMax = Math.max(tfMax, v);
          }
        }
        for (int y = 0; y < 4; y++) {
          for (int x = 0; x < 4; x++) {
            assertThat((double) maps[i][y][x] / tfMax).as("image %d cell (%d, %d)", i, y, x)
                .isCloseTo(expected[y][x] / max, org.assertj.core.data.Offset.offset(1e-4));
          }
        }
      }
    }
  }

  @Test
  void atTheTutorialsSizeTheGradientIsZeroOutsideTheTopLeft8x8() {
    try (VggTransferModel model = VggTransferModel.builder().inputSize(224)
        .weights(VggWeights.randomFeatures(3)).classes(TestData.CLASSES).seed(3).build()) {
      assertThat(model.config().headCoveredSize()).isEqualTo(4);
      float[] gradients = model.scoreGradients(TestData.images(1, 224, 9), 1, LAST_CONV, new int[] {0},
          ClassScore.LOGIT);
      assertThat(gradients).hasSize(14 * 14 * 512);
      int nonZeroInside = 0;
      for (int y = 0; y < 14; y++) {
        for (int x = 0; x < 14; x++) {
          for (int k = 0; k < 512; k++) {
            float g = gradients[(y * 14 + x) * 512 + k];
            if (y >= 8 || x >= 8) {
              assertThat(g).as("gradient at (%d, %d, %d)", y, x, k).isZero();
            } else if (g != 0) {
              nonZeroInside++;
            }
          }
        }
      }
      // One max per 2×2 window and channel at most: the 16 block5_pool cells × 512 channels.
      assertThat(nonZeroInside).isPositive().isLessThanOrEqualTo(16 * 512);
      assertThat(model.summary())
          .contains("block5_conv3 (Conv2D)", "(None, 14, 14, 512)", "2,359,808", "dense_1 (Dense)")
          .contains("Total params: 14,747,650", "Trainable params: 32,962", "Non-trainable params: 14,714,688")
          .contains("reads its top-left 4x4 cells (16 of 49)", "outside its top-left 8x8");
    }
  }

  @Test
  void anUnknownLayerIsRefusedListingTheConvolutionLayers() {
    try (VggTransferModel model = TestData.small().build()) {
      assertThatThrownBy(() -> model.gradCam(TestData.images(1, 32, 1), 1, "dense", new int[] {0},
          ClassScore.LOGIT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'dense'").hasMessageContaining("block1_conv1")
          .hasMessageContaining("block5_conv3");
      assertThatThrownBy(() -> model.gradCam(TestData.images(1, 32, 1), 1, LAST_CONV, new int[] {2},
          ClassScore.LOGIT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classIndices[0] = 2");
      assertThat(model.convolutionLayerNames()).hasSize(13).startsWith("block1_conv1").endsWith(LAST_CONV);
    }
  }

  @Test
  void earlierLayersGiveMapsOnTheirOwnGrid() {
    try (VggTransferModel model = TestData.small().build()) {
      float[][][] maps = model.gradCam(TestData.images(1, 32, 1), 1, "block4_conv1", new int[] {1},
          ClassScore.PROBABILITY);
      assertThat(maps[0]).hasDimensions(4, 4);
      for (float[] row : maps[0]) {
        for (float v : row) {
          assertThat(v).isNotNaN().isGreaterThanOrEqualTo(0f);
        }
      }
    }
  }

  /** Grad-CAM of one image at 64×64 from the weights alone; rows × columns of block5_conv3. */
  private static double[][] referenceMap(WeightSnapshot w, ModelConfig config, float[] images, int index,
      int cls) {
    int size = config.inputSize();
    int pixels = size * size * 3;
    double[] x = new double[pixels];
    for (int i = 0; i < pixels; i++) {
      x[i] = images[index * pixels + i];
    }
    int h = size;
    int c = 3;
    for (String name : VggReference.convolutionNames()) {
      LayerWeights lw = w.layer(name);
      x = VggReference.conv3x3SameRelu(x, h, h, c, lw);
      c = lw.kernelShape()[3];
      if (name.equals(LAST_CONV)) {
        break;
      }
      if (name.endsWith("conv2") && !name.startsWith("block3") && !name.startsWith("block4")
          && !name.startsWith("block5") || name.endsWith("conv3")) {
        x = VggReference.maxPool2(x, h, h, c);
        h /= 2;
      }
    }
    double[] a = x; // block5_conv3, h × h × 512
    int grid = h / 2;
    double[] pooled = VggReference.avgPoolValid(VggReference.maxPool2(a, h, h, c), grid, grid, c, grid);
    LayerWeights dense = w.layer("dense");
    LayerWeights out = w.layer("dense_1");
    double[] hidden = new double[dense.kernelShape()[1]];
    for (int j = 0; j < hidden.length; j++) {
      hidden[j] = dense.bias()[j];
      for (int k = 0; k < c; k++) {
        hidden[j] += pooled[k] * dense.kernelAt(k, j);
      }
    }
    double[] alpha = new double[c];
    for (int k = 0; k < c; k++) {
      double dPooled = 0;
      for (int j = 0; j < hidden.length; j++) {
        if (hidden[j] > 0) {
          dPooled += out.kernelAt(j, cls) * dense.kernelAt(k, j);
        }
      }
      // Each of the grid² pool cells gets dPooled / grid², routed to one position of its window;
      // α_k is the sum over the h × h positions divided by h².
      alpha[k] = dPooled / (double) (h * h);
    }
    double[][] map = new double[h][h];
    for (int y = 0; y < h; y++) {
      for (int xx = 0; xx < h; xx++) {
        double s = 0;
        for (int k = 0; k < c; k++) {
          s += alpha[k] * a[(y * h + xx) * c + k];
        }
        map[y][xx] = Math.max(0, s);
      }
    }
    return map;
  }
}
