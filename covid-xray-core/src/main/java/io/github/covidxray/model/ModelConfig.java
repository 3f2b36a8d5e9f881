package io.github.covidxray.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines a {@link VggTransferModel}'s graph and initial state, as built; what a saved
 * model's metadata must record to rebuild it.
 *
 * <p>The head is Keras's {@code AveragePooling2D(pool) → Flatten → Dense(headUnits, relu) →
 * Dropout(dropout) → Dense(classes, softmax)} on the base's {@code s×s×512} output, where
 * {@code s = inputSize / 32}. The pool actually used is {@code min(headPoolSize, s)}: the tutorial's
 * 4×4 pool needs at least a 4×4 base output (input 128), and a smaller input would otherwise leave
 * nothing to pool (Keras would refuse to build it); with stride = pool and VALID padding the pooled map
 * is {@code floor(s / pool)} square, so 224 → 7×7 → 1×1×512 as in the tutorial, 32 → 1×1 → 1×1×512,
 * 256 → 8×8 → 2×2×512 (flattened in Keras's row, column, channel order).
 *
 * @param inputSize side of the square input images in pixels; at least 32 and a multiple of 32
 * @param classes class names in output order (index i of the probabilities is {@code classes.get(i)})
 * @param headUnits units of the head's hidden dense layer (tutorial: 64)
 * @param headPoolSize requested side of the head's average pool (tutorial: 4)
 * @param dropout rate of the head's dropout, active in training only; in [0, 1) (tutorial: 0.5)
 * @param inputScaling how inputs in [0, 1] are scaled for the base
 * @param fineTuning which layers train: the head only, the whole base frozen (the tutorial), or the
 *     head and the base from a block on
 * @param seed seed of the random initialisation and of the dropout masks
 * @param weightsSource where the initial weights came from, for humans (e.g. {@code "imagenet"})
 */
public record ModelConfig(
    int inputSize,
    List<String> classes,
    int headUnits,
    int headPoolSize,
    double dropout,
    InputScaling inputScaling,
    FineTuning fineTuning,
    long seed,
    String weightsSource) {

  /** Smallest input the five 2×2 max-pools of VGG16 accept with a non-empty output. */
  public static final int MIN_INPUT_SIZE = 32;

  /** Validates every field; the message names the field and the value given. */
  public ModelConfig {
    if (inputSize < MIN_INPUT_SIZE || inputSize % VggArchitecture.BASE_STRIDE != 0) {
      throw new IllegalArgumentException("inputSize must be at least " + MIN_INPUT_SIZE
          + " and a multiple of " + VggArchitecture.BASE_STRIDE + " (VGG16 halves it five times),"
          + " got " + inputSize);
    }
    Objects.requireNonNull(classes, "classes");
    classes = List.copyOf(classes);
    if (classes.size() < 2) {
      throw new IllegalArgumentException("at least two classes are needed, got " + classes);
    }
    if (classes.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("class names must not be blank, got " + classes);
    }
    if (new HashSet<>(classes).size() != classes.size()) {
      throw new IllegalArgumentException("class names must be distinct, got " + classes);
    }
    if (headUnits < 1) {
      throw new IllegalArgumentException("headUnits must be positive, got " + headUnits);
    }
    if (headPoolSize < 1) {
      throw new IllegalArgumentException("headPoolSize must be positive, got " + headPoolSize);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    Objects.requireNonNull(inputScaling, "inputScaling");
    Objects.requireNonNull(fineTuning, "fineTuning");
    Objects.requireNonNull(weightsSource, "weightsSource");
  }

  /** Number of classes, the length of each probability row. */
  public int numClasses() {
    return classes.size();
  }

  /** Side of the base's output feature map: {@code inputSize / 32} (7 at 224). */
  public int baseOutputSize() {
    return inputSize / VggArchitecture.BASE_STRIDE;
  }

  /** The head's pool side actually used: {@code min(headPoolSize, baseOutputSize())}. */
  public int effectiveHeadPoolSize() {
    return Math.min(headPoolSize, baseOutputSize());
  }

  /** Side of the pooled map: {@code floor(baseOutputSize() / effectiveHeadPoolSize())}. */
  public int headPooledSize() {
    return baseOutputSize() / effectiveHeadPoolSize();
  }

  /** Inputs of the head's hidden dense layer: the flattened pooled map, {@code pooled² × 512}. */
  public int headInputFeatures() {
    return headPooledSize() * headPooledSize() * VggArchitecture.BASE_CHANNELS;
  }

  /**
   * Side of the top-left square of the block-5 grid ({@link #baseOutputSize()} square) that the head's
   * pool reads: {@code headPooledSize() × effectiveHeadPoolSize()}. A VALID pool whose size does not
   * divide the grid drops the last rows and columns, so those cells cannot change the output (the
   * image around them still can, through the covered cells' receptive fields): at 224 the tutorial's 4×4 pool reads 4×4 of the 7×7 cells, and the gradient of any class
   * score with respect to {@code block5_conv3} (14×14) is zero outside its top-left 8×8.
   */
  public int headCoveredSize() {
    return headPooledSize() * effectiveHeadPoolSize();
  }

  /** Whether the whole base is frozen and only the head trains. */
  public boolean baseFrozen() {
    return fineTuning instanceof FineTuning.HeadOnly;
  }
}
