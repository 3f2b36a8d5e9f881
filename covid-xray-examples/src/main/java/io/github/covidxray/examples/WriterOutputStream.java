package io.github.covidxray.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * UTF-8 bytes decoded onto a {@link Writer}, so that library code that prints to a
 * {@link java.io.PrintStream} (Keras-style training progress) writes to a command's picocli output
 * writer, which tests capture. A character split across two writes is held back until its last byte
 * arrives. Closing flushes but does not close the writer, which belongs to the command line.
 */
final class WriterOutputStream extends OutputStream {

  private static final int BUFFER = 4096;

  private final Writer writer;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
  private final CharBuffer chars = CharBuffer.allocate(BUFFER);

  WriterOutputStream(Writer writer) {
    this.writer = Objects.requireNonNull(writer, "writer");
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      int n = Math.min(len, bytes.remaining());
      bytes.put(b, off, n);
      off += n;
      len -= n;
      decode(false);
    }
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    decode(true);
    writer.flush();
  }

  private void decode(boolean endOfInput) throws IOException {
    bytes.flip();
    CoderResult result;
    do {
      result = decoder.decode(bytes, chars, endOfInput);
      drainChars();
    } while (result.isOverflow());
    if (endOfInput) {
      decoder.flush(chars);
      drainChars();
      decoder.reset();
    }
    bytes.compact();
  }

  private void drainChars() throws IOException {
    chars.flip();
    writer.write(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
    chars.clear();
  }
}
