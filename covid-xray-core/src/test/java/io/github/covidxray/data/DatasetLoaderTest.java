package io.github.covidxray.data;

import static io.github.covidxray.data.TestImages.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.covidxray.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading folder-per-class trees of synthetic images: labels, order, layout errors, bad files. */
class DatasetLoaderTest {

  private static final int SIDE = 20;
  private static final int SIZE = 8;
  /** Good images are 20 x 20 = 400 pixels; "huge.png" is 40 x 40 = 1600, over this budget. */
  private static final long BUDGET = 500;

  @TempDir
  Path root;

  @Test
  void folderNamesAreLabelsSortedAlphabeticallyAndImagesAreFoundRecursivelyInOrder() throws IOException {
    // written in an order that differs from the sorted one
    Path normal = root.resolve("normal");
    png(normal.resolve("sub/n2.PNG"), 0, 0, 255);
    png(normal.resolve("n1.png"), 0, 0, 255);
    Files.writeString(normal.resolve("notes.txt"), "not an image");
    Files.writeString(normal.resolve(".hidden.png"), "hidden, never read");
    Path covid = root.resolve("covid");
    png(covid.resolve("b.png"), 255, 0, 0);
    png(covid.resolve("a/z.bmp"), 255, 0, 0);
    png(covid.resolve("A.TIFF"), 255, 0, 0);
    png(covid.resolve("deeper/x/c.Jpeg"), 255, 0, 0);
    Files.createDirectories(covid.resolve(".cache"));
    Files.writeString(covid.resolve(".cache/bad.png"), "inside a hidden folder, never read");
    png(root.resolve("stray.png"), 0, 255, 0); // not inside a class folder: ignored
    Files.createDirectories(root.resolve(".git"));

    ImageDataset data = loader().build().load();

    assertThat(data.classNames()).containsExactly("covid", "normal");
    assertThat(data.size()).isEqualTo(6);
    assertThat(data.classCounts()).containsExactly(4, 2);
    assertThat(IntStream.range(0, data.size()).mapToObj(i -> root.relativize(data.source(i)).toString()))
        .containsExactly("covid/A.TIFF", "covid/a/z.bmp", "covid/b.png", "covid/deeper/x/c.Jpeg",
            "normal/n1.png", "normal/sub/n2.PNG");
    for (int i = 0; i < data.size(); i++) {
      byte[] pixels = data.pixels(i);
      assertThat(pixels).hasSize(SIZE * SIZE * 3);
      boolean red = data.label(i) == data.classIndex("covid");
      // covid images were written red, normal ones blue (the JPEG within its compression error)
      assertThat(at(pixels, SIZE, 3, 3, 0)).as("red of %s", data.source(i)).isCloseTo(red ? 255 : 0, within(2));
      assertThat(at(pixels, SIZE, 3, 3, 2)).as("blue of %s", data.source(i)).isCloseTo(red ? 0 : 255, within(2));
    }
    assertThat(data.skipped()).isEmpty();
  }

