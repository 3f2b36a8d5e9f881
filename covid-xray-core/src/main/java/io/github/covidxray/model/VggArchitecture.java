package io.github.covidxray.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of Keras's {@code VGG16(include_top=False)} and of the tutorial's head, with the names
 * Keras gives them.
 *
 * <p>The base's names are fixed by {@code keras.applications.vgg16}. The head's two dense layers get
 * tf.keras's automatic names: a layer without an explicit name is named after its class in snake case,
 * numbered from zero within the session ({@code backend.unique_object_name(..., zero_based=True)}),
 * so the tutorial's model, built in a fresh process, has {@code dense} and {@code dense_1} (standalone
 * Keras 2.2 and earlier counted from one: {@code dense_1}, {@code dense_2}; see
 * {@link VggWeights#file(java.nio.file.Path)} for how such files are mapped).
 */
final class VggArchitecture {

  /** Channels of the base's output (block 5). */
  static final int BASE_CHANNELS = 512;

  /**
   * The block number of the head's layers in {@link LayerSpec}, after the base's blocks; also what a
   * saved model's {@code trainable_from_block} says for head-only training.
   */
  static final int HEAD_BLOCK = FineTuning.BLOCKS + 1;

  /** How much the base shrinks the input: five 2×2 max-pools. */
  static final int BASE_STRIDE = 32;

  /** Keras's name of the head's hidden dense layer. */
  static final String HIDDEN_DENSE = "dense";

  /** Keras's name of the head's output (softmax) dense layer. */
  static final String OUTPUT_DENSE = "dense_1";

  /** Filters of each block's convolutions; block b has {@code FILTERS[b-1].length} layers. */
  private static final int[][] FILTERS = {
    {64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}
  };

  private VggArchitecture() {}

  /** The 13 convolution layers, {@code block1_conv1} … {@code block5_conv3}, in graph order. */
  static List<LayerSpec> baseLayers() {
    List<LayerSpec> layers = new ArrayList<>();
    int in = 3;
    for (int b = 0; b < FILTERS.length; b++) {
      for (int c = 0; c < FILTERS[b].length; c++) {
        int out = FILTERS[b][c];
        layers.add(new LayerSpec(convName(b + 1, c + 1), b + 1, new int[] {3, 3, in, out}));
        in = out;
      }
    }
    return List.copyOf(layers);
  }

  /** Every layer with weights for a configuration: the base's 13, then {@code dense}, {@code dense_1}. */
  static List<LayerSpec> layers(ModelConfig config) {
    List<LayerSpec> layers = new ArrayList<>(baseLayers());
    layers.add(new LayerSpec(HIDDEN_DENSE, HEAD_BLOCK,
        new int[] {config.headInputFeatures(), config.headUnits()}));
    layers.add(new LayerSpec(OUTPUT_DENSE, HEAD_BLOCK,
        new int[] {config.headUnits(), config.numClasses()}));
    return List.copyOf(layers);
  }

  /** Keras's name of convolution {@code conv} of block {@code block}, e.g. {@code block3_conv2}. */
  static String convName(int block, int conv) {
    return "block" + block + "_conv" + conv;
  }

  /** Keras's name of a block's max-pool, e.g. {@code block5_pool}. */
  static String poolName(int block) {
    return "block" + block + "_pool";
  }

  /** Number of convolution blocks. */
  static int blocks() {
    return FILTERS.length;
  }

  /** Number of convolutions in a block (1-based). */
  static int convolutionsIn(int block) {
    return FILTERS[block - 1].length;
  }
}
