package io.github.covidxray.model;

/**
 * A pure-Java (double) reference of one Keras training step of the head alone (no dropout): forward
 * pass, Keras 2's {@code binary_crossentropy} with {@code sum_over_batch_size}, hand-derived
 * back-propagation, and Keras/TensorFlow's Adam update. Written from the formulas, not from the
 * library's code.
 */
final class HeadTrainingReference {

  /** Keras's epsilon as TensorFlow holds it (float32). */
  static final double EPS = 1e-7f;
  private static final double ONE_MINUS_EPS = 1f - 1e-7f;

  final double[] w1; // [in, units]
  final double[] b1;
  final double[] w2; // [units, classes]
  final double[] b2;
  final int in;
  final int units;
  final int classes;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[][] m;
  private final double[][] v;
  private int t;

  HeadTrainingReference(LayerWeights dense, LayerWeights dense1, AdamSettings adam) {
    in = dense.kernelShape()[0];
    units = dense.kernelShape()[1];
    classes = dense1.kernelShape()[1];
    w1 = toDouble(dense.kernel());
    b1 = toDouble(dense.bias());
    w2 = toDouble(dense1.kernel());
    b2 = toDouble(dense1.bias());
    beta1 = (float) adam.beta1();
    beta2 = (float) adam.beta2();
    epsilon = (float) adam.epsilon();
    m = new double[][] {new double[w1.length], new double[b1.length], new double[w2.length], new double[b2.length]};
    v = new double[][] {new double[w1.length], new double[b1.length], new double[w2.length], new double[b2.length]};
  }

  /**
   * The loss Keras reports for a batch: per element −(y·log(clip(p) + ε) + (1 − y)·log(1 − clip(p) + ε)),
   * mean over classes, weighted, summed, divided by the batch size.
   */
  double loss(double[] features, int n, float[] labels, float[] weights) {
    double[][] p = forward(features, n).probabilities;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double sample = 0;
      for (int c = 0; c < classes; c++) {
        double y = labels[i * classes + c];
        double q = clip(p[i][c]);
        sample += -(y * Math.log(q + EPS) + (1 - y) * Math.log(1 - q + EPS));
      }
      total += weight(weights, i) * sample / classes;
    }
    return total / n;
  }

  /** One Adam step at learning rate {@code lr} on the batch. */
  void step(double[] features, int n, float[] labels, float[] weights, double lr) {
    Forward f = forward(features, n);
    double[] gw1 = new double[w1.length];
    double[] gb1 = new double[b1.length];
    double[] gw2 = new double[w2.length];
    double[] gb2 = new double[b2.length];
    for (int i = 0; i < n; i++) {
      double[] dp = new double[classes];
      for (int c = 0; c < classes; c++) {
        double y = labels[i * classes + c];
        double p = f.probabilities[i][c];
        boolean passes = p >= EPS && p <= ONE_MINUS_EPS; // clip's gradient
        double q = clip(p);
        double dq = -(y / (q + EPS) - (1 - y) / (1 - q + EPS));
        dp[c] = passes ? weight(weights, i) / (n * (double) classes) * dq : 0;
      }
      double dot = 0;
      for (int c = 0; c < classes; c++) {
        dot += dp[c] * f.probabilities[i][c];
      }
      double[] dz2 = new double[classes];
      for (int c = 0; c < classes; c++) {
        dz2[c] = f.probabilities[i][c] * (dp[c] - dot);
        gb2[c] += dz2[c];
      }
      double[] dz1 = new double[units];
      for (int u = 0; u < units; u++) {
        double dh = 0;
        for (int c = 0; c < classes; c++) {
          gw2[u * classes + c] += f.hidden[i][u] * dz2[c];
          dh += dz2[c] * w2[u * classes + c];
        }
        dz1[u] = f.preActivation[i][u] > 0 ? dh : 0;
        gb1[u] += dz1[u];
      }
      for (int k = 0; k < in; k++) {
        double x = features[i * in + k];
        if (x == 0) {
          continue;
        }
        for (int u = 0; u < units; u++) {
          gw1[k * units + u] += x * dz1[u];
        }
      }
    }
    t++;
    double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    adam(w1, gw1, 0, alpha);
    adam(b1, gb1, 1, alpha);
    adam(w2, gw2, 2, alpha);
    adam(b2, gb2, 3, alpha);
  }

  private void adam(double[] w, double[] g, int slot, double alpha) {
    for (int i = 0; i < w.length; i++) {
      m[slot][i] = beta1 * m[slot][i] + (1 - beta1) * g[i];
      v[slot][i] = beta2 * v[slot][i] + (1 - beta2) * g[i] * g[i];
      w[i] -= alpha * m[slot][i] / (Math.sqrt(v[slot][i]) + epsilon);
    }
  }

  private record Forward(double[][] preActivation, double[][] hidden, double[][] probabilities) {}

  private Forward forward(double[] features, int n) {
    double[][] z1 = new double[n][units];
    double[][] h = new double[n][units];
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      for (int u = 0; u < units; u++) {
        double s = b1[u];
        for (int k = 0; k < in; k++) {
          s += features[i * in + k] * w1[k * units + u];
        }
        z1[i][u] = s;
        h[i][u] = Math.max(0, s);
      }
      double[] logits = new double[classes];
      for (int c = 0; c < classes; c++) {
        double s = b2[c];
        for (int u = 0; u < units; u++) {
          s += h[i][u] * w2[u * classes + c];
        }
        logits[c] = s;
      }
      p[i] = VggReference.softmax(logits);
    }
    return new Forward(z1, h, p);
  }

  private static double clip(double p) {
    return Math.max(Math.min(p, ONE_MINUS_EPS), EPS);
  }

  private static double weight(float[] weights, int i) {
    return weights == null ? 1.0 : weights[i];
  }

  static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  static double maxAbsDiff(double[] expected, float[] actual) {
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    return max;
  }
}
