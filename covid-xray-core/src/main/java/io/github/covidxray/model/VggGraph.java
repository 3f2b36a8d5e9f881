package io.github.covidxray.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * The inference graph: input scaling, Keras's VGG16 base and the tutorial's head, with one named
 * variable pair per layer ({@code block1_conv1/kernel}, {@code block1_conv1/bias}, …,
 * {@code dense_1/bias}) and, per variable, a placeholder and an assign op to set its value.
 *
 * <p>Operation names a saved model or a debugger can rely on: {@code images} (input, NHWC float),
 * {@code base_output} (block 5 pool), {@code logits}, {@code probabilities} (softmax output),
 * {@code training} (bool, default false: dropout off), {@code dropout_seed} (int64[2]) and
 * {@code dropout_batch} (int32[1], by default the images' batch size). The head reads
 * {@code base_output}, so feeding it runs the head alone. Each
 * convolution's output (after its ReLU, as Keras's {@code Conv2D(activation="relu")} outputs it) is
 * kept by layer name for Grad-CAM ({@link GradCamGraph}).
 *
 * <p>In {@link Precision#BF16} the base runs in bfloat16 from {@code block1_conv2} to the block-5
 * pool: each layer reads its float32 variables through a cast, and the base's output is cast back, so
 * the head, the variables and Adam's state stay float32. Input scaling and {@code block1_conv1} stay
 * float32: its three input channels carry values up to ±150, which bfloat16's 8-bit mantissa rounds
 * coarsely (TensorFlow's {@code auto_mixed_precision_onednn_bfloat16} rewrite, which converts that
 * layer too, gave 20 times the base's error measured on a random He-scaled base), and oneDNN's
 * bfloat16 kernel for it was measured to give different results from run to run on a loaded CPU
 * (garbage, then NaN in training), which float32 never did. Hence explicit casts, not that rewrite.
 *
 * <p>In {@link BaseLayout#NCHW_DEEP_BLOCKS} (float32 where TensorFlow runs it) the convolutions of
 * blocks 4 and 5 are channels-first; the pools, {@code base_output} and every name stay as above.
 */
final class VggGraph {

  /** A layer's variables and the ops that set them. */
  record LayerVariables(
      LayerSpec spec,
      Variable<TFloat32> kernel,
      Variable<TFloat32> bias,
      Placeholder<TFloat32> kernelValue,
      Placeholder<TFloat32> biasValue,
      Assign<TFloat32> assignKernel,
      Assign<TFloat32> assignBias) {}

  final Placeholder<TFloat32> images;
  final PlaceholderWithDefault<TBool> training;
  final PlaceholderWithDefault<TInt64> dropoutSeed;
  /** The batch size as a one-element vector; fed when {@code base_output} is fed instead of images. */
  final PlaceholderWithDefault<TInt32> dropoutBatch;
  final Operand<TFloat32> baseOutput;
  final Operand<TFloat32> logits;
  final Operand<TFloat32> probabilities;
  /** Layer name → variables, in graph order. */
  final Map<String, LayerVariables> layers;
  /**
   * Convolution layer name → its output after ReLU (Keras's layer output), in graph order: float32,
   * or bfloat16 for the layers a {@link Precision#BF16} graph runs in bfloat16.
   */
  final Map<String, Operand<? extends TFloating>> convolutionOutputs;
  /** The base's layout; in {@link BaseLayout#NCHW_DEEP_BLOCKS} the outputs of blocks 4 and 5 are NCHW. */
  final BaseLayout layout;

  private VggGraph(Graph graph, ModelConfig config, List<LayerSpec> specs, Precision precision,
      BaseLayout layout) {
    this.layout = layout;
    Ops tf = Ops.create(graph);
    int size = config.inputSize();
    images = tf.withName("images")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
    training = tf.withName("training").placeholderWithDefault(tf.constant(false), Shape.scalar());
    dropoutSeed = tf.withName("dropout_seed")
        .placeholderWithDefault(tf.constant(new long[] {0L, 0L}), Shape.of(2));
    dropoutBatch = tf.withName("dropout_batch").placeholderWithDefault(
        tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1})), Shape.of(1));

    Map<String, LayerVariables> vars = new LinkedHashMap<>();
    Map<String, Operand<? extends TFloating>> convOutputs = new LinkedHashMap<>();
    Iterator<LayerSpec> next = specs.iterator();
    Operand<TFloat32> scaled = scale(tf.withSubScope("input_scaling"), images, config.inputScaling());
    LayerSpec first = next.next();
    Ops firstLayer = tf.withSubScope(first.name());
    Operand<TFloat32> firstOutput = convolution(firstLayer, first, scaled, vars, TFloat32.class, false);
    convOutputs.put(first.name(), firstOutput);
    if (precision == Precision.BF16) {
      Operand<TBfloat16> x = firstLayer.withName("to_bfloat16").dtypes.cast(firstOutput, TBfloat16.class);
      baseOutput = tf.withName("base_output").dtypes.cast(
          restOfBase(tf, next, x, vars, convOutputs, TBfloat16.class, layout), TFloat32.class);
    } else {
      baseOutput = tf.withName("base_output").identity(
          restOfBase(tf, next, firstOutput, vars, convOutputs, TFloat32.class, layout));
    }

    long p = config.effectiveHeadPoolSize();
    Operand<TFloat32> x = tf.withSubScope("average_pooling2d")
        .nn.avgPool(baseOutput, List.of(1L, p, p, 1L), List.of(1L, p, p, 1L), "VALID");
    Ops flatten = tf.withSubScope("flatten");
    x = flatten.reshape(x, flatten.constant(new int[] {-1, config.headInputFeatures()}));
    x = dense(tf, next.next(), x, vars, true);
    if (config.dropout() > 0) {
      x = dropout(tf.withSubScope("dropout"), x, (float) config.dropout(), config.headUnits());
    }
    logits = tf.withName("logits").identity(dense(tf, next.next(), x, vars, false));
    probabilities = tf.withName("probabilities").nn.softmax(logits);
    if (next.hasNext()) {
      throw new IllegalStateException("unused layer specification " + next.next());
    }
    layers = Collections.unmodifiableMap(vars);
    convolutionOutputs = Collections.unmodifiableMap(convOutputs);
  }

  /**
   * Adds the model's inference graph to an empty graph.
   *
   * @param graph the graph to build in
   * @param config the model's configuration
   * @param specs the layers, as {@link VggArchitecture#layers(ModelConfig)} lists them
   * @param precision {@link Precision#FP32} or {@link Precision#BF16} (resolved, never AUTO)
   * @param layout the base's layout ({@link BaseLayout#preferred} for a model, NHWC for an export)
   * @return handles on the graph's inputs, outputs and variables
   */
  static VggGraph build(Graph graph, ModelConfig config, List<LayerSpec> specs, Precision precision,
      BaseLayout layout) {
    if (precision == Precision.AUTO) {
      throw new IllegalArgumentException("resolve AUTO before building a graph");
    }
    return new VggGraph(graph, config, specs, precision, layout);
  }

  /**
   * The base after {@code block1_conv1}, in type {@code T}: its other convolutions and the pools,
   * each block's convolutions in the layout's order of dimensions; the pools and the result are NHWC.
   */
  private static <T extends TFloating> Operand<T> restOfBase(Ops tf, Iterator<LayerSpec> next, Operand<T> input,
      Map<String, LayerVariables> vars, Map<String, Operand<? extends TFloating>> convOutputs, Class<T> type,
      BaseLayout layout) {
    Operand<T> x = input;
    for (int block = 1; block <= VggArchitecture.blocks(); block++) {
      boolean channelsFirst = layout.channelsFirst(block);
      for (int conv = block == 1 ? 2 : 1; conv <= VggArchitecture.convolutionsIn(block); conv++) {
        LayerSpec spec = next.next();
        Ops layer = tf.withSubScope(spec.name());
        if (channelsFirst && conv == 1) {
          x = layer.withName("to_nchw").linalg.transpose(x, layer.constant(TO_NCHW));
        }
        x = convolution(layer, spec, x, vars, type, channelsFirst);
        convOutputs.put(spec.name(), x);
      }
      Ops pool = tf.withSubScope(VggArchitecture.poolName(block));
      if (channelsFirst) {
        x = pool.withName("to_nhwc").linalg.transpose(x, pool.constant(TO_NHWC));
      }
      int[] window = {1, 2, 2, 1};
      x = pool.nn.maxPool(x, pool.constant(window), pool.constant(window), "VALID");
    }
    return x;
  }

  /** Permutation from NHWC to NCHW. */
  static final int[] TO_NCHW = {0, 3, 1, 2};
  /** Permutation from NCHW to NHWC. */
  static final int[] TO_NHWC = {0, 2, 3, 1};

  private static Operand<TFloat32> scale(Ops tf, Operand<TFloat32> rgb, InputScaling scaling) {
    return switch (scaling) {
      case UNIT -> tf.identity(rgb);
      case CAFFE -> {
        // Keras's preprocess_input (caffe): x[..., ::-1] - mean on 0-255 values.
        Operand<TFloat32> bgr = tf.reverse(rgb, tf.constant(new int[] {3}));
        Operand<TFloat32> scaled = tf.math.mul(bgr, tf.constant(255f));
        yield tf.math.sub(scaled, tf.constant(InputScaling.CAFFE_BGR_MEANS));
      }
    };
  }

  /**
   * One convolution with its bias and ReLU in type {@code T}, NHWC or NCHW, reading its float32
   * variables through a cast, in the layer's scope ({@code layer}, already named after it).
   */
  private static <T extends TFloating> Operand<T> convolution(Ops layer, LayerSpec spec, Operand<T> x,
      Map<String, LayerVariables> vars, Class<T> type, boolean channelsFirst) {
    LayerVariables v = variables(layer, spec);
    vars.put(spec.name(), v);
    String format = channelsFirst ? "NCHW" : "NHWC";
    Operand<T> conv = layer.nn.conv2d(x, in(layer, v.kernel(), type), List.of(1L, 1L, 1L, 1L), "SAME",
        Conv2d.dataFormat(format));
    return layer.nn.relu(layer.nn.biasAdd(conv, in(layer, v.bias(), type), BiasAdd.dataFormat(format)));
  }

  /** A float32 value as type {@code T}: itself for float32, else through a cast (which gradients pass). */
  @SuppressWarnings("unchecked")
  private static <T extends TFloating> Operand<T> in(Ops tf, Operand<TFloat32> value, Class<T> type) {
    return type == TFloat32.class ? (Operand<T>) value : tf.dtypes.cast(value, type);
  }

  private static Operand<TFloat32> dense(
      Ops tf, LayerSpec spec, Operand<TFloat32> x, Map<String, LayerVariables> vars, boolean relu) {
    Ops layer = tf.withSubScope(spec.name());
    LayerVariables v = variables(layer, spec);
    vars.put(spec.name(), v);
    Operand<TFloat32> out = layer.nn.biasAdd(layer.linalg.matMul(x, v.kernel()), v.bias());
    return relu ? layer.nn.relu(out) : out;
  }

  private static LayerVariables variables(Ops layer, LayerSpec spec) {
    Shape kernelShape = shapeOf(spec.kernelShape());
    Shape biasShape = shapeOf(spec.biasShape());
    Variable<TFloat32> kernel = layer.withName("kernel").variable(kernelShape, TFloat32.class);
    Variable<TFloat32> bias = layer.withName("bias").variable(biasShape, TFloat32.class);
    Placeholder<TFloat32> kernelValue = layer.withName("kernel_value")
        .placeholder(TFloat32.class, Placeholder.shape(kernelShape));
    Placeholder<TFloat32> biasValue = layer.withName("bias_value")
        .placeholder(TFloat32.class, Placeholder.shape(biasShape));
    return new LayerVariables(spec, kernel, bias, kernelValue, biasValue,
        layer.withName("assign_kernel").assign(kernel, kernelValue),
        layer.withName("assign_bias").assign(bias, biasValue));
  }

  /**
   * Keras's {@code Dropout} as {@code tf.nn.dropout} computes it, {@code x · keep / (1 − rate)} with
   * {@code keep = uniform ≥ rate}, applied only when {@code training} is fed true. The mask comes from
   * a stateless generator keyed by {@code dropout_seed}, so inference draws nothing and the masks of a
   * training run depend only on the seeds fed, not on how often the model was evaluated in between.
   * Its batch dimension is {@code dropout_batch}, by default taken from the input images (so no
   * gradient flows through the mask); a run that feeds {@code base_output} directly (the model's
   * feature cache) feeds the batch size there instead and needs no images.
   */
  private Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, float rate, int units) {
    Operand<TInt32> batch = dropoutBatch;
    Operand<TInt32> maskShape = tf.concat(List.of(batch, tf.constant(new int[] {units})), tf.constant(0));
    Operand<TFloat32> uniform = tf.random.statelessRandomUniform(maskShape, dropoutSeed, TFloat32.class);
    Operand<TFloat32> keep = tf.math.mul(
        tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant(rate)), TFloat32.class),
        tf.constant(1f / (1f - rate)));
    Operand<TFloat32> mask = tf.select(training, keep, tf.onesLike(keep));
    return tf.math.mul(x, mask);
  }

  /**
   * Sets every layer's variables in one session run. The caller has checked that {@code values} holds
   * every layer with the model's shapes; every tensor fed is closed here.
   *
   * @param session a session of the graph this was built in
   * @param values layer name → weights, for every layer
   */
  void assign(Session session, Map<String, LayerWeights> values) {
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (LayerVariables v : layers.values()) {
        LayerWeights w = values.get(v.spec().name());
        TFloat32 kernel = TFloat32.tensorOf(shapeOf(v.spec().kernelShape()),
            DataBuffers.of(w.kernel(), true, false));
        tensors.add(kernel);
        TFloat32 bias = TFloat32.tensorOf(shapeOf(v.spec().biasShape()),
            DataBuffers.of(w.bias(), true, false));
        tensors.add(bias);
        runner.feed(v.kernelValue(), kernel).feed(v.biasValue(), bias)
            .addTarget(v.assignKernel()).addTarget(v.assignBias());
      }
      runner.run().close();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * Whether a convolution layer's output in this graph is NCHW.
   *
   * @param layer a name from {@link #convolutionOutputs}
   */
  boolean isChannelsFirst(String layer) {
    LayerVariables v = layers.get(layer);
    return v != null && v.spec().isConvolution() && layout.channelsFirst(v.spec().block());
  }

  static Shape shapeOf(int[] dims) {
    long[] longs = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      longs[i] = dims[i];
    }
    return Shape.of(longs);
  }
}
