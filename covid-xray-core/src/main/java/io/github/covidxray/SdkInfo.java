package io.github.covidxray;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Facts about this SDK that outputs carry: its version (recorded in saved models) and the
 * research-use-only notice that every report, plot and command line shows.
 */
public final class SdkInfo {

  /** One line shown with every result: nothing this SDK produces is a diagnosis. */
  public static final String RESEARCH_USE_NOTICE =
      "Research use only: not a medical device; its outputs must not be used to diagnose anyone.";

  /** What is recorded when the version cannot be determined (e.g. classes compiled outside Maven). */
  public static final String UNKNOWN_VERSION = "unknown";

  private static final String VERSION_RESOURCE = "/io/github/covidxray/covid-xray.properties";

  private SdkInfo() {}

  /** The SDK's Maven version, e.g. {@code 0.1.0-SNAPSHOT}, or {@value #UNKNOWN_VERSION}. */
  public static String version() {
    try (InputStream in = SdkInfo.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        return UNKNOWN_VERSION;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").strip();
      return version.isEmpty() || version.startsWith("${") ? UNKNOWN_VERSION : version;
    } catch (IOException e) {
      return UNKNOWN_VERSION;
    }
  }
}
