package io.github.covidxray.model;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes Keras HDF5 weights files with jHDF (pure Java, no native HDF5 library).
 *
 * <p>Two layouts are read, the two that Keras 2 writes:
 *
 * <ul>
 *   <li><b>{@code save_weights}</b>: the root group carries a {@code layer_names} attribute; each
 *       layer is a group with a {@code weight_names} attribute whose entries are dataset paths
 *       relative to the layer group, for example {@code block1_conv1/block1_conv1/kernel:0} (TF 2
 *       naming) or {@code block1_conv1/block1_conv1_W_1:0} (the Keras 1 naming of the ImageNet
 *       files). Keras's ImageNet files use this layout.
 *   <li><b>Full model</b> ({@code model.save(path, save_format="h5")}, the tutorial's
 *       {@code covid19.model}): the same structure inside a {@code model_weights} group, next to the
 *       model's JSON configuration and optimizer state, which are ignored here.
 * </ul>
 *
 * <p>Attributes that Keras split into chunks because they exceeded the HDF5 object-header limit
 * ({@code layer_names0}, {@code layer_names1}, ...) are joined as Keras does. Weights are returned in
 * {@code weight_names} order, which is the order Keras itself uses to assign them (kernel, then bias).
 *
 * <p>Writing produces the {@code save_weights} layout. jHDF 0.9.4 can write groups, float datasets
 * and string-array attributes, but it cannot write an empty string array and writes a group without
 * children as a corrupt object header; both only occur for weightless layers, so the writer leaves
 * weightless layers out. Keras's own loader skips such layers anyway (it filters {@code layer_names}
 * to layers with weights), so the files stay loadable by Keras.
 */
final class KerasWeightsFile {

  /** Name of the group that holds the weights in a full-model file. */
  public static final String MODEL_WEIGHTS_GROUP = "model_weights";

  /**
   * The {@code keras_version} attribute written: it names the Keras 2 layout of the file (Keras
   * treats files without it as Keras 1 files), not the program that wrote it.
   */
  public static final String KERAS_LAYOUT_VERSION = "2.4.0";

  private static final String LAYER_NAMES = "layer_names";
  private static final String WEIGHT_NAMES = "weight_names";

  private KerasWeightsFile() {}

