package io.github.covidxray.model;

import java.util.Set;

/**
 * The arithmetic a {@link VggTransferModel} runs in. {@link #BF16} runs the VGG16 base from
 * {@code block1_conv2} to its last pool in bfloat16 through oneDNN, which CPUs with AVX512_BF16 or
 * AMX run about 1.45 times as fast as float32 (measured here); input scaling, {@code block1_conv1}
 * (three input channels, where bfloat16 loses most), the head, every variable and Adam's state stay
 * float32. Measured on the tutorial's 50 X-rays with a random-features base: probabilities within
 * 0.0013 of float32, every class kept, the same results run after run. float32 stays the default, as
 * the tutorial computed.
 */
public enum Precision {
  /** float32 everywhere (the tutorial; the default). */
  FP32,
  /** bfloat16 matrix work through oneDNN; refused on a CPU without AVX512_BF16 or AMX. */
  BF16,
  /** {@link #BF16} where the CPU has AVX512_BF16 or AMX, else {@link #FP32}. */
  AUTO;

  /** {@code /proc/cpuinfo} flags that mean the CPU computes in bfloat16 natively. */
  static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

  /**
   * The precision this one runs in on this machine: {@link #AUTO} becomes {@link #BF16} or
   * {@link #FP32} as the CPU's flags say.
   *
   * @return {@link #FP32} or {@link #BF16}
   * @throws IllegalArgumentException for {@link #BF16} on a CPU without bfloat16 units
   */
  public Precision onThisCpu() {
    return resolve(CpuFeatures.current());
  }

  /**
   * The precision to run in on a CPU with these feature flags.
   *
   * @param cpuFlags the CPU's feature flags (lower case, as in {@code /proc/cpuinfo})
   * @return {@link #FP32} or {@link #BF16}
   * @throws IllegalArgumentException for {@link #BF16} on a CPU without bfloat16 units
   */
  Precision resolve(Set<String> cpuFlags) {
    boolean bf16 = cpuFlags.stream().anyMatch(BF16_FLAGS::contains);
    return switch (this) {
      case FP32 -> FP32;
      case AUTO -> bf16 ? BF16 : FP32;
      case BF16 -> {
        if (!bf16) {
          throw new IllegalArgumentException("precision BF16 needs a CPU with AVX512_BF16 or AMX, and this"
              + " one reports neither (flags " + BF16_FLAGS + " absent); use Precision.AUTO or FP32");
        }
        yield BF16;
      }
    };
  }
}
