package io.github.covidxray.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NpyWriter}: NumPy's format 1.0, read back byte by byte from its specification. */
class NpyWriterTest {

  @TempDir Path dir;

  @Test
  void writesVersion1HeaderAndLittleEndianFloatsInCOrder() throws Exception {
    float[][] map = {{0f, 0.25f, 1f}, {-2.5f, 3e-8f, 0.5f}};
    Path file = dir.resolve("m.npy");
    NpyWriter.write(file, map);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith((byte) 0x93, (byte) 'N', (byte) 'U', (byte) 'M', (byte) 'P', (byte) 'Y', 1, 0);
    int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
    int dataStart = 10 + headerLength;
    assertThat(dataStart % 64).isZero();
    String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")
        .endsWith("\n");
    assertThat(header.strip()).endsWith("}");
    assertThat(bytes).hasSize(dataStart + 6 * 4);
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, 24).order(ByteOrder.LITTLE_ENDIAN);
    float[] read = new float[6];
    for (int i = 0; i < 6; i++) {
      read[i] = data.getFloat();
    }
    assertThat(read).containsExactly(0f, 0.25f, 1f, -2.5f, 3e-8f, 0.5f);
    assertThat(bytes[dataStart + 6]).isEqualTo((byte) 0x80); // 0.25f = 0x3E800000, little-endian
    assertThat(bytes[dataStart + 7]).isEqualTo((byte) 0x3E);
  }
}
