package io.github.covidxray.metrics;

/**
 * Anything that turns a batch of images into class probabilities, such as
 * {@code VggTransferModel::predict}. Metrics depend on this one method rather than on the model, so
 * any classifier can be evaluated the same way.
 */
@FunctionalInterface
public interface Predictor {

  /**
   * @param imagesNhwc {@code count} RGB images in NHWC order, values in [0, 1]
   * @param count number of images
   * @return {@code [count][classes]} probabilities, classes in label order
   */
  float[][] predict(float[] imagesNhwc, int count);
}
