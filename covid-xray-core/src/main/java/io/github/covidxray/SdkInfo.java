package io.github.covidxray;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts about this SDK that outputs carry: its version (recorded in saved models) and the
 * research-use-only notice that every report, plot and command line shows.
 */
public final class SdkInfo {

  /** One line shown with every result: nothing this SDK produces is a diagnosis. */
  public static final String RESEARCH_USE_NOTICE =
      "Research use only: not a medical device; its outputs must not be used to diagnose anyone.";

  private SdkInfo() {}

  /** The SDK's Maven version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    try (InputStream in = SdkInfo.class.getResourceAsStream("sdk.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SDK version resource", e);
    }
  }
}
