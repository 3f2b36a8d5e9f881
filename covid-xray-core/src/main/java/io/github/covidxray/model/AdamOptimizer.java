package io.github.covidxray.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Keras's Adam on tensorflow-framework's {@link Optimizer} skeleton, with the learning rate taken
 * from an operand (a placeholder fed every step) instead of the framework {@code Adam}'s fixed float.
 *
 * <p>It mirrors Keras 2's {@code Adam._resource_apply_dense}: an {@code iterations} counter (int64,
 * from 0), {@code t = iterations + 1}, {@code β^t} computed with {@code pow} as Keras does, and
 * TensorFlow's {@code ApplyAdam} kernel, which applies {@code lr · sqrt(1 − β2^t) / (1 − β1^t)}. The
 * counter is incremented only after every variable's update has run (the framework's own Adam
 * updates its β powers concurrently with the updates that read them).
 *
 * <p>Only the variables handed to {@link #applyGradients} are touched: the caller computes
 * gradients for the trainable variables alone (see {@link TrainingGraph}), which is what keeps frozen
 * layers bit-identical. The base class's {@code applyGradients} makes every update wait for all
 * gradients, so no update can change a weight that another gradient still has to read.
 */
final class AdamOptimizer extends Optimizer {

  private final AdamSettings settings;
  private final Operand<TFloat32> learningRate;
  private final Ops adam;
  private final Map<String, Variable<TFloat32>> firstMoments = new HashMap<>();
  private final Map<String, Variable<TFloat32>> secondMoments = new HashMap<>();
  private final List<Op> initializers = new ArrayList<>();
  private Variable<TInt64> iterations;
  private Operand<TFloat32> beta1;
  private Operand<TFloat32> beta2;
  private Operand<TFloat32> epsilon;
  private Operand<TFloat32> beta1Power;
  private Operand<TFloat32> beta2Power;

  /**
   * Creates the optimizer; nothing is added to the graph until {@link #applyGradients}.
   *
   * @param graph the model's graph
   * @param settings β1, β2, ε
   * @param learningRate the learning rate operand (a scalar placeholder)
   */
  AdamOptimizer(Graph graph, AdamSettings settings, Operand<TFloat32> learningRate) {
    super(graph, "Adam");
    this.settings = settings;
    this.learningRate = learningRate;
    this.adam = Ops.create(graph).withSubScope("adam");
  }

  @Override
  public String getOptimizerName() {
    return "Adam";
  }

  /** An op that sets every slot to zero and the iteration counter to 0 (a fresh optimizer). */
  Op initializer() {
    return adam.withControlDependencies(initializers).withName("initialize").noOp();
  }

  /** Keras's {@code optimizer.iterations}: the number of updates applied so far. */
  Variable<TInt64> iterations() {
    return iterations;
  }

  @Override
  protected void createSlots(List<Output<? extends TType>> variables) {
    for (Output<? extends TType> variable : variables) {
      Output<TFloat32> var = asFloat(variable);
      Ops slot = subScope(adam, var.op().name());
      Shape shape = var.shape();
      Operand<TFloat32> zeros = slot.zeros(slot.constant(shape.asArray()), TFloat32.class);
      Variable<TFloat32> m = slot.withName("m").variable(shape, TFloat32.class);
      Variable<TFloat32> v = slot.withName("v").variable(shape, TFloat32.class);
      initializers.add(slot.withName("init_m").assign(m, zeros));
      initializers.add(slot.withName("init_v").assign(v, zeros));
      firstMoments.put(var.op().name(), m);
      secondMoments.put(var.op().name(), v);
    }
    iterations = adam.withName("iterations").variable(Shape.scalar(), TInt64.class);
    initializers.add(adam.withName("init_iterations").assign(iterations, adam.constant(0L)));
  }

  @Override
  protected Optional<Op> prepare(String scopeName) {
    beta1 = adam.withName("beta_1").constant((float) settings.beta1());
    beta2 = adam.withName("beta_2").constant((float) settings.beta2());
    epsilon = adam.withName("epsilon").constant((float) settings.epsilon());
    Operand<TFloat32> localStep = adam.withName("local_step")
        .dtypes.cast(adam.math.add(iterations, adam.constant(1L)), TFloat32.class);
    beta1Power = adam.withName("beta_1_power").math.pow(beta1, localStep);
    beta2Power = adam.withName("beta_2_power").math.pow(beta2, localStep);
    return Optional.empty();
  }

  @Override
  protected <T extends TType> Op applyDense(Ops deps, Output<T> gradient, Output<T> variable) {
    String name = variable.op().name();
    return deps.train.applyAdam(
        asFloat(variable),
        firstMoments.get(name),
        secondMoments.get(name),
        beta1Power,
        beta2Power,
        learningRate,
        beta1,
        beta2,
        epsilon,
        asFloat(gradient),
        ApplyAdam.useLocking(true));
  }

  @Override
  protected Op finish(List<Op> updateOperations, String name) {
    Op increment = adam.withControlDependencies(updateOperations).withName("increment_iterations")
        .assignAdd(iterations, adam.constant(1L));
    return adam.withControlDependencies(List.of(increment)).withName(name).noOp();
  }

  @SuppressWarnings("unchecked")
  private static Output<TFloat32> asFloat(Output<? extends TType> output) {
    if (output.type() != TFloat32.class) {
      throw new IllegalArgumentException(
          output.op().name() + " is " + output.type().getSimpleName() + ", expected TFloat32");
    }
    return (Output<TFloat32>) output;
  }

  /** Nests sub-scopes along a slash-separated variable name ({@code dense/kernel}). */
  private static Ops subScope(Ops ops, String path) {
    Ops scoped = ops;
    for (String part : path.split("/")) {
      scoped = scoped.withSubScope(part);
    }
    return scoped;
  }
}
