package io.github.covidxray.explain;

import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.data.RgbImage;
import io.github.covidxray.metrics.DecisionRule;
import io.github.covidxray.model.ClassScore;
import io.github.covidxray.model.VggTransferModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017) for a {@link VggTransferModel}: for the chosen class's score
 * {@code S} and a convolution layer's output {@code A}, {@code α_k = mean_{y,x} ∂S/∂A[y, x, k]} and
 * {@code map = ReLU(Σ_k α_k A[:, :, k])}, computed in the model's own graph (see
 * {@link VggTransferModel#gradCam}), then normalised to [0, 1] by its maximum (all zeros when it is 0)
 * and resized to the image with OpenCV's bilinear interpolation.
 *
 * <pre>{@code
 * GradCam cam = GradCam.builder(model).build();             // block5_conv3, predicted class, logit
 * GradCamResult r = cam.explain(Path.of("chest.png"));       // map at the file's own size
 * GradCamOverlay.write(Path.of("chest.gradcam.png"), ImagePreprocessor.of(224).decode(file), r);
 * }</pre>
 *
 * <p>With the tutorial's head (a 4×4 VALID average pool on the 7×7 block-5 grid at 224) the output
 * depends only on the top-left 4×4 cells, so block5_conv3's gradients, and hence α, come from its
 * top-left 8×8 of 14×14: the map can still light up elsewhere (α weights every position's
 * activation), but nothing outside that region can change the prediction
 * ({@link VggTransferModel#summary()}). A heat map shows where the score is sensitive, not a finding.
 */
public final class GradCam {

  /** The layer explained by default: the last convolution, as in the paper. */
  public static final String DEFAULT_LAYER = "block5_conv3";

  /** Images per forward/backward pass by default. */
  public static final int DEFAULT_BATCH_SIZE = 8;

  private final VggTransferModel model;
  private final String layer;
  private final Optional<Integer> targetClass;
  private final ClassScore score;
  private final int batchSize;

  private GradCam(Builder b, Optional<Integer> targetClass) {
    this.model = b.model;
    this.layer = b.layer;
    this.targetClass = targetClass;
    this.score = b.score;
    this.batchSize = b.batchSize;
  }

  /**
   * A builder for a model, with the defaults: {@value #DEFAULT_LAYER}, the predicted class, the
   * logit, batches of {@value #DEFAULT_BATCH_SIZE}.
   *
   * @param model the model to explain; it stays the caller's to close
   * @return the builder
   */
  public static Builder builder(VggTransferModel model) {
    return new Builder(model);
  }

  /** The convolution layer explained. */
  public String layer() {
    return layer;
  }

  /** The class explained for every image, or empty for each image's predicted class. */
  public Optional<String> targetClass() {
    return targetClass.map(i -> model.classes().get(i));
  }

  /** What is differentiated. */
  public ClassScore score() {
    return score;
  }

  /**
   * Explains images already at the model's input size, in batches.
   *
   * @param imagesNhwc {@code count} RGB images, NHWC, values in [0, 1], of the model's input size
   * @param count number of images
   * @return one result per image, in order, maps at the input size; sources {@code image 0}, …
   */
  public List<GradCamResult> explain(float[] imagesNhwc, int count) {
    Objects.requireNonNull(imagesNhwc, "imagesNhwc");
    int s = model.inputSize();
    int per = s * s * 3;
    if (count < 1 || imagesNhwc.length != (long) count * per) {
      throw new IllegalArgumentException(String.format(
          "imagesNhwc has %d values, expected %d images x %d x %d x 3", imagesNhwc.length, count, s, s));
    }
    List<GradCamResult> results = new ArrayList<>();
    for (int start = 0; start < count; start += batchSize) {
      int n = Math.min(batchSize, count - start);
      float[] chunk = Arrays.copyOfRange(imagesNhwc, start * per, (start + n) * per);
      List<String> sources = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sources.add("image " + (start + i));
      }
      results.addAll(run(chunk, n, sources, s, s));
    }
    return results;
  }

  /**
   * Explains one image file, preprocessed as {@link VggTransferModel#classify(Path)} preprocesses it;
   * the map is resized to the file's own size, so it lies over the image as stored.
   *
   * @param imageFile a JPEG, PNG, BMP, TIFF, WebP or DICOM file (its first frame)
   * @return its result
   * @throws io.github.covidxray.data.InvalidImageException naming the file if it cannot be read
   */
  public GradCamResult explain(Path imageFile) {
    Objects.requireNonNull(imageFile, "imageFile");
    ImagePreprocessor preprocessor = ImagePreprocessor.of(model.inputSize());
    RgbImage original = OriginalImages.decode(imageFile, preprocessor);
    float[] pixels = preprocessor.preprocessToUnitFloats(imageFile);
    return run(pixels, 1, List.of(imageFile.toString()), original.width(), original.height()).get(0);
  }

  private List<GradCamResult> run(float[] images, int n, List<String> sources, int width, int height) {
    float[][] probabilities = model.predict(images, n);
    List<String> classes = model.classes();
    DecisionRule rule = model.decisionRule();
    int[] predicted = new int[n];
    int[] explained = new int[n];
    for (int i = 0; i < n; i++) {
      double[] p = new double[classes.size()];
      for (int c = 0; c < p.length; c++) {
        p[c] = probabilities[i][c];
      }
      predicted[i] = rule.predict(p, classes);
      explained[i] = targetClass.orElse(predicted[i]);
    }
    float[][][] grids = model.gradCam(images, n, layer, explained, score);
    List<GradCamResult> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Double> byClass = new LinkedHashMap<>();
      for (int c = 0; c < classes.size(); c++) {
        byClass.put(classes.get(c), (double) probabilities[i][c]);
      }
      float[][] map = HeatMaps.resizeBilinear(HeatMaps.normalise(grids[i]), width, height);
      results.add(new GradCamResult(sources.get(i), classes.get(explained[i]), classes.get(predicted[i]),
          byClass, map));
    }
    return results;
  }

  /** Settings of a {@link GradCam}, checked against the model in {@link #build()}. */
  public static final class Builder {

    private final VggTransferModel model;
    private String layer = DEFAULT_LAYER;
    private String targetClass;
    private ClassScore score = ClassScore.LOGIT;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder(VggTransferModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * The convolution layer to explain, by Keras name (default {@value GradCam#DEFAULT_LAYER}).
     *
     * @param layer e.g. {@code block4_conv3}
     * @return this builder
     */
    public Builder layer(String layer) {
      this.layer = Objects.requireNonNull(layer, "layer");
      return this;
    }

    /**
     * Explain this class for every image, e.g. {@code "covid"}; {@code null} goes back to the default,
     * each image's predicted class.
     *
     * @param className one of the model's classes
     * @return this builder
     */
    public Builder targetClass(String className) {
      this.targetClass = className;
      return this;
    }

    /**
     * What is differentiated (default {@link ClassScore#LOGIT}, the paper's pre-softmax score).
     *
     * @param score the score
     * @return this builder
     */
    public Builder score(ClassScore score) {
      this.score = Objects.requireNonNull(score, "score");
      return this;
    }

    /**
     * Images per forward and backward pass (default {@value GradCam#DEFAULT_BATCH_SIZE}).
     *
     * @param batchSize positive
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Checks the settings against the model.
     *
     * @return the explainer
     * @throws IllegalArgumentException for a layer that is not one of the model's convolutions (the
     *     message lists them), a class it does not have (listing its classes) or a batch size below 1
     */
    public GradCam build() {
      if (!model.convolutionLayerNames().contains(layer)) {
        throw new IllegalArgumentException("Grad-CAM needs a convolution layer; '" + layer
            + "' is not one of the model's: " + model.convolutionLayerNames());
      }
      Optional<Integer> target = Optional.empty();
      if (targetClass != null) {
        int index = model.classes().indexOf(targetClass);
        if (index < 0) {
          throw new IllegalArgumentException("targetClass '" + targetClass + "' is not one of the model's"
              + " classes " + model.classes());
        }
        target = Optional.of(index);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
      }
      return new GradCam(this, target);
    }
  }
}
