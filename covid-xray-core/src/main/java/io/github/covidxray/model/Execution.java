package io.github.covidxray.model;

import org.tensorflow.proto.ConfigProto;

/**
 * How a model runs: its precision (resolved, never AUTO) and base layout, which {@link VggGraph} builds
 * the graph in, and its session's thread counts, as the session's {@link ConfigProto}.
 *
 * @param precision {@link Precision#FP32} or {@link Precision#BF16}
 * @param layout the base's layout
 * @param intraOpThreads threads per operation; 0 lets TensorFlow choose
 * @param interOpThreads operations in parallel; 0 lets TensorFlow choose
 */
record Execution(Precision precision, BaseLayout layout, int intraOpThreads, int interOpThreads) {

  /** In the precision's {@link BaseLayout#preferred preferred} layout. */
  Execution(Precision precision, int intraOpThreads, int interOpThreads) {
    this(precision, BaseLayout.preferred(precision), intraOpThreads, interOpThreads);
  }

  Execution {
    if (precision == Precision.AUTO) {
      throw new IllegalArgumentException("resolve AUTO before building a session");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be 0 (TensorFlow's choice) or positive, got intra-op "
          + intraOpThreads + ", inter-op " + interOpThreads);
    }
  }

  /** The session configuration: thread counts. */
  ConfigProto sessionConfig() {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .build();
  }

  /** For logs, e.g. {@code "threads: intra-op 2, inter-op TensorFlow's choice"}. */
  String threadsDescription() {
    return "threads: intra-op " + (intraOpThreads == 0 ? "TensorFlow's choice" : intraOpThreads)
        + ", inter-op " + (interOpThreads == 0 ? "TensorFlow's choice" : interOpThreads);
  }
}
