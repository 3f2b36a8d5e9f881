package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriterOutputStreamTest {

  @Test
  void decodesCharactersSplitAcrossWrites() throws IOException {
    StringWriter text = new StringWriter();
    WriterOutputStream stream = new WriterOutputStream(text);
    byte[] bytes = "95% CI — naïve 🫁 ok".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      stream.write(b);
    }
    stream.flush();
    assertThat(text.toString()).isEqualTo("95% CI — naïve 🫁 ok");
  }

  @Test
  void carriesAPrintStreamsLinesLongerThanItsBuffer() {
    StringWriter text = new StringWriter();
    String line = "é".repeat(5000);
    try (PrintStream out = new PrintStream(new WriterOutputStream(text), true, StandardCharsets.UTF_8)) {
      out.println(line);
      out.print("x");
    }
    assertThat(text.toString()).isEqualTo(line + System.lineSeparator() + "x");
  }

  @Test
  void replacesMalformedInputAndKeepsGoing() throws IOException {
    StringWriter text = new StringWriter();
    WriterOutputStream stream = new WriterOutputStream(text);
    stream.write(new byte[] {'a', (byte) 0xff, 'b'});
    stream.close();
    assertThat(text.toString()).isEqualTo("a\uFFFDb");
  }
}
