package io.github.covidxray.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a model says about one image file ({@link VggTransferModel#classify(Path)}): the probability of
 * every class and the class its decision rule picks. For research use only: it diagnoses no one, and
 * {@link #toString()} says so.
 *
 * @param file the image file classified
 * @param probabilities class name → probability, in the model's class order
 * @param predictedClass the class the decision rule picks, one of the keys of {@code probabilities}
 * @param decisionRule how it was picked: {@code argmax}, or the stored threshold, e.g.
 *     {@code p(covid) >= 0.4100 (Youden's J)}
 */
public record Prediction(Path file, Map<String, Double> probabilities, String predictedClass,
    String decisionRule) {

  /** Copies the probabilities in order (unmodifiable) and checks the predicted class is among them. */
  public Prediction {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(predictedClass, "predictedClass");
    Objects.requireNonNull(decisionRule, "decisionRule");
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    if (!probabilities.containsKey(predictedClass)) {
      throw new IllegalArgumentException("predicted class '" + predictedClass
          + "' is not one of the classes " + probabilities.keySet());
    }
  }

  /**
   * The probability of one class.
   *
   * @param className a class name of the model
   * @return its probability
   * @throws IllegalArgumentException for an unknown class
   */
  public double probability(String className) {
    Double p = probabilities.get(className);
    if (p == null) {
      throw new IllegalArgumentException(
          "no class '" + className + "'; classes: " + probabilities.keySet());
    }
    return p;
  }

  /**
   * E.g. {@code x.png: covid (argmax); covid 0.9120, normal 0.0880} and, on a second line, the
   * research-use notice.
   */
  @Override
  public String toString() {
    String figures = probabilities.entrySet().stream()
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.4f", e.getValue()))
        .collect(Collectors.joining(", "));
    return file + ": " + predictedClass + " (" + decisionRule + "); " + figures
        + System.lineSeparator() + ModelMetadata.RESEARCH_USE_NOTICE;
  }
}
