package io.github.covidxray.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link VggTransferModel#summary()}: the layers as Keras's {@code model.summary()} lists the
 * tutorial's model (input, 13 convolutions, 5 max-pools, the head), with a trainable column, the
 * totals, and the head's coverage of the block-5 grid.
 */
final class ModelSummary {

  private static final String FORMAT = "%-32s %-22s %12s  %s%n";

  private ModelSummary() {}

  private record Row(String name, String type, String shape, long params, boolean trainable) {}

  static String of(ModelConfig config, List<LayerSpec> specs) {
    List<Row> rows = new ArrayList<>();
    int side = config.inputSize();
    rows.add(new Row("input_1", "InputLayer", shape(side, side, 3), 0, false));
    int channels = 3;
    for (LayerSpec spec : specs) {
      long params = count(spec.kernelShape()) + spec.biasShape()[0];
      boolean trainable = spec.trainsWith(config.fineTuning());
      if (spec.isConvolution()) {
        channels = spec.kernelShape()[3];
        rows.add(new Row(spec.name(), "Conv2D", shape(side, side, channels), params, trainable));
        if (spec.name().endsWith("_conv" + VggArchitecture.convolutionsIn(spec.block()))) {
          side /= 2;
          rows.add(new Row(VggArchitecture.poolName(spec.block()), "MaxPooling2D",
              shape(side, side, channels), 0, false));
        }
      } else if (spec.name().equals(VggArchitecture.HIDDEN_DENSE)) {
        int pooled = config.headPooledSize();
        rows.add(new Row("average_pooling2d", "AveragePooling2D", shape(pooled, pooled, channels), 0, false));
        rows.add(new Row("flatten", "Flatten", "(None, " + config.headInputFeatures() + ")", 0, false));
        rows.add(new Row(spec.name(), "Dense", "(None, " + config.headUnits() + ")", params, trainable));
        if (config.dropout() > 0) {
          rows.add(new Row("dropout", "Dropout", "(None, " + config.headUnits() + ")", 0, false));
        }
      } else {
        rows.add(new Row(spec.name(), "Dense", "(None, " + config.numClasses() + ")", params, trainable));
      }
    }
    StringBuilder out = new StringBuilder();
    String rule = "_".repeat(80) + "\n";
    out.append(rule).append(String.format(Locale.ROOT, FORMAT, "Layer (type)", "Output Shape", "Param #",
        "Trainable"));
    out.append("=".repeat(80)).append('\n');
    long total = 0;
    long trainable = 0;
    for (Row row : rows) {
      total += row.params();
      trainable += row.trainable() ? row.params() : 0;
      out.append(String.format(Locale.ROOT, FORMAT, row.name() + " (" + row.type() + ")", row.shape(),
          String.format(Locale.ROOT, "%,d", row.params()),
          row.params() == 0 ? "" : row.trainable() ? "yes" : "no"));
    }
    out.append("=".repeat(80)).append('\n');
    out.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    out.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
    out.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
    out.append(rule).append(coverage(config));
    return out.toString();
  }

  /** The head's coverage line, e.g. at 224: 4×4 of the 7×7 grid, block5_conv3 top-left 8×8 of 14×14. */
  static String coverage(ModelConfig config) {
    int grid = config.baseOutputSize();
    int covered = config.headCoveredSize();
    int pool = config.effectiveHeadPoolSize();
    String last = VggArchitecture.convName(VggArchitecture.blocks(),
        VggArchitecture.convolutionsIn(VggArchitecture.blocks()));
    return String.format(Locale.ROOT,
        "Head coverage: AveragePooling2D(%dx%d, stride %d, VALID) on the %dx%d block5_pool grid reads its"
            + " top-left %dx%d cells (%d of %d); gradients of the output with respect to %s (%dx%d) are zero"
            + " outside its top-left %dx%d.%n",
        pool, pool, pool, grid, grid, covered, covered, covered * covered, grid * grid, last, 2 * grid,
        2 * grid, 2 * covered, 2 * covered);
  }

  private static String shape(int h, int w, int c) {
    return "(None, " + h + ", " + w + ", " + c + ")";
  }

  private static long count(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }
}
