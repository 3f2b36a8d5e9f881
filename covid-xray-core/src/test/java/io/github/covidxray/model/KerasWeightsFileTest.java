package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading and writing Keras HDF5 weights files, including files written by h5py. */
class KerasWeightsFileTest {

  @TempDir Path dir;

  /**
   * Files made by {@code make_h5py_fixtures.py} with h5py (the reference HDF5 library): fixed-length
   * byte-string attributes, empty float64 {@code weight_names} for weightless layers, and (full
   * model) {@code layer_names} split into {@code layer_names0}/{@code layer_names1}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"keras-h5py-save-weights.h5", "keras-h5py-full-model.h5"})
  void readsFilesWrittenByH5py(String fixture) throws IOException {
    Path file = copyResource(fixture);

    List<KerasLayer> layers = KerasWeightsFile.read(file);

    assertThat(layers).extracting(KerasLayer::name).containsExactly("input_1", "conv", "pool", "dense");
    assertThat(layers.get(0).weights()).isEmpty();
    assertThat(layers.get(2).weights()).isEmpty();
    KerasWeight kernel = layers.get(1).weights().get(0);
    assertThat(kernel.name()).isEqualTo("conv/kernel:0");
    assertThat(kernel.shape()).containsExactly(3, 3, 2, 4);
    assertThat(kernel.values()).hasSize(72);
    for (int i = 0; i < 72; i++) {
      assertThat(kernel.values()[i]).isEqualTo(i * 0.25f - 1);
    }
    assertThat(layers.get(1).weights().get(1).values()).containsExactly(-1f, -0.75f, -0.5f, -0.25f);
    KerasWeight dense = layers.get(3).weights().get(0);
    assertThat(dense.name()).isEqualTo("dense_W_1:0");
    assertThat(dense.shape()).containsExactly(4, 2);
    assertThat(dense.values()).as("float64 converted").containsExactly(-1f, -0.75f, -0.5f, -0.25f, 0f,
        0.25f, 0.5f, 0.75f);
  }

  @Test
  void writtenFilesReadBackWithTheSameNamesShapesAndValues() throws IOException {
    Path file = dir.resolve("out.h5");
    float[] kernel = new float[3 * 3 * 2 * 4];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) Math.sin(i);
    }
    List<KerasLayer> layers = List.of(
        new KerasLayer("conv", List.of(new KerasWeight("conv/kernel:0", new int[] {3, 3, 2, 4}, kernel),
            new KerasWeight("conv/bias:0", new int[] {4}, new float[] {1, 2, 3, 4}))),
        new KerasLayer("pool", List.of()),
        new KerasLayer("dense", List.of(new KerasWeight("dense/kernel:0", new int[] {4, 2},
            new float[] {1, 2, 3, 4, 5, 6, 7, 8}), new KerasWeight("dense/bias:0", new int[] {2},
            new float[] {-1, -2}))));

    KerasWeightsFile.write(file, layers);

    List<KerasLayer> read = KerasWeightsFile.read(file);
    assertThat(read).as("weightless layers are not written").containsExactly(layers.get(0), layers.get(2));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void writingReplacesAnExistingFileOnlyWhenComplete() throws IOException {
    Path file = Files.writeString(dir.resolve("old.h5"), "old");
    assertThatThrownBy(() -> KerasWeightsFile.write(file, List.of(new KerasLayer("pool", List.of()))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(file)).isEqualTo("old");

    KerasWeightsFile.write(file, List.of(new KerasLayer("d", List.of(
        new KerasWeight("d/kernel:0", new int[] {1, 1}, new float[] {5}),
        new KerasWeight("d/bias:0", new int[] {1}, new float[] {6})))));
    assertThat(KerasWeightsFile.read(file).get(0).weights().get(0).values()).containsExactly(5f);
  }

  @Test
  void aLayerNamedInLayerNamesButAbsentIsReported() {
    Path file = dir.resolve("dangling.h5");
    try (var hdf = io.jhdf.HdfFile.write(file)) {
      hdf.putAttribute("layer_names", new String[] {"conv", "ghost"});
      var conv = hdf.putGroup("conv");
      conv.putAttribute("weight_names", new String[] {"kernel:0"});
      conv.putDataset("kernel:0", new float[] {1});
    }
    assertThatThrownBy(() -> KerasWeightsFile.read(file))
        .isInstanceOfSatisfying(WeightsFileException.class,
            e -> assertThat(e.layer()).contains("ghost"))
        .hasMessageContaining("'ghost'");
  }

  private Path copyResource(String name) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream(name)) {
      assertThat(in).as("test resource " + name).isNotNull();
      Files.copy(in, file);
    }
    return file;
  }
}
