package io.github.covidxray.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Stratified bootstrap percentile interval for the ROC AUC.
 *
 * <p>Each resample draws, with replacement, as many positives from the positives and as many
 * negatives from the negatives as the sample has (stratified, so every resample has an AUC and the
 * class balance of the data is kept). The interval is the {@code (1 - level) / 2} and
 * {@code (1 + level) / 2} percentiles of the resampled AUCs, interpolated linearly (numpy's default
 * {@code percentile}).
 *
 * <p>Reproducible: the draws come from {@link java.util.Random} (whose algorithm the JDK specifies)
 * seeded with {@link #seed()}, in a fixed order: for each resample, all positive draws
 * ({@code nextInt(positives)}, in the order the positives appear in the data) then all negative draws.
 *
 * <p>Limits worth knowing: with few samples, or a perfectly separating model, the percentile interval
 * is narrow or collapses to a point (every resample has AUC 1.0); it says nothing about data the
 * model has never seen. Use the interval to show how little a small test set proves.
 */
public final class AucBootstrap {

  /** Default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 2000;
  /** Default seed. */
  public static final long DEFAULT_SEED = 42L;

  private final int resamples;
  private final long seed;
  private final double confidenceLevel;

  private AucBootstrap(Builder builder) {
    this.resamples = builder.resamples;
    this.seed = builder.seed;
    this.confidenceLevel = builder.confidenceLevel;
  }

  /** 2000 resamples, seed 42, 95% level. */
  public static AucBootstrap defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of resamples. */
  public int resamples() {
    return resamples;
  }

  /** Seed of the resampling. */
  public long seed() {
    return seed;
  }

  /** Confidence level of the interval. */
  public double confidenceLevel() {
    return confidenceLevel;
  }

  /** The curve's AUC with its bootstrap interval. */
  public AucEstimate estimate(RocCurve curve) {
    Objects.requireNonNull(curve, "curve");
    double[] aucs = resampledAucs(curve);
    Arrays.sort(aucs);
    double tail = (1.0 - confidenceLevel) / 2.0;
    double lower = percentile(aucs, tail);
    double upper = percentile(aucs, 1.0 - tail);
    return new AucEstimate(curve.auc(), new ConfidenceInterval(lower, upper, confidenceLevel), resamples, seed);
  }

  /** The AUC of every resample, in resampling order. */
  double[] resampledAucs(RocCurve curve) {
    double[] scores = curve.scoresView();
    boolean[] positive = curve.actualPositiveView();
    int n = scores.length;
    // Dense ranks of the distinct scores, ascending, so a resample's AUC is one counting sweep.
    double[] distinct = scores.clone();
    Arrays.sort(distinct);
    int groups = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || distinct[i] != distinct[groups - 1]) {
        distinct[groups++] = distinct[i];
      }
    }
    int[] positiveGroups = new int[curve.positives()];
    int[] negativeGroups = new int[curve.negatives()];
    int p = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
      int group = Arrays.binarySearch(distinct, 0, groups, scores[i]);
      if (positive[i]) {
        positiveGroups[p++] = group;
      } else {
        negativeGroups[q++] = group;
      }
    }
    Random random = new Random(seed);
    int[] positiveCounts = new int[groups];
    int[] negativeCounts = new int[groups];
    double pairs2 = 2.0 * p * q;
    double[] aucs = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      Arrays.fill(positiveCounts, 0);
      Arrays.fill(negativeCounts, 0);
      for (int i = 0; i < p; i++) {
        positiveCounts[positiveGroups[random.nextInt(p)]]++;
      }
      for (int i = 0; i < q; i++) {
        negativeCounts[negativeGroups[random.nextInt(q)]]++;
      }
      long twiceWins = 0;
      long negativesBelow = 0;
      for (int g = 0; g < groups; g++) {
        twiceWins += positiveCounts[g] * (2 * negativesBelow + negativeCounts[g]);
        negativesBelow += negativeCounts[g];
      }
      aucs[r] = twiceWins / pairs2;
    }
    return aucs;
  }

  /** numpy's {@code percentile(values, 100 q)} with linear interpolation, on sorted values. */
  static double percentile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int below = (int) Math.floor(h);
    if (below >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double fraction = h - below;
    return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
  }

  /** Builder; validates in {@link #build()}. */
  public static final class Builder {
    private int resamples = DEFAULT_RESAMPLES;
    private long seed = DEFAULT_SEED;
    private double confidenceLevel = Proportion.DEFAULT_CONFIDENCE_LEVEL;

    private Builder() {}

    /** Number of resamples (default 2000); at least 1, a few thousand for stable percentiles. */
    public Builder resamples(int resamples) {
      this.resamples = resamples;
      return this;
    }

    /** Seed of the resampling (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Confidence level (default 0.95). */
    public Builder confidenceLevel(double confidenceLevel) {
      this.confidenceLevel = confidenceLevel;
      return this;
    }

    /** The bootstrap; rejects a non-positive resample count or a level outside (0, 1). */
    public AucBootstrap build() {
      if (resamples < 1) {
        throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
      }
      ConfidenceInterval.checkLevel(confidenceLevel);
      return new AucBootstrap(this);
    }
  }
}
