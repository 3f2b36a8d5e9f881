package io.github.covidxray.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the layers of a Keras weights file onto the model's layers, checking everything before
 * anything is used (see {@link VggWeights#file(Path)} for the rules).
 */
final class KerasWeightsMapping {

  private static final Logger LOG = LoggerFactory.getLogger(KerasWeightsMapping.class);

  private KerasWeightsMapping() {}

  /**
   * Reads and maps a file.
   *
   * @param file the Keras HDF5 file
   * @param specs the model's layers
   * @return layer name → weights, base layers always, head layers if the file has them
   * @throws WeightsFileException naming the file, the layer, the expected and the found shape
   */
  static Map<String, LayerWeights> load(Path file, List<LayerSpec> specs) {
    return map(file, KerasWeightsFile.read(file), specs);
  }

  /**
   * Maps already-read layers.
   *
   * @param file the file they came from (for messages)
   * @param fileLayers the layers as read
   * @param specs the model's layers
   * @return layer name → weights, base layers always, head layers if the file has them
   */
  static Map<String, LayerWeights> map(Path file, List<KerasLayer> fileLayers, List<LayerSpec> specs) {
    Map<String, LayerSpec> base = new LinkedHashMap<>();
    List<LayerSpec> head = new ArrayList<>();
    for (LayerSpec spec : specs) {
      if (spec.isHead()) {
        head.add(spec);
      } else {
        base.put(spec.name(), spec);
      }
    }
    Map<String, KerasLayer> baseFound = new LinkedHashMap<>();
    List<KerasLayer> others = new ArrayList<>();
    for (KerasLayer layer : fileLayers) {
      if (!layer.hasWeights()) {
        continue;
      }
      if (base.containsKey(layer.name())) {
        if (baseFound.put(layer.name(), layer) != null) {
          throw new WeightsFileException(file, layer.name(), null, null,
              "layer '" + layer.name() + "' appears twice", null);
        }
      } else {
        others.add(layer);
      }
    }
    List<String> missing = base.keySet().stream().filter(n -> !baseFound.containsKey(n)).toList();
    if (!missing.isEmpty()) {
      LayerSpec first = base.get(missing.get(0));
      throw new WeightsFileException(file, first.name(), first.kernelShape(), null, String.format(
          "missing layer '%s' (expected kernel %s and bias %s); missing layers: %s; layers with weights"
              + " in the file: %s",
          first.name(), Arrays.toString(first.kernelShape()), Arrays.toString(first.biasShape()),
          missing, fileLayers.stream().filter(KerasLayer::hasWeights).map(KerasLayer::name).toList()),
          null);
    }
    Map<LayerSpec, KerasLayer> pairs = new LinkedHashMap<>();
    base.values().forEach(spec -> pairs.put(spec, baseFound.get(spec.name())));
    pairs.putAll(mapHead(file, others, head));

    Map<String, LayerWeights> result = new LinkedHashMap<>();
    pairs.forEach((spec, layer) -> result.put(spec.name(), toLayerWeights(file, spec, layer)));
    return result;
  }

  private static Map<LayerSpec, KerasLayer> mapHead(
      Path file, List<KerasLayer> others, List<LayerSpec> head) {
    Map<LayerSpec, KerasLayer> pairs = new LinkedHashMap<>();
    if (others.isEmpty()) {
      LOG.info("{} holds no head layers; the head keeps its seeded initialisation", file);
      return pairs;
    }
    List<String> otherNames = others.stream().map(KerasLayer::name).toList();
    List<String> headNames = head.stream().map(LayerSpec::name).toList();
    if (otherNames.size() == head.size() && otherNames.containsAll(headNames)) {
      for (LayerSpec spec : head) {
        pairs.put(spec, others.get(otherNames.indexOf(spec.name())));
      }
      return pairs;
    }
    if (otherNames.size() == head.size()) {
      LOG.info("{}: head layers {} mapped in file order onto {}", file, otherNames, headNames);
      for (int i = 0; i < head.size(); i++) {
        pairs.put(head.get(i), others.get(i));
      }
      return pairs;
    }
    KerasLayer first = others.stream()
        .filter(l -> !headNames.contains(l.name())).findFirst().orElse(others.get(0));
    throw new WeightsFileException(file, first.name(), null, first.weights().get(0).shape(),
        String.format("layer '%s' (weights %s) cannot be mapped onto this model; layers outside the"
                + " VGG16 base: %s, but the head has exactly %d dense layers %s (named so, or any two"
                + " in file order)",
            first.name(), first.weights().stream().map(w -> Arrays.toString(w.shape())).toList(),
            otherNames, head.size(), headNames),
        null);
  }

  private static LayerWeights toLayerWeights(Path file, LayerSpec spec, KerasLayer layer) {
    List<KerasWeight> weights = layer.weights();
    if (weights.size() != 2) {
      throw new WeightsFileException(file, spec.name(), null, null, String.format(
          "layer '%s' (file layer '%s') should hold a kernel and a bias but holds %d weights: %s",
          spec.name(), layer.name(), weights.size(), weights.stream().map(KerasWeight::name).toList()),
          null);
    }
    KerasWeight kernel = weights.get(0);
    KerasWeight bias = weights.get(1);
    checkShape(file, spec, layer, "kernel", spec.kernelShape(), kernel);
    checkShape(file, spec, layer, "bias", spec.biasShape(), bias);
    return new LayerWeights(spec.name(), spec.kernelShape(), kernel.values(), bias.values());
  }

  private static void checkShape(
      Path file, LayerSpec spec, KerasLayer layer, String what, int[] expected, KerasWeight found) {
    if (!Arrays.equals(expected, found.shape())) {
      String source = layer.name().equals(spec.name()) ? "" : " (file layer '" + layer.name() + "')";
      throw new WeightsFileException(file, spec.name(), expected, found.shape(), String.format(
          "layer '%s'%s: %s '%s' has shape %s, expected %s",
          spec.name(), source, what, found.name(), Arrays.toString(found.shape()),
          Arrays.toString(expected)), null);
    }
  }
}
