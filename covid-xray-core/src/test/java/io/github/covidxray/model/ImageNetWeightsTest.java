package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.covidxray.internal.FileHash;
import io.github.covidxray.model.KerasFixtures.Layout;
import io.github.covidxray.model.KerasFixtures.Naming;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VggWeights#imagenet()} end to end, served from a loopback HTTP server. */
class ImageNetWeightsTest {

  private static final String NAME = VggWeights.IMAGENET_NOTOP.fileName();

  @TempDir Path tmp;

  @Test
  void theNotopFileIsDownloadedVerifiedCachedAndLoadedThenUsedFromTheCache() throws IOException {
    // A stand-in with the layout of Keras's file: base layers only, Keras 1 weight names.
    Path served = tmp.resolve("served.h5");
    KerasFixtures.write(served, Layout.SAVE_WEIGHTS, Naming.KERAS1, KerasFixtures.vggBase());
    Path cache = tmp.resolve("cache");
    WeightsRepository repository = WeightsRepository.builder().cacheDir(cache).build();
    RemoteFile file;
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 200)) {
      file = new RemoteFile(NAME, server.url(NAME), FileHash.of(served, "MD5"),
          VggWeights.IMAGENET_NOTOP.advice());
      try (VggTransferModel model =
          TestData.small().weights(new VggWeights.ImageNet(repository, file)).build()) {
        assertThat(model.layerWeights("block2_conv1").kernelAt(2, 0, 63, 127))
            .isEqualTo(KerasFixtures.value(2, false, 2, 0, 63, 127));
        assertThat(model.config().weightsSource()).startsWith("imagenet");
      }
      assertThat(server.requests()).isEqualTo(1);
    }
    assertThat(cache.resolve(NAME)).hasSameBinaryContentAs(served);

    // Server gone: the cached copy is used.
    try (VggTransferModel again =
        TestData.small().weights(new VggWeights.ImageNet(repository, file)).build()) {
      assertThat(again.layerWeights("block5_conv1").bias()[3]).isEqualTo(KerasFixtures.value(10, true, 3));
    }
  }

  @Test
  void offlineAndNotCachedSaysWhereItLookedAndHowToTrainWithout() {
    Path cache = tmp.resolve("empty-cache");
    WeightsRepository offline = WeightsRepository.builder().cacheDir(cache).offline(true).build();

    assertThatThrownBy(() -> TestData.small().weights(VggWeights.imagenet(offline)).build())
        .isInstanceOf(WeightsDownloadException.class)
        .hasMessageContaining(NAME)
        .hasMessageContaining(cache.toString())
        .hasMessageContaining(VggWeights.IMAGENET_NOTOP.url().toString())
        .hasMessageContaining("VggWeights.none()");
  }

  @Test
  void theFileIsKerassPublishedOne() {
    // keras/applications/vgg16.py: WEIGHTS_PATH_NO_TOP and the file_hash passed to get_file.
    assertThat(VggWeights.IMAGENET_NOTOP.fileName())
        .isEqualTo("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
    assertThat(VggWeights.IMAGENET_NOTOP.url()).isEqualTo(URI.create(
        "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
            + "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"));
    assertThat(VggWeights.IMAGENET_NOTOP.fileHash()).isEqualTo("6d6bbae143d832006294945121d1f1fc");
  }
}
