package io.github.covidxray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.covidxray.model.VggTransferModel;
import io.github.covidxray.model.VggWeights;
import io.github.covidxray.synthetic.SyntheticClass;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExplainXray} on synthetic images with a tiny saved model (32×32, random weights). */
class ExplainXrayTest {

  @TempDir static Path shared;
  @TempDir Path dir;
  private static Path model;
  private static Path images;

  @BeforeAll
  static void saveModelAndImages() throws IOException {
    model = shared.resolve("tiny.model");
    try (VggTransferModel m = VggTransferModel.builder().inputSize(32).weights(VggWeights.randomFeatures(5))
        .classes(List.of("covid", "normal")).seed(5).build()) {
      m.save(model);
    }
    images = Files.createDirectories(shared.resolve("images"));
    SyntheticXrays painter = new SyntheticXrays(80, 60, 3);
    Files.write(images.resolve("a.png"), painter.generate(SyntheticClass.COVID, 0).toPng());
    Files.write(images.resolve("b.png"), painter.generate(SyntheticClass.NORMAL, 0).toPng());
    Files.writeString(images.resolve("notes.txt"), "not an image");
  }

  @Test
  void writesOverlaysMapsAndATableAndReportsBadImages() throws IOException {
    Path broken = dir.resolve("broken.png");
    Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    Path out = dir.resolve("out");
    CommandRun run = CommandRun.of(new ExplainXray(), "--model", model.toString(), "--class", "covid",
        "--output", out.toString(), images.toString(), broken.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Cli.FAILURE);
    assertThat(run.err()).contains(broken.toString()).contains("1 of 3 image(s) could not be explained");
    assertThat(run.out()).contains("a.png", "b.png", "Research use only");
    for (String name : List.of("a", "b")) {
      assertThat(out.resolve(name + ".gradcam.png")).isRegularFile();
      byte[] npy = Files.readAllBytes(out.resolve(name + ".gradcam.npy"));
      int headerLength = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
      String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
      assertThat(header).contains("'shape': (60, 80)"); // the image's own size, rows first
      assertThat(npy).hasSize(10 + headerLength + 60 * 80 * 4);
      ByteBuffer data = ByteBuffer.wrap(npy, 10 + headerLength, 60 * 80 * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 60 * 80; i++) {
        assertThat(data.getFloat()).isBetween(0f, 1f);
      }
    }
    assertThat(out.resolve("broken.gradcam.png")).doesNotExist();
    List<String> csv = Files.readAllLines(out.resolve(ExplainXray.CSV));
    assertThat(csv.get(0)).isEqualTo("path,overlay,predicted_class,p_covid,p_normal,explained_class,"
        + "outer_band_share,top_left_share,top_right_share,possible_shortcut");
    assertThat(csv).hasSize(3);
    assertThat(csv.get(1)).startsWith(images.resolve("a.png") + ",a.gradcam.png,").contains(",covid,");
    String[] fields = csv.get(1).split(",");
    assertThat(Double.parseDouble(fields[3]) + Double.parseDouble(fields[4])).isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-5));
    assertThat(Files.readString(out.resolve(ExplainXray.ATTENTION))).contains("possible shortcut",
        "Research use only");

    // Its own outputs do not stop a second run into the same directory.
    CommandRun again = CommandRun.of(new ExplainXray(), "--model", model.toString(), "--output",
        out.toString(), images.resolve("a.png").toString(), images.resolve("a.png").toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(out.resolve("a-2.gradcam.png")).isRegularFile();
  }

  /**
   * A DICOM file is explained and drawn at its own size (rows × columns, not square), as the model
   * reads it; a truncated DICOM file is reported by name and skipped, and the exit code says so.
   */
  @Test
  void explainsDicomFilesAtTheirOwnSizeAndSkipsABrokenOne() throws IOException {
    SyntheticXrays painter = new SyntheticXrays(80, 60, 4);
    byte[] gray = painter.generate(SyntheticClass.COVID, 1).pixels();
    Path in = Files.createDirectories(dir.resolve("dicom"));
    byte[] dicom = dicom(80, 60, gray);
    Files.write(in.resolve("chest.dcm"), dicom);
    Files.write(in.resolve("cut.dcm"), java.util.Arrays.copyOf(dicom, dicom.length - 1000));
    Path out = dir.resolve("out");
    CommandRun run = CommandRun.of(new ExplainXray(), "--model", model.toString(), "--output", out.toString(),
        in.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Cli.FAILURE);
    assertThat(run.err()).contains(in.resolve("cut.dcm").toString(), "truncated DICOM",
        "1 of 2 image(s) could not be explained");
    assertThat(run.out()).contains("chest.dcm", "chest.gradcam.png");
    java.awt.image.BufferedImage overlay = javax.imageio.ImageIO.read(out.resolve("chest.gradcam.png").toFile());
    assertThat(overlay.getWidth()).isEqualTo(80);
    assertThat(overlay.getHeight()).isEqualTo(60);
    byte[] npy = Files.readAllBytes(out.resolve("chest.gradcam.npy"));
    int headerLength = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
    assertThat(new String(npy, 10, headerLength, StandardCharsets.US_ASCII)).contains("'shape': (60, 80)");
    assertThat(out.resolve("cut.gradcam.png")).doesNotExist();
    List<String> csv = Files.readAllLines(out.resolve(ExplainXray.CSV));
    assertThat(csv).hasSize(2);
    assertThat(csv.get(1)).startsWith(in.resolve("chest.dcm") + ",chest.gradcam.png,");
  }

  /**
   * A minimal DICOM file: preamble, {@code DICM}, explicit VR little endian, 8-bit MONOCHROME2 of
   * {@code columns × rows}.
   */
  static byte[] dicom(int columns, int rows, byte[] gray) {
    ByteBuffer b = ByteBuffer.allocate(132 + 512 + gray.length + 1).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[128]).put("DICM".getBytes(StandardCharsets.US_ASCII));
    byte[] uid = "1.2.840.10008.1.2.1".getBytes(StandardCharsets.US_ASCII); // explicit VR little endian
    shortElement(b, 0x0002, 0x0010, "UI", java.util.Arrays.copyOf(uid, uid.length + 1)); // NUL-padded to even
    shortElement(b, 0x0028, 0x0002, "US", us(1));
    shortElement(b, 0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
    shortElement(b, 0x0028, 0x0010, "US", us(rows));
    shortElement(b, 0x0028, 0x0011, "US", us(columns));
    shortElement(b, 0x0028, 0x0100, "US", us(8));
    shortElement(b, 0x0028, 0x0101, "US", us(8));
    shortElement(b, 0x0028, 0x0102, "US", us(7));
    shortElement(b, 0x0028, 0x0103, "US", us(0));
    int length = gray.length + (gray.length % 2);
    b.putShort((short) 0x7FE0).putShort((short) 0x0010).put("OB".getBytes(StandardCharsets.US_ASCII))
        .putShort((short) 0).putInt(length).put(gray);
    if (gray.length % 2 == 1) {
      b.put((byte) 0);
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static void shortElement(ByteBuffer b, int group, int element, String vr, byte[] value) {
    b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII))
        .putShort((short) value.length).put(value);
  }

  private static byte[] us(int value) {
    return new byte[] {(byte) value, (byte) (value >> 8)};
  }

  @Test
  void refusesAnOutputDirectoryHoldingOtherFilesBeforeAnyWork() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("thesis.tex"), "mine");
    CommandRun run = CommandRun.of(new ExplainXray(), "--model", dir.resolve("missing.model").toString(),
        "--output", out.toString(), images.toString());
    assertThat(run.exitCode()).isEqualTo(Cli.FAILURE);
    assertThat(run.err()).contains("thesis.tex").doesNotContain("missing.model");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("thesis.tex");
    }
  }

  @Test
  void helpListsTheOptionsAndTheNotice() {
    CommandRun run = CommandRun.of(new ExplainXray(), "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--model", "--layer", "--class", "--score", "--band-threshold", "--output",
        "(15% of each side)", "a heuristic", "Research use only");
  }

  @Test
  void anUnknownLayerIsAUsageErrorListingTheConvolutions() {
    CommandRun run = CommandRun.of(new ExplainXray(), "--model", model.toString(), "--layer", "dense",
        "--output", dir.resolve("out").toString(), images.toString());
    assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(run.err()).contains("--layer", "block5_conv3");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
