package io.github.covidxray.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The covid-xray version, from the Maven-filtered {@code io/github/covidxray/covid-xray.properties}. */
final class SdkVersion {

  /** What is recorded when the version cannot be determined (e.g. classes compiled outside Maven). */
  static final String UNKNOWN = "unknown";

  private static final String RESOURCE = "/io/github/covidxray/covid-xray.properties";

  private SdkVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@value #UNKNOWN}. */
  static String current() {
    try (InputStream in = SdkVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").strip();
      return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
    } catch (IOException e) {
      return UNKNOWN;
    }
  }
}
