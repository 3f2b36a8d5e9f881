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

  /**
   * What this SDK runs on, one fact per line: its version, TensorFlow's and OpenCV's versions, the
   * native platform, and whether the CPU computes in bfloat16. Loads the native libraries.
   *
   * @return e.g. {@code "covid-xray 0.1.0\nTensorFlow 2.18.0\n..."}
   */
  public static String runtime() {
    String n = System.lineSeparator();
    String bf16;
    try {
      bf16 = io.github.covidxray.model.Precision.AUTO.onThisCpu() == io.github.covidxray.model.Precision.BF16
          ? "yes (AVX512_BF16 or AMX): --precision auto uses bf16" : "no: --precision auto uses fp32";
    } catch (RuntimeException e) {
      bf16 = "unknown (" + e.getMessage() + ")";
    }
    return "covid-xray " + version() + n
        + "TensorFlow " + org.tensorflow.TensorFlow.version() + " (TensorFlow Java natives)" + n
        + "OpenCV " + org.bytedeco.opencv.global.opencv_core.CV_VERSION + " (JavaCPP "
        + org.bytedeco.javacpp.Loader.getPlatform() + ")" + n
        + "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores" + n
        + "bfloat16 CPU: " + bf16 + n;
  }

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
