package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.model.KerasFixtures.Layout;
import io.github.covidxray.model.KerasFixtures.Naming;
import io.github.covidxray.model.KerasFixtures.Spec;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keras HDF5 weights into the model: round trips, layouts, naming, and bad files. */
class WeightsLoadingTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Layout.class)
  void valuesOfAKerasFileLandInTheRightLayersAtTheirHwioIndices(Layout layout) {
    List<Spec> specs = new ArrayList<>(KerasFixtures.vggBase());
    specs.addAll(KerasFixtures.head("dense", "dense_1", 64, 2));
    Path file = dir.resolve(layout == Layout.FULL_MODEL ? "covid19.model" : "weights.h5");
    KerasFixtures.write(file, layout, Naming.TF2, specs);

    try (VggTransferModel model = TestData.small().weights(VggWeights.file(file)).build()) {
      assertThat(model.config().weightsSource()).contains(file.toString());
      // block1_conv1 is fixture layer 0, block3_conv2 layer 5, block5_conv3 layer 12, dense 13.
      LayerWeights b1 = model.layerWeights("block1_conv1");
      assertThat(b1.kernelAt(0, 0, 0, 0)).isEqualTo(KerasFixtures.value(0, false, 0, 0, 0, 0));
      assertThat(b1.kernelAt(2, 1, 2, 63)).isEqualTo(KerasFixtures.value(0, false, 2, 1, 2, 63));
      assertThat(b1.kernelAt(1, 2, 0, 5)).isEqualTo(KerasFixtures.value(0, false, 1, 2, 0, 5));
      assertThat(b1.bias()[17]).isEqualTo(KerasFixtures.value(0, true, 17));
      LayerWeights b3 = model.layerWeights("block3_conv2");
      assertThat(b3.kernelAt(1, 0, 200, 31)).isEqualTo(KerasFixtures.value(5, false, 1, 0, 200, 31));
      assertThat(b3.kernelAt(0, 2, 31, 200)).isEqualTo(KerasFixtures.value(5, false, 0, 2, 31, 200));
      LayerWeights b5 = model.layerWeights("block5_conv3");
      assertThat(b5.kernelAt(2, 2, 511, 0)).isEqualTo(KerasFixtures.value(12, false, 2, 2, 511, 0));
      assertThat(b5.bias()[511]).isEqualTo(KerasFixtures.value(12, true, 511));
      LayerWeights dense = model.layerWeights("dense");
      assertThat(dense.kernelAt(300, 7)).isEqualTo(KerasFixtures.value(13, false, 300, 7));
      LayerWeights out = model.layerWeights("dense_1");
      assertThat(out.kernelAt(63, 1)).isEqualTo(KerasFixtures.value(14, false, 63, 1));
      assertThat(out.bias()[1]).isEqualTo(KerasFixtures.value(14, true, 1));
    }
  }

  @Test
  void aBaseOnlyFileWithKeras1NamesLoadsTheBaseAndKeepsTheSeededHead() {
    Path file = dir.resolve("notop.h5");
    KerasFixtures.write(file, Layout.SAVE_WEIGHTS, Naming.KERAS1, KerasFixtures.vggBase());

    try (VggTransferModel loaded = TestData.small().weights(VggWeights.file(file)).build();
        VggTransferModel fresh = TestData.small().build()) {
      assertThat(loaded.layerWeights("block4_conv1").kernelAt(1, 1, 100, 400))
          .isEqualTo(KerasFixtures.value(7, false, 1, 1, 100, 400));
      assertThat(loaded.layerWeights("dense")).isEqualTo(fresh.layerWeights("dense"));
      assertThat(loaded.layerWeights("dense_1")).isEqualTo(fresh.layerWeights("dense_1"));
    }
  }

  @Test
  void headLayersNamedOtherwiseAreMappedInFileOrder() {
    List<Spec> specs = new ArrayList<>(KerasFixtures.vggBase());
    specs.addAll(KerasFixtures.head("dense_1", "dense_2", 64, 2)); // standalone Keras numbering
    Path file = dir.resolve("keras22.h5");
    KerasFixtures.write(file, Layout.FULL_MODEL, Naming.TF2, specs);

    try (VggTransferModel model = TestData.small().weights(VggWeights.file(file)).build()) {
      assertThat(model.layerWeights("dense").kernelAt(5, 6)).isEqualTo(KerasFixtures.value(13, false, 5, 6));
      assertThat(model.layerWeights("dense_1").kernelAt(5, 1)).isEqualTo(KerasFixtures.value(14, false, 5, 1));
    }
  }

  @Test
  void savedWeightsLoadBackIntoTheSamePredictions() throws IOException {
    Path file = dir.resolve("saved").resolve("model.h5");
    float[] images = TestData.images(2, 32, 81);
    try (VggTransferModel original = TestData.small().inputScaling(InputScaling.CAFFE).build()) {
      original.restore(TestData.heUniform(original.snapshot(), 82, 0.01));
      original.saveWeights(file);
      try (Stream<Path> files = Files.list(file.getParent())) {
        assertThat(files).as("no temporary file left").containsExactly(file);
      }
      try (VggTransferModel loaded = TestData.small().inputScaling(InputScaling.CAFFE)
          .weights(VggWeights.file(file)).build()) {
        assertThat(loaded.snapshot()).isEqualTo(original.snapshot());
        assertThat(loaded.predict(images, 2)).isDeepEqualTo(original.predict(images, 2));
      }
    }
  }

  @Test
  void aMissingLayerIsNamedWithItsExpectedShape() {
    Path file = dir.resolve("partial.h5");
    List<Spec> specs = new ArrayList<>(KerasFixtures.vggBase());
    specs.remove(9); // block4_conv3
    KerasFixtures.write(file, Layout.SAVE_WEIGHTS, Naming.TF2, specs);

    assertThatThrownBy(() -> TestData.small().weights(VggWeights.file(file)).build())
        .isInstanceOfSatisfying(WeightsFileException.class, e -> {
          assertThat(e.layer()).contains("block4_conv3");
          assertThat(e.file()).contains(file);
          assertThat(e.expectedShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(3, 3, 512, 512));
        })
        .hasMessageContaining(file.toString())
        .hasMessageContaining("missing layer 'block4_conv3'")
        .hasMessageContaining("[3, 3, 512, 512]");
  }

  @Test
  void aWrongShapeIsNamedWithTheExpectedAndTheFoundShape() {
    Path file = dir.resolve("three-classes.h5");
    List<Spec> specs = new ArrayList<>(KerasFixtures.vggBase());
    specs.addAll(KerasFixtures.head("dense", "dense_1", 64, 3));
    KerasFixtures.write(file, Layout.FULL_MODEL, Naming.TF2, specs);

    assertThatThrownBy(() -> TestData.small().weights(VggWeights.file(file)).build())
        .isInstanceOfSatisfying(WeightsFileException.class, e -> {
          assertThat(e.layer()).contains("dense_1");
          assertThat(e.expectedShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(64, 2));
          assertThat(e.foundShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(64, 3));
        })
        .hasMessageContaining("layer 'dense_1'")
        .hasMessageContaining("has shape [64, 3], expected [64, 2]");
  }

  @Test
  void anExtraLayerThatCannotBeMappedIsAnError() {
    List<Spec> specs = new ArrayList<>(KerasFixtures.vggBase());
    specs.addAll(KerasFixtures.head("dense", "dense_1", 64, 2));
    specs.add(new Spec("fc_extra", new int[] {2, 2}));
    List<KerasLayer> layers = inMemory(specs);

    ModelConfig config = new ModelConfig(
        32, TestData.CLASSES, 64, 4, 0.5, InputScaling.UNIT, FineTuning.headOnly(), 7, "test");
    assertThatThrownBy(() -> KerasWeightsMapping.map(dir.resolve("x.h5"), layers,
            VggArchitecture.layers(config)))
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining("'fc_extra'")
        .hasMessageContaining("cannot be mapped");
  }

  @Test
  void aTruncatedFileIsReportedAsUnreadable() throws IOException {
    Path file = dir.resolve("truncated.h5");
    List<Spec> specs = new ArrayList<>(KerasFixtures.vggBase());
    KerasFixtures.write(file, Layout.SAVE_WEIGHTS, Naming.TF2, specs);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> TestData.small().weights(VggWeights.file(file)).build())
        .isInstanceOf(WeightsFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("cannot be read");
  }

  @Test
  void aFileThatIsNotHdf5OrNotKerasIsRefused() throws IOException {
    Path text = Files.writeString(dir.resolve("page.h5"), "<html>404 Not Found</html>");
    assertThatThrownBy(() -> TestData.small().weights(VggWeights.file(text)).build())
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("cannot be read");

    Path plain = dir.resolve("plain.h5");
    try (WritableHdfFile hdf = HdfFile.write(plain)) {
      hdf.putDataset("data", new float[] {1, 2, 3});
    }
    assertThatThrownBy(() -> TestData.small().weights(VggWeights.file(plain)).build())
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("not a Keras weights file");

    assertThatThrownBy(() -> TestData.small().weights(VggWeights.file(dir)).build())
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> TestData.small().weights(VggWeights.file(dir.resolve("none.h5"))).build())
        .isInstanceOf(WeightsFileException.class).hasMessageContaining("does not exist");
  }

  @Test
  void aRejectedSnapshotChangesNothing() {
    try (VggTransferModel model = TestData.small().build()) {
      WeightSnapshot before = model.snapshot();
      List<LayerWeights> layers = new ArrayList<>(TestData.heUniform(before, 91).layers().values());
      LayerWeights last = layers.remove(layers.size() - 1);
      layers.add(new LayerWeights("dense_1", new int[] {64, 3}, new float[192], new float[3]));

      assertThatThrownBy(() -> model.restore(WeightSnapshot.of(layers)))
          .isInstanceOf(WeightsFileException.class)
          .hasMessageContaining("dense_1").hasMessageContaining("[64, 3]").hasMessageContaining("[64, 2]");
      assertThat(model.snapshot()).isEqualTo(before);
      assertThat(last.layer()).isEqualTo("dense_1");
    }
  }

  /** The fixture's layers in memory, as {@code KerasWeightsFile.read} would return them. */
  private static List<KerasLayer> inMemory(List<Spec> specs) {
    List<KerasLayer> layers = new ArrayList<>();
    for (Spec spec : specs) {
      int[] k = spec.kernelShape();
      int n = 1;
      for (int d : k) {
        n *= d;
      }
      int out = k[k.length - 1];
      layers.add(new KerasLayer(spec.name(), List.of(
          new KerasWeight(spec.name() + "/kernel:0", k, new float[n]),
          new KerasWeight(spec.name() + "/bias:0", new int[] {out}, new float[out]))));
    }
    return layers;
  }
}
