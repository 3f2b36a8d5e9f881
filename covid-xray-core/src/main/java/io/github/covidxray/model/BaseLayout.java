package io.github.covidxray.model;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * The memory layout the VGG16 base's convolutions run in. Keras computes channels-last (NHWC), and so
 * does {@link #NHWC}. In float32, oneDNN's kernels run the 512-channel convolutions of blocks 4 and 5
 * faster channels-first (28×28×512→512: 218 GFLOP/s against 151 measured here) but the wider maps of
 * blocks 1–3 slower (56×56×256→256: 78 against 156), so {@link #NCHW_DEEP_BLOCKS} runs blocks 4 and 5
 * channels-first, transposed in before block 4 and out around each pool (TensorFlow's {@code MaxPoolV2}
 * takes NHWC only): 1.18 times the float32 base's speed, same outputs. bfloat16 runs slower
 * channels-first, and TensorFlow's CPU convolutions without oneDNN refuse NCHW, hence
 * {@link #preferred}.
 */
enum BaseLayout {
  /** Every convolution channels-last, as Keras computes; runs everywhere. */
  NHWC,
  /** Blocks {@value #FIRST_NCHW_BLOCK} and 5 channels-first. */
  NCHW_DEEP_BLOCKS;

  /** First block run channels-first by {@link #NCHW_DEEP_BLOCKS}. */
  static final int FIRST_NCHW_BLOCK = 4;

  /**
   * Whether a convolution of this block runs channels-first.
   *
   * @param block a VGG16 block, 1 to 5
   */
  boolean channelsFirst(int block) {
    return this == NCHW_DEEP_BLOCKS && block >= FIRST_NCHW_BLOCK;
  }

  /**
   * The faster layout for a precision on this TensorFlow: {@link #NCHW_DEEP_BLOCKS} for float32 where
   * channels-first convolutions and their gradients run on the CPU, else {@link #NHWC}.
   *
   * @param precision {@link Precision#FP32} or {@link Precision#BF16}
   */
  static BaseLayout preferred(Precision precision) {
    return precision == Precision.FP32 && ChannelsFirstSupport.AVAILABLE ? NCHW_DEEP_BLOCKS : NHWC;
  }

  /** Asked once per JVM: a tiny channels-first convolution, forward and gradients, in a throwaway graph. */
  private static final class ChannelsFirstSupport {

    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      try (Graph graph = new Graph();
          TFloat32 inputValue = TFloat32.tensorOf(Shape.of(1, 8, 4, 4));
          TFloat32 kernelValue = TFloat32.tensorOf(Shape.of(3, 3, 8, 8))) {
        // placeholders, so that no constant folding answers in TensorFlow's place
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> input = tf.placeholder(TFloat32.class);
        Placeholder<TFloat32> kernel = tf.placeholder(TFloat32.class);
        Operand<TFloat32> output = tf.nn.biasAdd(
            tf.nn.conv2d(input, kernel, List.of(1L, 1L, 1L, 1L), "SAME", Conv2d.dataFormat("NCHW")),
            tf.constant(new float[8]), BiasAdd.dataFormat("NCHW"));
        Operand<TFloat32> sum = tf.reduceSum(output, tf.constant(new int[] {0, 1, 2, 3}));
        Output<?>[] gradients = graph.addGradients(null, new Output<?>[] {sum.asOutput()},
            new Output<?>[] {input.asOutput(), kernel.asOutput()}, null);
        try (Session session = new Session(graph)) {
          Session.Runner runner = session.runner().feed(input, inputValue).feed(kernel, kernelValue).fetch(sum);
          for (Output<?> gradient : gradients) {
            runner.fetch(gradient);
          }
          runner.run().close();
          return true;
        }
      } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
        return false;
      }
    }
  }
}
