package io.github.covidxray.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the fixtures that generate.py wrote with scikit-learn / statsmodels / numpy. */
final class Fixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** The parsed {@code fixtures/metrics/<name>} resource. */
  static JsonNode load(String name) {
    String path = "/fixtures/metrics/" + name;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path + " (run generate.py)");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The "cases" array of a fixture file. */
  static List<JsonNode> cases(String name) {
    List<JsonNode> cases = new ArrayList<>();
    load(name).get("cases").forEach(cases::add);
    return cases;
  }

  static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).intValue();
    }
    return values;
  }

  static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).doubleValue();
    }
    return values;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.textValue()));
    return values;
  }

  static long[][] matrix(JsonNode rows) {
    long[][] values = new long[rows.size()][];
    for (int i = 0; i < values.length; i++) {
      JsonNode row = rows.get(i);
      values[i] = new long[row.size()];
      for (int j = 0; j < values[i].length; j++) {
        values[i][j] = row.get(j).longValue();
      }
    }
    return values;
  }
}
