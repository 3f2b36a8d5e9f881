package io.github.covidxray;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Both native stacks (TensorFlow and OpenCV, one JavaCPP) load side by side in one JVM. */
class NativeLibrariesSmokeTest {

  @Test
  void tensorflowAndOpenCvLoadTogether() {
    assertThat(TensorFlow.version()).startsWith("2.");
    assertThat(opencv_core.CV_VERSION()).startsWith("4.10");
    try (ConcreteFunction f = ConcreteFunction.create(tf -> {
          Ops ops = tf;
          var x = ops.placeholder(TFloat32.class);
          return Signature.builder().input("x", x).output("y", ops.math.mul(x, ops.constant(2f))).build();
        });
        TFloat32 in = TFloat32.scalarOf(21f);
        var out = (TFloat32) f.call(in)) {
      assertThat(out.getFloat()).isEqualTo(42f);
    }
  }
}
