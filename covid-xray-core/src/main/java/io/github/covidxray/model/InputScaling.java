package io.github.covidxray.model;

/**
 * How the model turns its input (RGB, NHWC, values in [0, 1]) into what the VGG16 base sees. It is
 * part of the model's configuration, applied inside the graph, so a saved model cannot be fed with
 * the wrong preprocessing.
 */
public enum InputScaling {

  /**
   * The values as they are, in [0, 1]: what the tutorial does ({@code data / 255.0}) even though the
   * ImageNet weights were trained on Caffe-style inputs. The default, to reproduce the tutorial.
   */
  UNIT,

  /**
   * Keras's {@code vgg16.preprocess_input} ("caffe" mode): values scaled back to 0–255, RGB turned
   * into BGR, and the ImageNet channel means 103.939, 116.779, 123.68 (B, G, R) subtracted. The input
   * the ImageNet weights were trained on.
   */
  CAFFE;

  /** ImageNet channel means in BGR order, as Keras's {@code imagenet_utils} subtracts them. */
  static final float[] CAFFE_BGR_MEANS = {103.939f, 116.779f, 123.68f};
}
