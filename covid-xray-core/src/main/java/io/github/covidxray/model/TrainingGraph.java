package io.github.covidxray.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The loss, accuracy and Adam update added to a {@link VggGraph} by {@link VggTransferModel#compile}.
 *
 * <p>Gradients are requested for the trainable layers' variables only
 * ({@link Graph#addGradients(Output, Output[])} with exactly those), so TensorFlow neither computes
 * back-propagation into the frozen part nor creates any op that could write to it: the frozen weights
 * have no update op at all. (The framework's {@code Optimizer.computeGradients} would differentiate
 * every variable of the graph.)
 */
final class TrainingGraph {

  /** Keras's {@code backend.epsilon()}, the clipping and log offset of its binary cross-entropy. */
  static final float KERAS_EPSILON = 1e-7f;

  final Placeholder<TFloat32> labels;
  final Placeholder<TFloat32> sampleWeights;
  final Placeholder<TFloat32> learningRate;
  final Operand<TFloat32> loss;
  final Operand<TFloat32> accuracy;
  final Op trainOp;
  final Op optimizerInitializer;
  final Operand<TInt64> iterations;
  final List<String> trainableLayers;

  private TrainingGraph(Graph graph, VggGraph vgg, ModelConfig config, AdamSettings settings) {
    Ops tf = Ops.create(graph).withSubScope("training_step");
    labels = tf.withName("labels")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, config.numClasses())));
    sampleWeights = tf.withName("sample_weights")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    learningRate = tf.withName("learning_rate")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

    loss = tf.withName("loss").identity(binaryCrossEntropy(tf, vgg.probabilities, labels, sampleWeights));
    accuracy = tf.withName("accuracy").math.mean(
        tf.dtypes.cast(tf.math.equal(
            tf.math.argMax(vgg.probabilities, tf.constant(1)),
            tf.math.argMax(labels, tf.constant(1))), TFloat32.class),
        tf.constant(0));

    List<Output<TFloat32>> variables = new ArrayList<>();
    List<String> trainable = new ArrayList<>();
    for (VggGraph.LayerVariables layer : vgg.layers.values()) {
      if (layer.spec().trainsWith(config.fineTuning())) {
        variables.add(layer.kernel().asOutput());
        variables.add(layer.bias().asOutput());
        trainable.add(layer.spec().name());
      }
    }
    trainableLayers = List.copyOf(trainable);
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), variables.toArray(new Output<?>[0]));
    List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
    for (int i = 0; i < gradients.length; i++) {
      pairs.add(new GradAndVar<>(asFloat(gradients[i]), variables.get(i)));
    }
    AdamOptimizer adam = new AdamOptimizer(graph, settings, learningRate);
    trainOp = adam.applyGradients(pairs, "train");
    optimizerInitializer = adam.initializer();
    iterations = adam.iterations();
  }

  /**
   * Builds the training ops on top of the inference graph.
   *
   * @param graph the model's graph
   * @param vgg the inference graph in it
   * @param config the model's configuration (trainable blocks, classes)
   * @param settings Adam's constants
   * @return handles on the new placeholders and ops
   */
  static TrainingGraph build(Graph graph, VggGraph vgg, ModelConfig config, AdamSettings settings) {
    return new TrainingGraph(graph, vgg, config, settings);
  }

  /**
   * Keras 2's {@code binary_crossentropy} on probabilities, as tf.keras 2.0–2.4 computes it for a
   * softmax output: {@code p = clip(p, ε, 1 − ε)}, per element
   * {@code −(y·log(p + ε) + (1 − y)·log(1 − p + ε))}, mean over the class axis, then the
   * {@code sum_over_batch_size} reduction {@code Σ wᵢ·lᵢ / batchSize}.
   */
  private static Operand<TFloat32> binaryCrossEntropy(
      Ops tf, Operand<TFloat32> probabilities, Operand<TFloat32> labels, Operand<TFloat32> weights) {
    Operand<TFloat32> eps = tf.constant(KERAS_EPSILON);
    Operand<TFloat32> one = tf.constant(1f);
    // tf.clip_by_value: maximum(minimum(x, 1 - eps), eps)
    Operand<TFloat32> p = tf.math.maximum(
        tf.math.minimum(probabilities, tf.constant(1f - KERAS_EPSILON)), eps);
    Operand<TFloat32> positive = tf.math.mul(labels, tf.math.log(tf.math.add(p, eps)));
    Operand<TFloat32> negative = tf.math.mul(tf.math.sub(one, labels),
        tf.math.log(tf.math.add(tf.math.sub(one, p), eps)));
    Operand<TFloat32> elementwise = tf.math.neg(tf.math.add(positive, negative));
    Operand<TFloat32> perSample = tf.math.mean(elementwise, tf.constant(-1));
    Operand<TFloat32> weighted = tf.math.mul(perSample, weights);
    Operand<TFloat32> batchSize = tf.dtypes.cast(tf.size(perSample), TFloat32.class);
    return tf.math.div(tf.sum(weighted, tf.constant(0)), batchSize);
  }

  @SuppressWarnings("unchecked")
  private static Output<TFloat32> asFloat(Output<?> output) {
    if (output == null || output.type() != TFloat32.class) {
      throw new IllegalStateException("TensorFlow returned no float gradient: " + output);
    }
    return (Output<TFloat32>) output;
  }
}