  @Test
  void defaultsAreTheTutorialsAndTheBuilderValidates() {
    DatasetLoader loader = DatasetLoader.builder().directory(root).build();
    assertThat(loader.preprocessor().imageSize()).isEqualTo(224);
    assertThat(loader.preprocessor().maxPixels()).isEqualTo(100_000_000L);
    assertThat(loader.isStrict()).isFalse();
    assertThat(loader.directory()).isEqualTo(root);
    assertThat(DatasetLoader.builder().directory(root).strict().build().isStrict()).isTrue();
    assertThatThrownBy(() -> DatasetLoader.builder().build()).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("directory");
    assertThatThrownBy(() -> DatasetLoader.builder().directory(root).imageSize(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageSize");
    assertThatThrownBy(() -> DatasetLoader.builder().directory(root).maxPixels(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPixels");
  }

  @Test
  void missingDirectoryIsNamed() {
    Path missing = root.resolve("no-such-dataset");
    assertLayoutError(missing, "does not exist");
  }

  @Test
  void fileInsteadOfDirectoryIsNamed() throws IOException {
    Path file = Files.writeString(root.resolve("dataset.zip"), "zip");
    assertLayoutError(file, "is not a directory");
  }

  @Test
  void directoryWithoutClassFoldersIsNamed() throws IOException {
    png(root.resolve("loose.png"), 1, 2, 3);
    Files.createDirectories(root.resolve(".hidden-class"));
    assertLayoutError(root, "has no class folders");
  }

  @Test
  void singleClassIsNotEnough() throws IOException {
    png(root.resolve("covid/a.png"), 1, 2, 3);
    assertLayoutError(root, "only one class folder (covid)");
  }

  @Test
  void classFolderWithoutImagesIsNamed() throws IOException {
    png(root.resolve("covid/a.png"), 1, 2, 3);
    Files.createDirectories(root.resolve("normal/empty-sub"));
    Files.writeString(root.resolve("normal/readme.md"), "no images here");
    Files.writeString(root.resolve("normal/.x.png"), "hidden");
    assertThatThrownBy(() -> loader().build().load())
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining(root.resolve("normal").toString())
        .hasMessageContaining("contains no images")
        .hasMessageContaining("expected one sub-folder per class, e.g. covid/ and normal/");
  }

  @Test
  void badFilesAreSkippedAndListedWithTheirReasons() throws IOException {
    List<Path> bad = writeBadFiles(root.resolve("covid"));
    png(root.resolve("covid/good1.png"), 255, 0, 0);
    png(root.resolve("covid/good2.png"), 255, 0, 0);
    png(root.resolve("normal/good.png"), 0, 0, 255);

    ImageDataset data = loader().build().load();

    assertThat(data.size()).isEqualTo(3);
    assertThat(data.classCounts()).containsExactly(2, 1);
    assertThat(data.skipped()).extracting(SkippedFile::file).containsExactlyElementsOf(sorted(bad));
    assertThat(reason(data, "broken-link.png")).contains("cannot be read");
    assertThat(reason(data, "garbage.jpg")).contains("not a supported image");
    assertThat(reason(data, "huge.png")).contains("40 x 40 = 1600 pixels").contains("budget of 500");
    assertThat(reason(data, "truncated.jpg")).contains("truncated").contains("FFD9");
    assertThat(reason(data, "truncated.png")).contains("truncated").contains("IEND");
    assertThat(reason(data, "zero.jpg")).contains("empty (0 bytes)");
    assertThat(data.toString()).contains("6 skipped");
  }

  @ParameterizedTest
  @ValueSource(strings = {"broken-link.png", "garbage.jpg", "huge.png", "truncated.jpg", "truncated.png", "zero.jpg"})
  void strictModeThrowsOnTheFirstBadFileNamingIt(String name) throws IOException {
    png(root.resolve("covid/a-good.png"), 255, 0, 0);
    Path file = writeBadFile(root.resolve("covid"), name);
    png(root.resolve("covid/z-good.png"), 255, 0, 0);
    png(root.resolve("normal/good.png"), 0, 0, 255);

    assertThatThrownBy(() -> loader().strict().build().load())
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertThat(((InvalidImageException) e).source()).isEqualTo(file.toString()));
    ImageDataset lenient = loader().build().load();
    assertThat(lenient.skipped()).extracting(SkippedFile::file).containsExactly(file);
    assertThat(lenient.size()).isEqualTo(3);
  }

  @Test
  void classWhoseImagesAreAllBadIsAnError() throws IOException {
    Files.createDirectories(root.resolve("covid"));
    Files.createFile(root.resolve("covid/zero.png"));
    png(root.resolve("normal/good.png"), 0, 0, 255);
    assertThatThrownBy(() -> loader().build().load())
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining(root.resolve("covid").toString())
        .hasMessageContaining("no readable images")
        .hasMessageContaining("all 1 image files were skipped");
  }

  @Test
  void symbolicLinksBackIntoTheDataSetAreNotFollowedAndLinksOutsideItAre(@TempDir Path tmp)
      throws IOException {
    Path data = tmp.resolve("projects/xray/data");
    Path covid = data.resolve("covid");
    Path normal = data.resolve("normal");
    png(covid.resolve("c1.png"), 255, 0, 0);
    png(normal.resolve("n1.png"), 0, 0, 255);
    png(normal.resolve("sub/n2.png"), 0, 0, 255);
    Path elsewhere = tmp.resolve("other-disk/covid-extra");
    png(elsewhere.resolve("e1.png"), 255, 0, 0);
    png(elsewhere.resolve("e2.png"), 255, 0, 0);
    Path toRoot = Files.createSymbolicLink(covid.resolve("back"), data);
    Path toOtherClass = Files.createSymbolicLink(covid.resolve("more"), normal);
    Path toAncestor = Files.createSymbolicLink(covid.resolve("up"), tmp.resolve("projects"));
    Path toImageInside = Files.createSymbolicLink(covid.resolve("n1-copy.png"), normal.resolve("n1.png"));
    Files.createSymbolicLink(covid.resolve("extra"), elsewhere);
    Files.createSymbolicLink(covid.resolve("e2-link.png"), elsewhere.resolve("e2.png"));

    ImageDataset loaded;
    String log;
    try (LogCapture capture = LogCapture.start()) {
      loaded = loaderFor(data).build().load();
      log = capture.text();
    }

    assertThat(IntStream.range(0, loaded.size())
        .mapToObj(i -> loaded.classNames().get(loaded.label(i)) + " " + data.relativize(loaded.source(i))))
        .as("links outside the data set are followed, those back into it are not")
        .containsExactly("covid covid/c1.png", "covid covid/e2-link.png", "covid covid/extra/e1.png",
            "covid covid/extra/e2.png", "normal normal/n1.png", "normal normal/sub/n2.png");
    assertThat(loaded.classCounts()).containsExactly(4, 2);
    for (Path link : List.of(toRoot, toOtherClass, toAncestor, toImageInside)) {
      assertThat(log).contains("WARN io.github.covidxray.data.ClassFolderScanner - Not following the"
          + " symbolic link " + link + " -> ");
    }
    assertThat(log).contains("Not following the symbolic link " + toRoot + " -> "
        + data.toRealPath() + ": it points to the root of the data set " + data.toRealPath()
        + ", so following it would give every image below it the label of the class folder it is in")
        .contains(toOtherClass + " -> " + normal.toRealPath() + ": it points back into the data set")
        .contains(toAncestor + " -> " + tmp.resolve("projects").toRealPath()
            + ": it points to a folder that contains the data set")
        .contains(toImageInside + " -> " + normal.resolve("n1.png").toRealPath()
            + ": it points back into the data set " + data.toRealPath()
            + ", so following it would give that image the label");
    assertThat(log).doesNotContain("symbolic link loop");
  }

  // ------------------------------------------------------------------ helpers

  private static DatasetLoader.Builder loaderFor(Path dir) {
    return DatasetLoader.builder().directory(dir).imageSize(SIZE).maxPixels(BUDGET);
  }

  private DatasetLoader.Builder loader() {
    return loaderFor(root);
  }

  private static void assertLayoutError(Path dir, String problem) {
    assertThatThrownBy(() -> loaderFor(dir).build().load())
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining(problem)
        .hasMessageContaining("expected one sub-folder per class, e.g. covid/ and normal/");
  }

  private static Path png(Path file, int r, int g, int b) {
    try (Mat mat = TestImages.bgrMat(TestImages.solid(SIDE, SIDE, b, g, r), SIDE, SIDE)) {
      return TestImages.write(file, mat);
    }
  }

  private static final List<String> BAD_FILES =
      List.of("broken-link.png", "garbage.jpg", "huge.png", "truncated.jpg", "truncated.png", "zero.jpg");

  /** One file of each bad kind, in {@code folder}; returns them. */
  private static List<Path> writeBadFiles(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : BAD_FILES) {
      files.add(writeBadFile(folder, name));
    }
    return files;
  }

  /** Writes one bad file of the kind its name says into {@code folder}. */
  private static Path writeBadFile(Path folder, String name) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(name);
    try (Mat noise = TestImages.bgrMat(TestImages.noise(SIDE, SIDE, 1), SIDE, SIDE);
        Mat big = TestImages.bgrMat(TestImages.solid(40, 40, 9, 9, 9), 40, 40)) {
      switch (name) {
        case "zero.jpg" -> Files.write(file, new byte[0]);
        case "truncated.jpg" -> {
          byte[] jpeg = TestImages.encode(".jpg", noise);
          Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));
        }
        case "truncated.png" -> {
          byte[] png = TestImages.encode(".png", noise);
          Files.write(file, Arrays.copyOf(png, png.length - 20));
        }
        case "garbage.jpg" -> Files.write(file, TestImages.noise(10, 10, 2));
        case "huge.png" -> TestImages.write(file, big);
        case "broken-link.png" -> Files.createSymbolicLink(file, folder.resolve("does-not-exist.png"));
        default -> throw new IllegalArgumentException(name);
      }
    }
    return file;
  }

  private static List<Path> sorted(List<Path> files) {
    return files.stream().sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
  }

  private static String reason(ImageDataset data, String fileName) {
    return data.skipped().stream().filter(s -> s.file().getFileName().toString().equals(fileName))
        .map(SkippedFile::reason).findFirst().orElseThrow();
  }
}
