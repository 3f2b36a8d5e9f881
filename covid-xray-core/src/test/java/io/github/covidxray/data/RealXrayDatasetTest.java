package io.github.covidxray.data;

import static io.github.covidxray.data.TestImages.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads the tutorial's 50 real X-rays (25 covid, 25 normal) from {@code <covidxray.data.dir>/xray};
 * skipped when they are not there.
 */
class RealXrayDatasetTest {

  private static final String PROPERTY = "covidxray.data.dir";

  private static Path xray;
  private static ImageDataset data;

  @BeforeAll
  static void loadOnceIfPresent() {
    String dataDir = System.getProperty(PROPERTY);
    xray = dataDir == null ? null : Path.of(dataDir, "xray");
    if (xray != null && Files.isDirectory(xray)) {
      data = DatasetLoader.builder().directory(xray).strict().build().load();
    }
  }

  @BeforeEach
  void requireRealData() {
    assumeTrue(data != null,
        "Real X-rays not found at " + xray + ": this test needs the folder holding xray/covid and xray/normal; "
            + "run with -D" + PROPERTY + "=/path/to/data (default ../shared/data) to enable it");
  }

  @Test
  void loadsFiftyImagesTwentyFivePerClass() {
    assertThat(data.size()).isEqualTo(50);
    assertThat(data.classNames()).containsExactly("covid", "normal");
    assertThat(data.classCounts()).containsExactly(25, 25);
    assertThat(data.skipped()).isEmpty();
    for (int i = 0; i < data.size(); i++) {
      assertThat(data.pixels(i)).as("%s", data.source(i)).hasSize(224 * 224 * 3);
      assertThat(data.source(i).getParent().getFileName().toString()).isEqualTo(data.classNames().get(data.label(i)));
    }
  }

  @Test
  void grayscaleJpegComesOutAsThreeEqualChannelsWithRealContrast() {
    // a Kaggle image stored as 8-bit one-channel JPEG (see SOURCES.md)
    int index = indexOf("person1_bacteria_2.jpeg");
    byte[] rgb = data.pixels(index);
    int min = 255;
    int max = 0;
    for (int row = 0; row < 224; row++) {
      for (int col = 0; col < 224; col++) {
        int r = at(rgb, 224, row, col, 0);
        assertThat(at(rgb, 224, row, col, 1)).isEqualTo(r);
        assertThat(at(rgb, 224, row, col, 2)).isEqualTo(r);
        min = Math.min(min, r);
        max = Math.max(max, r);
      }
    }
    assertThat(max - min).as("an X-ray, not a flat image").isGreaterThan(150);
  }

  @Test
  void tutorialSplitHoldsOutFivePerClass() {
    DatasetSplit split = data.split(0.2, 42);
    assertThat(split.train().classCounts()).containsExactly(20, 20);
    assertThat(split.test().classCounts()).containsExactly(5, 5);
    Batch batch = split.test().batch(new int[] {0, 9});
    assertThat(batch.images()).hasSize(2 * 224 * 224 * 3);
    assertThat(batch.labels()).containsExactly(1, 0, 0, 1);
  }

  private static int indexOf(String fileName) {
    for (int i = 0; i < data.size(); i++) {
      if (data.source(i).getFileName().toString().equals(fileName)) {
        return i;
      }
    }
    throw new AssertionError(fileName + " not loaded");
  }
}
