package io.github.covidxray.model;

/**
 * What a model's frozen-base feature cache did so far (see
 * {@link VggTransferModel.Builder#featureCacheBytes(long)}): how often the base really ran and how
 * often it was skipped.
 *
 * @param baseEvaluations images that went through the VGG16 base (each image of each batch that ran
 *     it: training steps, evaluation, prediction)
 * @param hits images whose base output came from the cache instead
 * @param cachedImages images whose base output is held now
 * @param bytes heap the held outputs take (an estimate: values plus a fixed per-entry overhead)
 * @param budgetBytes the most the cache may hold; 0 when caching is off
 */
public record FeatureCacheStatistics(
    long baseEvaluations, long hits, int cachedImages, long bytes, long budgetBytes) {}
