package io.github.covidxray.model;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * Grad-CAM's ops for one convolution layer and one {@link ClassScore}, added to a model's
 * {@link VggGraph} (its variables, not a copy of them): the score {@code S = Σᵢ Σ_c mask[i, c]·y[i, c]}
 * over the batch, with {@code y} the logits or probabilities and {@code mask} a one-hot row per image,
 * so that {@code ∂S/∂A} of image i is that image's class score gradient (images do not interact with
 * dropout off); then per image {@code α_k = mean_{x,y} ∂S/∂A[y, x, k]} and
 * {@code map = ReLU(Σ_k α_k · A[:, :, k])}.
 *
 * <p>Gradients come from {@link Graph#addGradients(String, Output[], Output[], Output[])} with the
 * layer's output as the only target, so nothing is differentiated with respect to any weight, and
 * under a prefix of their own so that several layers' ops coexist with the training ops. In a
 * {@link Precision#BF16} graph the layer's output and its gradient are bfloat16, and in a
 * {@link BaseLayout#NCHW_DEEP_BLOCKS} graph those of blocks 4 and 5 are NCHW; they are cast to float32
 * and transposed to NHWC before the maps are formed.
 */
final class GradCamGraph {

  final Placeholder<TFloat32> classMask;
  final Operand<TFloat32> activations;
  final Operand<TFloat32> gradients;
  final Operand<TFloat32> maps;

  private GradCamGraph(Graph graph, VggGraph vgg, int classes, String layer, ClassScore score) {
    String name = "grad_cam_" + layer + "_" + score.name().toLowerCase(Locale.ROOT);
    Ops tf = Ops.create(graph).withSubScope(name);
    Operand<? extends TFloating> layerOutput = vgg.convolutionOutputs.get(layer);
    boolean channelsFirst = vgg.isChannelsFirst(layer);
    activations = asNhwcFloat(tf, layerOutput, channelsFirst);
    classMask = tf.withName("class_mask")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
    Operand<TFloat32> output = score == ClassScore.LOGIT ? vgg.logits : vgg.probabilities;
    Operand<TFloat32> total = tf.withName("score").sum(tf.math.mul(output, classMask),
        tf.constant(new int[] {0, 1}));
    Output<?>[] grads = graph.addGradients(name + "_gradients",
        new Output<?>[] {total.asOutput()}, new Output<?>[] {layerOutput.asOutput()}, null);
    if (grads[0] == null || grads[0].type() != layerOutput.type()) {
      throw new IllegalStateException("TensorFlow returned no gradient of the score for layer " + layer);
    }
    @SuppressWarnings("unchecked")
    Output<? extends TFloating> gradient = (Output<? extends TFloating>) grads[0];
    gradients = asNhwcFloat(tf, gradient, channelsFirst);
    Operand<TFloat32> alpha = tf.withName("alpha").math.mean(gradients, tf.constant(new int[] {1, 2}),
        org.tensorflow.op.math.Mean.keepDims(true));
    Operand<TFloat32> weighted = tf.sum(tf.math.mul(alpha, activations), tf.constant(3));
    maps = tf.withName("maps").nn.relu(weighted);
  }

  /**
   * Adds the ops for one layer and score.
   *
   * @param graph the model's graph
   * @param vgg the inference graph in it
   * @param classes number of classes (the mask's width)
   * @param layer a convolution layer's Keras name, checked by the caller
   * @param score what is differentiated
   * @return handles on the mask placeholder, the layer's output, its gradient and the maps
   */
  static GradCamGraph build(Graph graph, VggGraph vgg, int classes, String layer, ClassScore score) {
    return new GradCamGraph(graph, vgg, classes, layer, score);
  }

  /** The key a model caches the ops of one layer and score under. */
  static String key(String layer, ClassScore score) {
    return layer + "/" + score;
  }

  /** Names of the convolution layers Grad-CAM accepts, in graph order. */
  static List<String> layers(VggGraph vgg) {
    return List.copyOf(vgg.convolutionOutputs.keySet());
  }

  /** A float32 or bfloat16 tensor, NHWC or NCHW, as float32 NHWC: itself, or through a cast and a transpose. */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> asNhwcFloat(Ops tf, Operand<? extends TFloating> value, boolean channelsFirst) {
    Operand<TFloat32> floats = value.type() == TFloat32.class
        ? (Operand<TFloat32>) value : tf.dtypes.cast((Operand<TFloating>) value, TFloat32.class);
    return channelsFirst ? tf.linalg.transpose(floats, tf.constant(VggGraph.TO_NHWC)) : floats;
  }
}
