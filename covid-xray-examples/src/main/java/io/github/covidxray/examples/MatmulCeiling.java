package io.github.covidxray.examples;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The machine's fp32 ceiling as the benchmarks state it: the median GFLOP/s of an n×n×n float32
 * matrix product (2n³ operations) through the same TensorFlow natives and thread settings as the
 * model, after a warm-up of at least {@value #MIN_WARM_UP_RUNS} runs and 3 seconds. Every throughput
 * figure is printed next to it.
 */
final class MatmulCeiling {

  /** Fewest untimed runs before timing. */
  static final int MIN_WARM_UP_RUNS = 3;

  /** Least untimed time before timing. */
  private static final long WARM_UP_NANOS = 3_000_000_000L;

  private MatmulCeiling() {}

  /**
   * @param n side of the square matrices (2048 in the benchmarks)
   * @param intraOp TensorFlow intra-op threads, 0 = TensorFlow's choice
   * @param interOp TensorFlow inter-op threads, 0 = TensorFlow's choice
   * @param repeats timed runs, at least 1; the median is returned
   */
  static double gflops(int n, int intraOp, int interOp, int repeats) {
    float[] values = new float[n * n];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble();
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class);
      var sum = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      ConfigProto config = ConfigProto.newBuilder()
          .setIntraOpParallelismThreads(intraOp).setInterOpParallelismThreads(interOp).build();
      try (Session session = new Session(graph, config);
           TFloat32 ta = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false));
           TFloat32 tb = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false))) {
        // The first runs in a fresh JVM are about a fifth slower (measured here: 283 GFLOP/s against
        // 345-358 later in the same JVM); a ceiling must not be read from them.
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        for (int r = 0; r < MIN_WARM_UP_RUNS || System.nanoTime() < warmUpEnd; r++) {
          session.runner().feed(a, ta).feed(b, tb).fetch(sum).run().close();
        }
        double[] rates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
          long start = System.nanoTime();
          session.runner().feed(a, ta).feed(b, tb).fetch(sum).run().close();
          rates[r] = 2.0 * n * n * n / 1e9 / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[repeats / 2];
      }
    }
  }
}
