package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.github.covidxray.synthetic.SyntheticClass;
import io.github.covidxray.synthetic.SyntheticDataset;
import io.github.covidxray.synthetic.SyntheticXray;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticXraysTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @TempDir
  Path tmp;

  // ---- determinism -------------------------------------------------------------------------

  @Test
  void sameSeedClassAndIndexGiveTheSameImageMasksAndPngBytes() {
    SyntheticXray a = new SyntheticXrays(64, 48, 7).generate(SyntheticClass.COVID, 3);
    SyntheticXray b = new SyntheticXrays(64, 48, 7).generate(SyntheticClass.COVID, 3);

    assertThat(b.pixels()).isEqualTo(a.pixels());
    assertThat(b.lungMask()).isEqualTo(a.lungMask());
    assertThat(b.opacityMask()).isEqualTo(a.opacityMask());
    assertThat(b.toPng()).isEqualTo(a.toPng());
  }

  @Test
  void anotherSeedIndexOrClassGivesAnotherImage() {
    byte[] base = new SyntheticXrays(64, 64, 7).generate(SyntheticClass.NORMAL, 0).pixels();

    assertThat(differingFraction(base, new SyntheticXrays(64, 64, 8).generate(SyntheticClass.NORMAL, 0).pixels()))
        .as("other seed").isGreaterThan(0.5);
    assertThat(differingFraction(base, new SyntheticXrays(64, 64, 7).generate(SyntheticClass.NORMAL, 1).pixels()))
        .as("other index").isGreaterThan(0.5);
    assertThat(differingFraction(base, new SyntheticXrays(64, 64, 7).generate(SyntheticClass.COVID, 0).pixels()))
        .as("other class").isGreaterThan(0.5);
  }

  @Test
  void writtenFilesAreByteIdenticalForTheSameSeedAndALargerSetStartsWithASmallerOne() throws IOException {
    SyntheticDataset first = SyntheticXrays.writeDataset(tmp.resolve("a"), 3, 48, 48, 11);
    SyntheticDataset again = SyntheticXrays.writeDataset(tmp.resolve("b"), 3, 48, 48, 11);
    SyntheticDataset larger = SyntheticXrays.writeDataset(tmp.resolve("c"), 5, 48, 48, 11);
    SyntheticDataset otherSeed = SyntheticXrays.writeDataset(tmp.resolve("d"), 3, 48, 48, 12);

    for (SyntheticClass label : SyntheticClass.values()) {
      for (int i = 0; i < 3; i++) {
        Path file = first.images(label).get(i);
        assertThat(Files.mismatch(file, again.images(label).get(i))).as("rewrite of %s", file).isEqualTo(-1L);
        assertThat(Files.mismatch(file, larger.images(label).get(i))).as("%s in a set of 5", file).isEqualTo(-1L);
        assertThat(Files.mismatch(file, otherSeed.images(label).get(i))).as("%s, other seed", file)
            .isNotEqualTo(-1L);
      }
    }
  }

  // ---- the data set on disk ----------------------------------------------------------------

  @Test
  void writesTheFolderPerClassLayoutTheDatasetLoaderReads() throws IOException {
    Path dir = tmp.resolve("synthetic");
    SyntheticDataset written = SyntheticXrays.writeDataset(dir, 5, 48, 40, 3);

    assertThat(fileNames(dir.resolve("covid"))).containsExactly("synthetic-covid-000.png",
        "synthetic-covid-001.png", "synthetic-covid-002.png", "synthetic-covid-003.png", "synthetic-covid-004.png");
    assertThat(fileNames(dir.resolve("normal"))).hasSize(5).allMatch(n -> n.matches("synthetic-normal-00[0-4]\\.png"));
    assertThat(fileNames(dir)).containsExactly("README.txt", "covid", "normal");
    assertThat(written.size()).isEqualTo(10);
    assertThat(written.otherFiles()).isEmpty();
    assertThat(written.covid()).allMatch(p -> p.getParent().equals(dir.resolve("covid")));

    ImageDataset data = DatasetLoader.builder().directory(dir).imageSize(32).strict().build().load();
    assertThat(data.classNames()).containsExactly("covid", "normal");
    assertThat(data.classCounts()).containsExactly(5, 5);
    assertThat(data.skipped()).isEmpty();
  }

  @Test
  void readmeSaysTheImagesAreSyntheticAndNotMedical() throws IOException {
    SyntheticDataset written = SyntheticXrays.writeDataset(tmp.resolve("d"), 2, 32, 32, 99);

    String readme = Files.readString(written.readme(), StandardCharsets.UTF_8);
    assertThat(readme).startsWith("SYNTHETIC DATA - NOT MEDICAL IMAGES")
        .contains("not X-rays of any", "medical images", "\"SYNTHETIC\"", "seed 99", "32 x 32")
        .contains("covid/   2 ", "normal/  2 ");
  }

  @Test
  void imagesAreEightBitGreyscalePngsHoldingTheGeneratedPixels() throws IOException {
    SyntheticXrays generator = new SyntheticXrays(40, 56, 5);
    SyntheticDataset written = generator.writeDataset(tmp.resolve("d"), 2, false);

    for (SyntheticClass label : SyntheticClass.values()) {
      Path file = written.images(label).get(1);
      byte[] png = Files.readAllBytes(file);
      // the IHDR chunk, read by hand: width, height, bit depth 8, colour type 0 (greyscale)
      assertThat(java.util.Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
      ByteBuffer ihdr = ByteBuffer.wrap(png, 8, 25);
      assertThat(ihdr.getInt()).isEqualTo(13);
      assertThat(ihdr.getInt()).isEqualTo(0x49484452); // "IHDR"
      assertThat(ihdr.getInt()).as("width").isEqualTo(40);
      assertThat(ihdr.getInt()).as("height").isEqualTo(56);
      assertThat(ihdr.get()).as("bit depth").isEqualTo((byte) 8);
      assertThat(ihdr.get()).as("colour type").isEqualTo((byte) 0);

      try (Mat decoded = imread(file.toString(), IMREAD_UNCHANGED)) {
        assertThat(decoded.channels()).isEqualTo(1);
        assertThat(decoded.depth()).isEqualTo(CV_8U);
        byte[] pixels = new byte[40 * 56];
        decoded.data().get(pixels);
        assertThat(pixels).isEqualTo(generator.generate(label, 1).pixels());
      }
    }
  }

  @Test
  void refusesADirectoryThatIsNotEmptyAndLeavesItAlone() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> SyntheticXrays.writeDataset(dir, 2, 32, 32, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not empty")
        .hasMessageContaining("notes.txt");
    assertThat(fileNames(dir)).containsExactly("notes.txt");

    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    assertThatThrownBy(() -> SyntheticXrays.writeDataset(file, 2, 32, 32, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void overwritingReplacesOurImagesDeletesStaleOnesAndReportsOtherFiles() throws IOException {
    Path dir = tmp.resolve("again");
    SyntheticXrays.writeDataset(dir, 4, 32, 32, 1);
    Path foreign = Files.writeString(dir.resolve("covid").resolve("from-elsewhere.png"), "not ours");

    SyntheticDataset rewritten = new SyntheticXrays(32, 32, 2).writeDataset(dir, 2, true);

    assertThat(fileNames(dir.resolve("covid")))
        .containsExactly("from-elsewhere.png", "synthetic-covid-000.png", "synthetic-covid-001.png");
    assertThat(fileNames(dir.resolve("normal")))
        .containsExactly("synthetic-normal-000.png", "synthetic-normal-001.png");
    assertThat(rewritten.otherFiles()).containsExactly(foreign);
    assertThat(Files.readAllBytes(rewritten.covid().get(0)))
        .isEqualTo(new SyntheticXrays(32, 32, 2).generate(SyntheticClass.COVID, 0).toPng());
    assertThat(Files.readString(rewritten.readme())).contains("seed 2");
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(p -> p.getFileName().toString().startsWith("."))).as("temporary files").isEmpty();
    }
  }

  @Test
  void writesTheDemoSizeSetQuickly() throws IOException {
    new SyntheticXrays(256, 256, 0).generate(SyntheticClass.COVID, 0); // native libraries loaded
    long start = System.nanoTime();
    SyntheticDataset written = SyntheticXrays.writeDataset(tmp.resolve("demo"), 40, 256, 256, 42);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(written.size()).isEqualTo(80);
    // typically about a second; the bound leaves room for a busy machine
    assertThat(seconds).as("seconds to write 2 x 40 images of 256 x 256").isLessThan(15);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new SyntheticXrays(31, 64, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width").hasMessageContaining("31");
    assertThatThrownBy(() -> new SyntheticXrays(64, 5000, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height").hasMessageContaining("5000");
    SyntheticXrays generator = new SyntheticXrays(32, 32, 1);
    assertThatThrownBy(() -> generator.generate(SyntheticClass.COVID, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index");
    assertThatThrownBy(() -> generator.writeDataset(tmp.resolve("none"), 0, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perClass");
    assertThat(tmp.resolve("none")).doesNotExist();
  }

  // ---- what the images show ----------------------------------------------------------------

  @Test
  void everyImageCarriesTheLabelInItsTopLeftCornerOnly() {
    for (int[] size : new int[][] {{32, 32}, {64, 48}, {256, 256}}) {
      int width = size[0];
      int height = size[1];
      SyntheticXrays generator = new SyntheticXrays(width, height, 21);
      for (SyntheticClass label : SyntheticClass.values()) {
        byte[] pixels = generator.generate(label, 0).pixels();
        int boxWidth = (int) Math.ceil(0.3 * width);
        int boxHeight = Math.max(3, height / 10);
        int bright = countAtLeast(pixels, width, 0, 0, boxWidth, boxHeight, 150);
        int brightRight = countAtLeast(pixels, width, width - boxWidth, 0, boxWidth, boxHeight, 150);
        assertThat(bright).as("bright label pixels top left, %dx%d %s", width, height, label)
            .isGreaterThanOrEqualTo(Math.max(4, boxWidth * boxHeight / 20));
        assertThat(brightRight).as("bright pixels top right (background), %dx%d %s", width, height, label)
            .isZero();
      }
    }
  }

  @Test
  void lungFieldsAreDarkerThanTheMediastinumAndCoverAPlausibleArea() {
    int size = 96;
    SyntheticXrays generator = new SyntheticXrays(size, size, 4);
    for (SyntheticClass label : SyntheticClass.values()) {
      for (int i = 0; i < 10; i++) {
        SyntheticXray x = generator.generate(label, i);
        byte[] pixels = x.pixels();
        byte[] lungs = x.lungMask();
        double lungFraction = count(lungs) / (double) (size * size);
        assertThat(lungFraction).as("lung area of %s", x).isBetween(0.12, 0.40);
        // both lungs: some lung pixels on each side of the image's middle
        assertThat(countInColumns(lungs, size, 0, size / 2)).as("left lung of %s", x).isPositive();
        assertThat(countInColumns(lungs, size, size / 2, size)).as("right lung of %s", x).isPositive();
        double mediastinum = meanOfBox(pixels, size, size / 2 - 1, (int) (0.3 * size), 2, (int) (0.2 * size));
        assertThat(meanInside(pixels, lungs)).as("lungs vs mediastinum of %s", x).isLessThan(mediastinum - 30);
      }
    }
  }

  @Test
  void covidImagesHaveBilateralOpacitiesInsideTheLungsAndNormalImagesNone() {
    int size = 96;
    SyntheticXrays generator = new SyntheticXrays(size, size, 5);
    for (int i = 0; i < 12; i++) {
      SyntheticXray covid = generator.generate(SyntheticClass.COVID, i);
      byte[] opacity = covid.opacityMask();
      byte[] lungs = covid.lungMask();
      for (int p = 0; p < opacity.length; p++) {
        if (opacity[p] != 0) {
          assertThat(lungs[p]).as("opacity pixel %d of %s lies in a lung", p, covid).isNotZero();
        }
      }
      assertThat(countInColumns(opacity, size, 0, size / 2)).as("opacities left, %s", covid).isPositive();
      assertThat(countInColumns(opacity, size, size / 2, size)).as("opacities right, %s", covid).isPositive();

      byte[] clearLung = lungs.clone();
      for (int p = 0; p < clearLung.length; p++) {
        if (opacity[p] != 0) {
          clearLung[p] = 0;
        }
      }
      byte[] pixels = covid.pixels();
      assertThat(meanInside(pixels, opacity)).as("opacities brighter than clear lung in %s", covid)
          .isGreaterThan(meanInside(pixels, clearLung) + 10);

      SyntheticXray normal = generator.generate(SyntheticClass.NORMAL, i);
      assertThat(count(normal.opacityMask())).as("opacity pixels of %s", normal).isZero();
    }
  }

  @Test
  void lungBrightnessSeparatesTheClassesButTheGlobalMeanDoesNot() {
    int size = 96;
    int perClass = 40;
    SyntheticXrays generator = new SyntheticXrays(size, size, 42);
    double[][] lungContrast = new double[2][perClass];
    double[][] globalMean = new double[2][perClass];
    for (SyntheticClass label : SyntheticClass.values()) {
      for (int i = 0; i < perClass; i++) {
        SyntheticXray x = generator.generate(label, i);
        byte[] pixels = x.pixels();
        // the lungs' grey level between the background (0) and the mediastinum (1), which cancels
        // each image's random exposure
        double background = meanOfBox(pixels, size, (int) (0.7 * size), 0, (int) (0.3 * size), size / 10);
        double mediastinum = meanOfBox(pixels, size, size / 2 - 1, (int) (0.3 * size), 2, (int) (0.2 * size));
        lungContrast[label.ordinal()][i] = (meanInside(pixels, x.lungMask()) - background) / (mediastinum - background);
        globalMean[label.ordinal()][i] = meanOfBox(pixels, size, 0, 0, size, size);
      }
    }
    int covid = SyntheticClass.COVID.ordinal();
    int normal = SyntheticClass.NORMAL.ordinal();
    assertThat(mean(lungContrast[covid])).isGreaterThan(mean(lungContrast[normal]) + 0.05);
    assertThat(auc(lungContrast[covid], lungContrast[normal])).as("AUC of the lung contrast").isGreaterThan(0.9);
    assertThat(auc(globalMean[covid], globalMean[normal])).as("AUC of the global mean").isLessThan(0.85);
  }

  // ---- helpers: plain Java, independent of the generator ------------------------------------

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
      return names;
    }
  }

  private static double differingFraction(byte[] a, byte[] b) {
    int differing = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        differing++;
      }
    }
    return differing / (double) a.length;
  }

  private static int count(byte[] mask) {
    int n = 0;
    for (byte m : mask) {
      if (m != 0) {
        n++;
      }
    }
    return n;
  }

  private static int countInColumns(byte[] mask, int width, int fromColumn, int toColumn) {
    int n = 0;
    for (int i = 0; i < mask.length; i++) {
      int column = i % width;
      if (mask[i] != 0 && column >= fromColumn && column < toColumn) {
        n++;
      }
    }
    return n;
  }

  private static double meanInside(byte[] pixels, byte[] mask) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < pixels.length; i++) {
      if (mask[i] != 0) {
        sum += pixels[i] & 0xFF;
        n++;
      }
    }
    assertThat(n).as("pixels in mask").isPositive();
    return sum / n;
  }

  private static double meanOfBox(byte[] pixels, int width, int x0, int y0, int boxWidth, int boxHeight) {
    double sum = 0;
    for (int y = y0; y < y0 + boxHeight; y++) {
      for (int x = x0; x < x0 + boxWidth; x++) {
        sum += pixels[y * width + x] & 0xFF;
      }
    }
    return sum / (boxWidth * boxHeight);
  }

  private static int countAtLeast(byte[] pixels, int width, int x0, int y0, int boxWidth, int boxHeight, int level) {
    int n = 0;
    for (int y = y0; y < y0 + boxHeight; y++) {
      for (int x = x0; x < x0 + boxWidth; x++) {
        if ((pixels[y * width + x] & 0xFF) >= level) {
          n++;
        }
      }
    }
    return n;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Probability that a random positive scores above a random negative (ties count half). */
  private static double auc(double[] positives, double[] negatives) {
    double wins = 0;
    for (double p : positives) {
      for (double q : negatives) {
        wins += p > q ? 1 : p == q ? 0.5 : 0;
      }
    }
    return wins / ((double) positives.length * negatives.length);
  }
}
