package io.github.covidxray.model;

import java.util.List;

/**
 * An independent, naive pure-Java (double precision) forward pass of Keras's VGG16 + the tutorial's
 * head, written from Keras's layer definitions, to check the TensorFlow graph against.
 */
final class VggReference {

  /** Base output and probabilities of one image. */
  record Output(double[] base, double[] probabilities) {}

  private static final String[] CONVS = {
    "block1_conv1", "block1_conv2", "|",
    "block2_conv1", "block2_conv2", "|",
    "block3_conv1", "block3_conv2", "block3_conv3", "|",
    "block4_conv1", "block4_conv2", "block4_conv3", "|",
    "block5_conv1", "block5_conv2", "block5_conv3", "|"
  };

  private VggReference() {}

  /**
   * Forward pass of image {@code index} of an NHWC batch.
   *
   * @param weights every layer's weights
   * @param config the model configuration (input size, scaling, head pool)
   * @param images NHWC RGB values in [0, 1]
   * @param index which image
   * @return base output (HWC) and probabilities
   */
  static Output forward(WeightSnapshot weights, ModelConfig config, float[] images, int index) {
    int size = config.inputSize();
    int pixels = size * size * 3;
    double[] x = new double[pixels];
    for (int i = 0; i < pixels; i++) {
      x[i] = images[index * pixels + i];
    }
    x = scale(x, config.inputScaling());
    int h = size;
    int c = 3;
    for (String name : CONVS) {
      if (name.equals("|")) {
        x = maxPool2(x, h, h, c);
        h /= 2;
      } else {
        LayerWeights w = weights.layer(name);
        x = conv3x3SameRelu(x, h, h, c, w);
        c = w.kernelShape()[3];
      }
    }
    double[] base = x.clone();
    int p = Math.min(config.headPoolSize(), h);
    double[] pooled = avgPoolValid(x, h, h, c, p); // flattened HWC = Keras's Flatten order
    double[] hidden = dense(pooled, weights.layer("dense"), true);
    double[] logits = dense(hidden, weights.layer("dense_1"), false);
    return new Output(base, softmax(logits));
  }

  static double[] scale(double[] rgb, InputScaling scaling) {
    if (scaling == InputScaling.UNIT) {
      return rgb;
    }
    double[] means = {103.939, 116.779, 123.68};
    double[] out = new double[rgb.length];
    for (int i = 0; i < rgb.length; i += 3) {
      for (int ch = 0; ch < 3; ch++) {
        // BGR channel ch is RGB channel 2 - ch
        out[i + ch] = rgb[i + 2 - ch] * 255.0 - means[ch];
      }
    }
    return out;
  }

  /** 3×3 convolution, stride 1, zero padding of 1 (SAME), plus bias, then ReLU. Kernel HWIO. */
  static double[] conv3x3SameRelu(double[] in, int h, int w, int cin, LayerWeights weights) {
    int cout = weights.kernelShape()[3];
    float[] k = weights.kernel();
    double[] out = new double[h * w * cout];
    double[] acc = new double[cout];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int o = 0; o < cout; o++) {
          acc[o] = weights.bias()[o];
        }
        for (int ky = 0; ky < 3; ky++) {
          int yy = y + ky - 1;
          if (yy < 0 || yy >= h) {
            continue;
          }
          for (int kx = 0; kx < 3; kx++) {
            int xx = x + kx - 1;
            if (xx < 0 || xx >= w) {
              continue;
            }
            int inBase = (yy * w + xx) * cin;
            int kBase = (ky * 3 + kx) * cin * cout;
            for (int ci = 0; ci < cin; ci++) {
              double a = in[inBase + ci];
              if (a == 0) {
                continue;
              }
              int kRow = kBase + ci * cout;
              for (int o = 0; o < cout; o++) {
                acc[o] += a * k[kRow + o];
              }
            }
          }
        }
        int outBase = (y * w + x) * cout;
        for (int o = 0; o < cout; o++) {
          out[outBase + o] = Math.max(0, acc[o]);
        }
      }
    }
    return out;
  }

  /** 2×2 max-pool, stride 2, VALID. */
  static double[] maxPool2(double[] in, int h, int w, int c) {
    int oh = h / 2;
    int ow = w / 2;
    double[] out = new double[oh * ow * c];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        for (int ch = 0; ch < c; ch++) {
          double m = Double.NEGATIVE_INFINITY;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              m = Math.max(m, in[((2 * y + dy) * w + 2 * x + dx) * c + ch]);
            }
          }
          out[(y * ow + x) * c + ch] = m;
        }
      }
    }
    return out;
  }

  /** p×p average pool, stride p, VALID (floor). */
  static double[] avgPoolValid(double[] in, int h, int w, int c, int p) {
    int oh = h / p;
    int ow = w / p;
    double[] out = new double[oh * ow * c];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        for (int ch = 0; ch < c; ch++) {
          double s = 0;
          for (int dy = 0; dy < p; dy++) {
            for (int dx = 0; dx < p; dx++) {
              s += in[((p * y + dy) * w + p * x + dx) * c + ch];
            }
          }
          out[(y * ow + x) * c + ch] = s / (p * p);
        }
      }
    }
    return out;
  }

  /** x · W + b (W is [in, out]), optionally ReLU. */
  static double[] dense(double[] in, LayerWeights weights, boolean relu) {
    int n = weights.kernelShape()[0];
    int m = weights.kernelShape()[1];
    if (in.length != n) {
      throw new IllegalArgumentException("dense " + weights.layer() + " expects " + n + " inputs, got " + in.length);
    }
    double[] out = new double[m];
    for (int j = 0; j < m; j++) {
      out[j] = weights.bias()[j];
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        out[j] += in[i] * weights.kernel()[i * m + j];
      }
    }
    if (relu) {
      for (int j = 0; j < m; j++) {
        out[j] = Math.max(0, out[j]);
      }
    }
    return out;
  }

  static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = Math.exp(logits[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  /** Names of the 13 convolution layers in order. */
  static List<String> convolutionNames() {
    return java.util.Arrays.stream(CONVS).filter(n -> !n.equals("|")).toList();
  }
}
