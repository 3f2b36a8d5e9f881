/**
 * Data quality checks that run before training: leakage between training and test images
 * ({@link io.github.covidxray.data.quality.LeakageCheck}: identical files, crop-tolerant
 * near-duplicates by {@link io.github.covidxray.data.quality.PerceptualHash}, shared patient ids)
 * and a whole-data-set audit ({@link io.github.covidxray.data.quality.DatasetAudit}: sizes, channel
 * layouts, duplicates, file names that contradict their label).
 *
 * <p>Kept apart from {@code io.github.covidxray.data} because these are reports about data, not the
 * loading pipeline: they depend on the data package, never the other way round. For research use
 * only.
 */
package io.github.covidxray.data.quality;