  /**
   * Reads every layer listed in a Keras weights file, in file order, including weightless layers
   * (with an empty weight list).
   *
   * @param file a Keras HDF5 weights file in either layout
   * @return the layers and their weight arrays
   * @throws WeightsFileException if the file is missing, not HDF5, truncated, or not a Keras layout
   */
  public static List<KerasLayer> read(Path file) {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new WeightsFileException(file, "is a directory, not an HDF5 weights file (Keras SavedModel"
          + " directories are not supported: save the Keras model with save_format=\"h5\" or use"
          + " save_weights(\"....h5\"))", null);
    }
    if (!Files.isRegularFile(file)) {
      throw new WeightsFileException(file, "does not exist or is not a regular file", null);
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Group root = weightsRoot(file, hdf);
      List<KerasLayer> layers = new ArrayList<>();
      for (String layerName : stringList(file, root, LAYER_NAMES)) {
        Node node = root.getChildren().get(layerName);
        if (!(node instanceof Group layerGroup)) {
          throw new WeightsFileException(file, layerName, null, null,
              "'" + LAYER_NAMES + "' lists layer '" + layerName + "' but the file has no group of that"
                  + " name in '" + root.getPath() + "'", null);
        }
        List<KerasWeight> weights = new ArrayList<>();
        for (String weightName : stringList(file, layerGroup, WEIGHT_NAMES)) {
          weights.add(readWeight(file, layerName, layerGroup, weightName));
        }
        layers.add(new KerasLayer(layerName, weights));
      }
      return List.copyOf(layers);
    } catch (WeightsFileException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WeightsFileException(file,
          "cannot be read as an HDF5 file (truncated, or not HDF5 at all?): " + e, e);
    }
  }

  /**
   * Writes layers in Keras's {@code save_weights} layout: weight {@code layer/kernel:0} of layer
   * {@code layer} is stored at {@code /layer/layer/kernel:0}. Only layers with weights are written
   * (see the class comment). The file is written to a temporary sibling and moved into place, so an
   * existing file is replaced only when the new one is complete.
   *
   * @param file the target file
   * @param layers the layers, in the order Keras should assign them
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, List<KerasLayer> layers) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(layers, "layers");
    List<KerasLayer> withWeights = layers.stream().filter(KerasLayer::hasWeights).toList();
    if (withWeights.isEmpty()) {
      throw new IllegalArgumentException("no layer with weights to write to " + file);
    }
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp");
    try {
      try (WritableHdfFile hdf = HdfFile.write(tmp)) {
        hdf.putAttribute(LAYER_NAMES, withWeights.stream().map(KerasLayer::name).toArray(String[]::new));
        hdf.putAttribute("backend", "tensorflow");
        hdf.putAttribute("keras_version", KERAS_LAYOUT_VERSION);
        for (KerasLayer layer : withWeights) {
          WritableGroup layerGroup = hdf.putGroup(layer.name());
          layerGroup.putAttribute(WEIGHT_NAMES,
              layer.weights().stream().map(KerasWeight::name).toArray(String[]::new));
          Map<String, WritableGroup> groups = new HashMap<>();
          for (KerasWeight weight : layer.weights()) {
            putWeight(layerGroup, groups, weight);
          }
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot write Keras weights file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Group weightsRoot(Path file, HdfFile hdf) {
    if (hasListAttribute(hdf, LAYER_NAMES)) {
      return hdf;
    }
    Node modelWeights = hdf.getChildren().get(MODEL_WEIGHTS_GROUP);
    if (modelWeights instanceof Group group && hasListAttribute(group, LAYER_NAMES)) {
      return group;
    }
    throw new WeightsFileException(file, "is HDF5 but not a Keras weights file: it has no '"
        + LAYER_NAMES + "' attribute at the root (save_weights layout) nor in a '"
        + MODEL_WEIGHTS_GROUP + "' group (full-model layout)", null);
  }

  private static boolean hasListAttribute(Node node, String name) {
    return node.getAttribute(name) != null || node.getAttribute(name + "0") != null;
  }

  /** A string-list attribute, joined from Keras's chunks if it was split; empty if absent. */
  private static List<String> stringList(Path file, Node node, String name) {
    Attribute whole = node.getAttribute(name);
    if (whole != null) {
      return strings(file, node, name, whole.getData());
    }
    List<String> joined = new ArrayList<>();
    for (int chunk = 0; ; chunk++) {
      Attribute part = node.getAttribute(name + chunk);
      if (part == null) {
        return joined;
      }
      joined.addAll(strings(file, node, name + chunk, part.getData()));
    }
  }

  private static List<String> strings(Path file, Node node, String name, Object data) {
    if (data == null) {
      return List.of();
    }
    if (data instanceof String single) {
      return List.of(single);
    }
    if (data instanceof String[] many) {
      return List.of(many);
    }
    // h5py stores an empty Python list as an empty float64 array.
    if (data.getClass().isArray() && Array.getLength(data) == 0) {
      return List.of();
    }
    throw new WeightsFileException(file, "attribute '" + name + "' of '" + node.getPath()
        + "' should be a list of strings but holds " + data.getClass().getSimpleName(), null);
  }

  private static KerasWeight readWeight(Path file, String layer, Group layerGroup, String weightName) {
    Node node;
    try {
      node = layerGroup.getByPath(weightName);
    } catch (RuntimeException e) {
      node = null;
    }
    if (!(node instanceof Dataset dataset)) {
      throw new WeightsFileException(file, layer, null, null, "layer '" + layer + "' lists weight '"
          + weightName + "' but '" + layerGroup.getPath() + weightName + "' is not a dataset", null);
    }
    int[] shape = dataset.getDimensions();
    Object flat = dataset.getDataFlat();
    float[] values;
    if (flat instanceof float[] floats) {
      values = floats;
    } else if (flat instanceof double[] doubles) {
      values = new float[doubles.length];
      for (int i = 0; i < doubles.length; i++) {
        values[i] = (float) doubles[i];
      }
    } else {
      throw new WeightsFileException(file, layer, null, null, "weight '" + weightName + "' of layer '"
          + layer + "' holds " + dataset.getJavaType() + " values, expected 32-bit floats", null);
    }
    if (values.length != KerasWeight.elementCount(shape)) {
      throw new WeightsFileException(file, layer, null, shape, "weight '" + weightName + "' of layer '"
          + layer + "' has " + values.length + " values for shape " + Arrays.toString(shape), null);
    }
    return new KerasWeight(weightName, shape, values);
  }

  private static void putWeight(
      WritableGroup layerGroup, Map<String, WritableGroup> groups, KerasWeight weight) {
    String[] parts = weight.name().split("/");
    WritableGroup parent = layerGroup;
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      path.append('/').append(parts[i]);
      WritableGroup current = parent;
      String part = parts[i];
      parent = groups.computeIfAbsent(path.toString(), p -> current.putGroup(part));
    }
    parent.putDataset(parts[parts.length - 1], nested(weight.values(), weight.shape()));
  }

  /** Turns row-major values into the nested Java array jHDF writes with the right dimensions. */
  private static Object nested(float[] flat, int[] shape) {
    if (shape.length <= 1) {
      return flat;
    }
    Object array = Array.newInstance(float.class, shape);
    fill(array, flat, 0, shape, 0);
    return array;
  }

  private static int fill(Object array, float[] flat, int offset, int[] shape, int depth) {
    if (depth == shape.length - 1) {
      float[] row = (float[]) array;
      System.arraycopy(flat, offset, row, 0, row.length);
      return offset + row.length;
    }
    for (int i = 0; i < shape[depth]; i++) {
      offset = fill(Array.get(array, i), flat, offset, shape, depth + 1);
    }
    return offset;
  }
}
