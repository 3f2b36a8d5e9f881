package io.github.covidxray.data.quality;

import io.github.covidxray.data.DatasetException;
import java.util.Objects;

/**
 * A strict {@link LeakageCheck} found training and test images that are the same file, near-duplicates
 * or the same patient; the message lists every pair.
 */
public class LeakageException extends DatasetException {

  private static final long serialVersionUID = 1L;

  /** Not serialized with the exception; the message carries the same information as text. */
  private final transient LeakageReport report;

  /**
   * Creates the exception for a report that found something.
   *
   * @param report the findings
   */
  public LeakageException(LeakageReport report) {
    super("Data leakage between training and test images: " + Objects.requireNonNull(report, "report").describe()
        + System.lineSeparator() + "Fix the split (keep each patient and each duplicate on one side, "
        + "ImageDataset.split keeps groups whole once they are set with withGroups) or remove the duplicates; use a non-strict check to only warn.");
    this.report = report;
  }

  /**
   * The findings.
   *
   * @return the report, or {@code null} after deserialization
   */
  public LeakageReport report() {
    return report;
  }
}
