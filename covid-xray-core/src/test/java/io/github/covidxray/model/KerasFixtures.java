package io.github.covidxray.model;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Keras-layout HDF5 test fixtures with jHDF directly (independently of
 * {@link KerasWeightsFile#write}), in the two layouts Keras produces.
 *
 * <p>Values come from a formula of the layer and the element's index ({@link #value}), written as
 * nested Java arrays in Keras's dimension order, so a test can check any element by its HWIO index
 * without sharing the library's flattening code.
 */
public final class KerasFixtures {

  /** Where the layers go. */
  public enum Layout {
    /** {@code model.save_weights("x.h5")}: layers at the root, root attribute {@code layer_names}. */
    SAVE_WEIGHTS,
    /** {@code model.save("x", save_format="h5")}: layers inside {@code model_weights}. */
    FULL_MODEL
  }

  /** How weights are named inside a layer. */
  public enum Naming {
    /** TensorFlow 2: {@code block1_conv1/kernel:0} (a nested group per layer). */
    TF2,
    /** Keras 1, as in Keras's ImageNet files: {@code block1_conv1_W_1:0} directly in the layer group. */
    KERAS1
  }

  /** A layer to write: its name and the shapes of its kernel and bias. */
  public record Spec(String name, int[] kernelShape) {}

  private KerasFixtures() {}

  /** The 13 VGG16 convolution layers' names and kernel shapes (HWIO), as Keras defines them. */
  public static List<Spec> vggBase() {
    int[][] filters = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
    List<Spec> specs = new ArrayList<>();
    int in = 3;
    for (int b = 0; b < filters.length; b++) {
      for (int c = 0; c < filters[b].length; c++) {
        specs.add(new Spec("block" + (b + 1) + "_conv" + (c + 1), new int[] {3, 3, in, filters[b][c]}));
        in = filters[b][c];
      }
    }
    return specs;
  }

  /** The tutorial's head at 32 or 224 pixels (512 pooled features), Keras-named. */
  public static List<Spec> head(String hidden, String output, int units, int classes) {
    return List.of(new Spec(hidden, new int[] {512, units}), new Spec(output, new int[] {units, classes}));
  }

  /**
   * The fixture value of a weight element: a formula of the layer's position in the fixture, whether
   * it is the bias, and the element's index. Distinct enough that a permuted axis shows.
   */
  public static float value(int layerIndex, boolean bias, int... index) {
    long h = layerIndex * 1_000_003L + (bias ? 500_009 : 0);
    for (int i : index) {
      h = h * 31 + i;
    }
    return (float) ((Math.floorMod(h * 2654435761L, 20_001) - 10_000) / 100_000.0);
  }

  /**
   * Writes a Keras weights file.
   *
   * @param file target path
   * @param layout where the layers go
   * @param naming how the weights are named
   * @param specs layers to write, in order
   */
  public static void write(Path file, Layout layout, Naming naming, List<Spec> specs) {
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      WritableGroup root = hdf;
      if (layout == Layout.FULL_MODEL) {
        hdf.putAttribute("keras_version", "2.4.0");
        hdf.putAttribute("backend", "tensorflow");
        hdf.putAttribute("model_config", "{\"class_name\": \"Functional\", \"config\": {}}");
        hdf.putAttribute("training_config", "{\"loss\": \"binary_crossentropy\"}");
        WritableGroup optimizer = hdf.putGroup("optimizer_weights");
        optimizer.putAttribute("weight_names", new String[] {"Adam/iter:0"});
        optimizer.putGroup("Adam").putDataset("iter:0", new long[] {4});
        root = hdf.putGroup(KerasWeightsFile.MODEL_WEIGHTS_GROUP);
      }
      root.putAttribute("layer_names", specs.stream().map(Spec::name).toArray(String[]::new));
      root.putAttribute("backend", "tensorflow");
      root.putAttribute("keras_version", "2.4.0");
      for (int i = 0; i < specs.size(); i++) {
        Spec spec = specs.get(i);
        WritableGroup layer = root.putGroup(spec.name());
        Object kernel = nested(i, false, spec.kernelShape());
        Object bias = nested(i, true, new int[] {spec.kernelShape()[spec.kernelShape().length - 1]});
        if (naming == Naming.TF2) {
          layer.putAttribute("weight_names",
              new String[] {spec.name() + "/kernel:0", spec.name() + "/bias:0"});
          WritableGroup inner = layer.putGroup(spec.name());
          inner.putDataset("kernel:0", kernel);
          inner.putDataset("bias:0", bias);
        } else {
          layer.putAttribute("weight_names",
              new String[] {spec.name() + "_W_1:0", spec.name() + "_b_1:0"});
          layer.putDataset(spec.name() + "_W_1:0", kernel);
          layer.putDataset(spec.name() + "_b_1:0", bias);
        }
      }
    }
  }

  /** A nested float array of the given shape filled with {@link #value}. */
  static Object nested(int layerIndex, boolean bias, int[] shape) {
    Object array = Array.newInstance(float.class, shape);
    fill(array, layerIndex, bias, shape, new int[shape.length], 0);
    return array;
  }

  private static void fill(Object array, int layer, boolean bias, int[] shape, int[] index, int depth) {
    if (depth == shape.length - 1) {
      float[] row = (float[]) array;
      for (int i = 0; i < row.length; i++) {
        index[depth] = i;
        row[i] = value(layer, bias, index);
      }
      return;
    }
    for (int i = 0; i < shape[depth]; i++) {
      index[depth] = i;
      fill(Array.get(array, i), layer, bias, shape, index, depth + 1);
    }
  }
}
