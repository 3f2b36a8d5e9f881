package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImagePreprocessor#findImages}: images below a folder as the loader finds them, by depth. */
class FindImagesTest {

  @TempDir Path dir;

  @Test
  void findsImagesByNameOrDicomPreambleSkippingHiddenOnesAndOtherFiles() throws IOException {
    Path top = Files.writeString(dir.resolve("a.png"), "x");
    Path nested = Files.writeString(Files.createDirectories(dir.resolve("sub/deeper")).resolve("b.JPG"), "x");
    byte[] dicom = new byte[140];
    dicom[128] = 'D';
    dicom[129] = 'I';
    dicom[130] = 'C';
    dicom[131] = 'M';
    Path uid = Files.write(dir.resolve("sub/1.2.840.113619"), dicom);
    Files.writeString(dir.resolve("notes.txt"), "x");
    Files.writeString(dir.resolve(".hidden.png"), "x");
    Files.writeString(Files.createDirectories(dir.resolve(".cache")).resolve("c.png"), "x");

    assertThat(ImagePreprocessor.findImages(dir)).containsExactly(top, uid, nested);
    assertThat(ImagePreprocessor.findImages(dir, 1)).containsExactly(top);
    assertThat(ImagePreprocessor.findImages(dir, 2)).containsExactly(top, uid);
    assertThat(ImagePreprocessor.findImages(dir.resolve("notes.txt"))).containsExactly(dir.resolve("notes.txt"));
    assertThatThrownBy(() -> ImagePreprocessor.findImages(dir, 0)).hasMessageContaining("maxDepth");
  }
}
