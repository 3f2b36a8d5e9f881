package io.github.covidxray.model;

/**
 * Where one forward pass spends its time, per layer (see {@link VggTransferModel#profile}): the
 * figure that tells whether a slow model is slow in its convolutions' kernels or around them.
 *
 * @param layer the Keras layer name ({@code block1_conv1}, {@code block1_pool}, …), or the graph's
 *     name scope for steps that belong to no layer ({@code input_scaling}, {@code other})
 * @param milliseconds time of the layer's kernels in the profiled run, summed over its operations
 * @param flops floating-point operations of the layer for the whole batch (2 × multiply-adds; 0 for
 *     layers that are not convolutions or dense layers)
 */
public record LayerProfile(String layer, double milliseconds, double flops) {

  /** The layer's arithmetic rate in GFLOP/s, or 0 when it has no FLOPs counted or took no time. */
  public double gigaflopsPerSecond() {
    return milliseconds > 0 && flops > 0 ? flops / (milliseconds * 1e6) : 0;
  }
}
