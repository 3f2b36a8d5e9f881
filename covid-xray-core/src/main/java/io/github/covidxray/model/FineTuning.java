package io.github.covidxray.model;

/**
 * Which layers of a {@link VggTransferModel} train: the head alone, with the whole VGG16 base frozen
 * (the tutorial's transfer learning), or the head and the base's blocks from one block on
 * (fine-tuning). A type rather than a block number, so that "head only" is no sentinel block and the
 * block range is checked in one place, {@link FromBlock}.
 *
 * <pre>{@code
 * VggTransferModel.builder().classes(classes).fineTuning(FineTuning.fromBlock(5)).build();
 * }</pre>
 */
public sealed interface FineTuning permits FineTuning.HeadOnly, FineTuning.FromBlock {

  /** Number of VGG16 convolution blocks; they are numbered 1 to {@value}. */
  int BLOCKS = 5;

  /**
   * The head trains, the whole base stays frozen: the tutorial's default.
   *
   * @return head-only training
   */
  static FineTuning headOnly() {
    return new HeadOnly();
  }

  /**
   * The head and VGG16 blocks {@code block} to {@value #BLOCKS} train; the blocks before stay frozen.
   *
   * @param block the first block to train, 1 to {@value #BLOCKS}
   * @return fine-tuning from that block
   * @throws IllegalArgumentException naming the value and the range if it is outside 1 to
   *     {@value #BLOCKS}
   */
  static FineTuning fromBlock(int block) {
    return new FromBlock(block);
  }

  /**
   * Whether the layers of a VGG16 block train (the head always does).
   *
   * @param block a block number, 1 to {@value #BLOCKS}
   * @return true if its weights are updated by training
   */
  boolean trainsBlock(int block);

  /**
   * For logs and reports.
   *
   * @return e.g. {@code head only (VGG16 base frozen)} or {@code VGG16 blocks 4-5 and the head}
   */
  String describe();

  /** Head-only training; the whole base is frozen. */
  record HeadOnly() implements FineTuning {

    @Override
    public boolean trainsBlock(int block) {
      return false;
    }

    @Override
    public String describe() {
      return "head only (VGG16 base frozen)";
    }
  }

  /**
   * Fine-tuning: the head and VGG16 blocks {@code block} to {@value #BLOCKS} train.
   *
   * @param block the first trained block, 1 to {@value #BLOCKS}
   */
  record FromBlock(int block) implements FineTuning {

    /** Checks the block range, the one place it is checked. */
    public FromBlock {
      if (block < 1 || block > BLOCKS) {
        throw new IllegalArgumentException("fine-tuning must start at a VGG16 block from 1 to " + BLOCKS
            + ", got " + block + " (FineTuning.headOnly() trains the head alone)");
      }
    }

    @Override
    public boolean trainsBlock(int block) {
      return block >= this.block;
    }

    @Override
    public String describe() {
      return (block == BLOCKS ? "VGG16 block " + BLOCKS : "VGG16 blocks " + block + "-" + BLOCKS)
          + " and the head";
    }
  }
}
