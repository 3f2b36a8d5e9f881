package io.github.covidxray.model;

import io.github.covidxray.metrics.DecisionRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/**
 * The TensorFlow SavedModel part of a saved model: writing it from a model's weights and reading the
 * weights back.
 *
 * <p>Export builds a fresh inference graph (the same {@link VggGraph} the model runs, in float32 and
 * NHWC so that any TensorFlow runs it, plus the decision output) in its own session, sets the
 * weights, and exports that, rather than the model's live graph: the file then holds no training ops
 * or optimizer state, the model's graph is not mutated by the exporter's save ops, and saving never
 * races a training step. Tag {@value #TAG};
 * signature {@value #SIGNATURE} (method {@value #METHOD}) with input {@value #INPUT} (float32
 * {@code [-1, size, size, 3]}, RGB in [0, 1]) and outputs {@value #OUTPUT_PROBABILITIES} (float32
 * {@code [-1, classes]}) and {@value #OUTPUT_CLASS} (int64 {@code [-1]}, the class index the model's
 * decision rule predicts). Dropout is off there: its {@code training} flag and {@code dropout_seed}
 * are placeholders with defaults, not signature inputs.
 *
 * <p>Reading loads the directory with TensorFlow's SavedModel loader and fetches every layer's
 * variables by their stable names; loading through the standard loader means that what this SDK
 * loads is a SavedModel any TensorFlow runtime loads.
 */
final class SavedModelFormat {

  /** The SavedModel tag ({@code tf.saved_model.SERVING}). */
  static final String TAG = SavedModelBundle.DEFAULT_TAG;
  /** The signature key ({@code tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY}). */
  static final String SIGNATURE = Signature.DEFAULT_KEY;
  /** TensorFlow Serving's predict method name. */
  static final String METHOD = "tensorflow/serving/predict";
  static final String INPUT = "images";
  static final String OUTPUT_PROBABILITIES = "probabilities";
  static final String OUTPUT_CLASS = "predicted_class";

  private SavedModelFormat() {}

  /**
   * Writes the SavedModel into {@code directory} (which may exist, empty).
   *
   * @param directory where {@code saved_model.pb} and {@code variables/} go
   * @param config the model's configuration
   * @param specs its layers
   * @param weights every layer's weights, checked against {@code specs} by the caller
   * @param rule the decision rule the {@value #OUTPUT_CLASS} output applies
   * @throws IOException if writing fails
   */
  static void export(Path directory, ModelConfig config, List<LayerSpec> specs, WeightSnapshot weights,
      DecisionRule rule) throws IOException {
    try (Graph graph = new Graph()) {
      VggGraph vgg = VggGraph.build(graph, config, specs, Precision.FP32, BaseLayout.NHWC);
      Operand<TInt64> predicted = predictedClass(Ops.create(graph).withSubScope("decision"),
          vgg.probabilities, config, rule);
      Signature signature = Signature.builder()
          .key(SIGNATURE)
          .methodName(METHOD)
          .input(INPUT, vgg.images)
          .output(OUTPUT_PROBABILITIES, vgg.probabilities)
          .output(OUTPUT_CLASS, predicted)
          .build();
      try (Session session = new Session(graph)) {
        vgg.assign(session, weights.layers());
        SavedModelBundle.exporter(directory.toString())
            .withTags(TAG)
            .withSession(session)
            .withSignature(signature)
            .export();
      }
    }
  }

  /**
   * The class index the model predicts: argmax without a threshold rule; with one, the positive class
   * where {@code p(positive) >= threshold} (compared in double precision, as
   * {@link io.github.covidxray.metrics.DecisionRule} does), else the most probable other class.
   */
  private static Operand<TInt64> predictedClass(Ops tf, Operand<TFloat32> probabilities,
      ModelConfig config, DecisionRule rule) {
    Operand<TInt64> argmax = tf.math.argMax(probabilities, tf.constant(1));
    if (!(rule instanceof DecisionRule.PositiveThreshold threshold)) {
      return tf.withName(OUTPUT_CLASS).identity(argmax);
    }
    int positive = config.classes().indexOf(threshold.positiveClass());
    Operand<TFloat32> positiveProbability =
        tf.gather(probabilities, tf.constant(positive), tf.constant(1));
    Operand<TBool> isPositive = tf.math.greaterEqual(
        tf.dtypes.cast(positiveProbability, TFloat64.class), tf.constant(threshold.threshold()));
    // Pushing the positive column below every probability leaves the argmax of the other classes.
    float[] offset = new float[config.numClasses()];
    offset[positive] = 2f;
    Operand<TInt64> others = tf.math.argMax(tf.math.sub(probabilities, tf.constant(offset)), tf.constant(1));
    Operand<TInt64> positiveIndex = tf.math.mul(tf.onesLike(others), tf.constant((long) positive));
    return tf.withName(OUTPUT_CLASS).select(isPositive, positiveIndex, others);
  }

