package io.github.covidxray.study;

/**
 * What a study does when the training and test images overlap (identical files, near-duplicates or
 * shared patients): such overlap makes test figures optimistic, so a study checks before training.
 */
public enum LeakagePolicy {
  /** Check, report the pairs to the listener, and go on (the default). */
  WARN,
  /** Check and stop with a {@code LeakageException} listing the pairs, before any training. */
  FAIL,
  /** Do not check (e.g. for data sets already audited elsewhere). */
  IGNORE
}
