package io.github.covidxray.plot;

import io.github.covidxray.SdkInfo;
import io.github.covidxray.internal.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * PNG files this SDK writes: atomically, and signed with a {@code Software} text chunk
 * ({@value #SOFTWARE_PREFIX}...), so that a later run can tell its own plot, which it may replace,
 * from a user's file at the same path, which it must not.
 */
final class PngFiles {

  /** What the {@code Software} text chunk of every plot starts with. */
  static final String SOFTWARE_PREFIX = "covid-xray";

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final String FORMAT = "javax_imageio_png_1.0";

  private PngFiles() {}

  /** Writes {@code image} as a signed PNG to {@code file} through a temporary sibling. */
  static void write(BufferedImage image, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
      if (!writers.hasNext()) {
        throw new IOException("no PNG writer available in this JVM");
      }
      ImageWriter writer = writers.next();
      try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
            writer.getDefaultWriteParam());
        IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
        entry.setAttribute("keyword", "Software");
        entry.setAttribute("value", SOFTWARE_PREFIX + " " + SdkInfo.version());
        IIOMetadataNode text = new IIOMetadataNode("tEXt");
        text.appendChild(entry);
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        root.appendChild(text);
        metadata.mergeTree(FORMAT, root);
        writer.setOutput(stream);
        writer.write(new IIOImage(image, null, metadata));
      } finally {
        writer.dispose();
      }
    });
  }

  /**
   * Whether {@code file} is a PNG signed by this SDK: the PNG signature, then a {@code Software} text
   * chunk starting with {@value #SOFTWARE_PREFIX} before the image data.
   */
  static boolean isSigned(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
      byte[] signature = new byte[SIGNATURE.length];
      data.readFully(signature);
      if (!Arrays.equals(signature, SIGNATURE)) {
        return false;
      }
      while (true) {
        int length = data.readInt();
        byte[] type = new byte[4];
        data.readFully(type);
        String chunk = new String(type, StandardCharsets.US_ASCII);
        if (length < 0 || chunk.equals("IDAT") || chunk.equals("IEND")) {
          return false;
        }
        if (chunk.equals("tEXt") && length < 4096) {
          byte[] body = new byte[length];
          data.readFully(body);
          String textChunk = new String(body, StandardCharsets.ISO_8859_1);
          if (textChunk.startsWith("Software\0" + SOFTWARE_PREFIX)) {
            return true;
          }
          data.skipNBytes(4);   // CRC
        } else {
          data.skipNBytes(length + 4L);
        }
      }
    } catch (IOException e) {   // EOFException included: a truncated file is not one of ours
      return false;
    }
  }
}