  /**
   * Loads the SavedModel of a model directory and reads every layer's weights from it.
   *
   * @param directory a directory whose SavedModel files are present
   * @param config the configuration its metadata records
   * @param specs the layers of that configuration
   * @return layer name → weights, in graph order
   * @throws ModelFormatException if TensorFlow cannot load it, or its signature or variables do not
   *     match the metadata
   */
  static Map<String, LayerWeights> readWeights(Path directory, ModelConfig config, List<LayerSpec> specs) {
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(directory.toString(), TAG);
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new ModelFormatException(directory,
          "TensorFlow could not load its SavedModel (tag '" + TAG + "'): " + e.getMessage(), e);
    }
    try (bundle) {
      checkSignature(directory, bundle, config);
      Graph graph = bundle.graph();
      Session.Runner runner = bundle.session().runner();
      for (LayerSpec spec : specs) {
        for (String variable : List.of(spec.name() + "/kernel", spec.name() + "/bias")) {
          if (graph.operation(variable) == null) {
            throw new ModelFormatException(directory, "its SavedModel has no variable '" + variable
                + "' (layer " + spec.name() + " of the architecture its metadata describes)");
          }
          runner.fetch(variable);
        }
      }
      Map<String, LayerWeights> weights = new LinkedHashMap<>();
      try (Result result = runner.run()) {
        int i = 0;
        for (LayerSpec spec : specs) {
          float[] kernel = values(directory, spec.name() + "/kernel", result.get(i++), spec.kernelShape());
          float[] bias = values(directory, spec.name() + "/bias", result.get(i++), spec.biasShape());
          weights.put(spec.name(), new LayerWeights(spec.name(), spec.kernelShape(), kernel, bias));
        }
      }
      return weights;
    } catch (TensorFlowException e) {
      throw new ModelFormatException(directory,
          "TensorFlow could not read its SavedModel's variables: " + e.getMessage(), e);
    }
  }

  private static void checkSignature(Path directory, SavedModelBundle bundle, ModelConfig config) {
    Signature signature = bundle.signatures().stream()
        .filter(s -> s.key().equals(SIGNATURE)).findFirst()
        .orElseThrow(() -> new ModelFormatException(directory, "its SavedModel has no '" + SIGNATURE
            + "' signature; it has " + bundle.signatures().stream().map(Signature::key).toList()));
    Signature.TensorDescription input = signature.getInputs().get(INPUT);
    Shape expectedInput = Shape.of(-1, config.inputSize(), config.inputSize(), 3);
    if (input == null || !sameDimensions(expectedInput, input.shape)) {
      throw new ModelFormatException(directory, "its SavedModel's '" + SIGNATURE + "' input '" + INPUT
          + "' is " + (input == null ? "missing" : "of shape " + input.shape) + ", but its metadata"
          + " describes " + expectedInput + " (input size " + config.inputSize() + ")");
    }
    Signature.TensorDescription output = signature.getOutputs().get(OUTPUT_PROBABILITIES);
    Shape expectedOutput = Shape.of(-1, config.numClasses());
    if (output == null || !sameDimensions(expectedOutput, output.shape)) {
      throw new ModelFormatException(directory, "its SavedModel's '" + SIGNATURE + "' output '"
          + OUTPUT_PROBABILITIES + "' is " + (output == null ? "missing" : "of shape " + output.shape)
          + ", but its metadata describes " + expectedOutput + " (classes " + config.classes() + ")");
    }
  }

  /** Shape's {@code equals} treats unknown dimensions as unequal; here -1 must match -1. */
  private static boolean sameDimensions(Shape expected, Shape actual) {
    return !actual.isUnknown() && Arrays.equals(expected.asArray(), actual.asArray());
  }

  private static float[] values(Path directory, String variable, Tensor tensor, int[] expectedShape) {
    long[] expected = Arrays.stream(expectedShape).asLongStream().toArray();
    if (!(tensor instanceof TFloat32 floats) || !Arrays.equals(tensor.shape().asArray(), expected)) {
      throw new ModelFormatException(directory, "its SavedModel's variable '" + variable + "' is "
          + tensor.dataType() + " " + Arrays.toString(tensor.shape().asArray()) + ", expected DT_FLOAT "
          + Arrays.toString(expected) + " as its metadata's architecture needs");
    }
    float[] values = new float[Math.toIntExact(floats.size())];
    floats.copyTo(DataBuffers.of(values, false, false));
    return values;
  }
}
