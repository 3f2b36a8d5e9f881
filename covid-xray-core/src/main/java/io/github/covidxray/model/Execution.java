package io.github.covidxray.model;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a model's TensorFlow session runs: its precision (resolved, never AUTO) and thread counts, as
 * the session's {@link ConfigProto}.
 *
 * @param precision {@link Precision#FP32} or {@link Precision#BF16}
 * @param intraOpThreads threads per operation; 0 lets TensorFlow choose
 * @param interOpThreads operations in parallel; 0 lets TensorFlow choose
 */
record Execution(Precision precision, int intraOpThreads, int interOpThreads) {

  Execution {
    if (precision == Precision.AUTO) {
      throw new IllegalArgumentException("resolve AUTO before building a session");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be 0 (TensorFlow's choice) or positive, got intra-op "
          + intraOpThreads + ", inter-op " + interOpThreads);
    }
  }

  /** The session configuration: thread counts, and oneDNN's bfloat16 rewrite when {@link Precision#BF16}. */
  ConfigProto sessionConfig() {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads);
    if (precision == Precision.BF16) {
      config.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return config.build();
  }

  /** For logs, e.g. {@code "threads: intra-op 2, inter-op TensorFlow's choice"}. */
  String threadsDescription() {
    return "threads: intra-op " + (intraOpThreads == 0 ? "TensorFlow's choice" : intraOpThreads)
        + ", inter-op " + (interOpThreads == 0 ? "TensorFlow's choice" : interOpThreads);
  }
}
