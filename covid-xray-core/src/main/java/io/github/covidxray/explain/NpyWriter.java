package io.github.covidxray.explain;

import io.github.covidxray.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a float map as a NumPy {@code .npy} file (format version 1.0: magic, little-endian header
 * length, a Python-dict header padded with spaces to a multiple of 64 bytes and ended by a newline,
 * then little-endian float32 values in C order), so that {@code numpy.load} reads it as a
 * {@code float32} array of shape {@code (rows, columns)} without any other library.
 */
public final class NpyWriter {

  /** Header alignment NumPy itself uses (a multiple of the 16 that version 1.0 requires). */
  static final int ALIGNMENT = 64;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  private NpyWriter() {}

  /**
   * Encodes a map.
   *
   * @param map rows × columns, every row the same length
   * @return the file's bytes
   */
  public static byte[] encode(float[][] map) {
    Objects.requireNonNull(map, "map");
    int rows = map.length;
    int columns = rows == 0 ? 0 : map[0].length;
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
    String header = dict + " ".repeat(padding) + "\n";
    byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + headerBytes.length + 4 * rows * columns)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).putShort((short) headerBytes.length).put(headerBytes);
    for (float[] row : map) {
      if (row.length != columns) {
        throw new IllegalArgumentException("map rows differ in length: " + row.length + " and " + columns);
      }
      for (float v : row) {
        out.putFloat(v);
      }
    }
    return out.array();
  }

  /**
   * Writes a map to a file (through a temporary sibling, moved into place).
   *
   * @param file the {@code .npy} file
   * @param map rows × columns
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, float[][] map) throws IOException {
    byte[] bytes = encode(map);
    AtomicFiles.write(file, out -> out.write(bytes));
  }
}
