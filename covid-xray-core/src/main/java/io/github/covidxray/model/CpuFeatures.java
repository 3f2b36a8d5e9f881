package io.github.covidxray.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The CPU's feature flags as Linux reports them, to decide whether bfloat16 runs natively. */
final class CpuFeatures {

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  private CpuFeatures() {}

  /** The flags of the first CPU in {@code /proc/cpuinfo}; empty where there is none (not Linux). */
  static Set<String> current() {
    try {
      return Files.readAllLines(CPUINFO).stream()
          .filter(line -> line.startsWith("flags"))
          .findFirst()
          .map(line -> Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
              .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()))
          .orElse(Set.of());
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }
}
