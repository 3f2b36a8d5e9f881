package io.github.covidxray.examples;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child-JVM probe for {@link VerbosityTest}: sets the logging that its arguments ask for, as
 * {@link CovidXray#main} does, then logs one INFO, WARN and ERROR line each as this SDK, another library
 * and jHDF (whose jar ships a simplelogger.properties of its own that logs to System.out).
 */
final class LoggingProbe {

  private LoggingProbe() {}

  public static void main(String[] args) {
    Verbosity.of(args).configureLogging();
    for (String name : new String[] {"io.github.covidxray.Probe", "org.example.Probe", "io.jhdf.Probe"}) {
      Logger log = LoggerFactory.getLogger(name);
      log.info("info");
      log.warn("warn");
      log.error("error");
    }
  }
}
