package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download cache against a loopback HTTP server: hashes, caching, offline behaviour. */
class WeightsRepositoryTest {

  private static final String NAME = "weights.h5";

  @TempDir Path tmp;
  private Path served;
  private Path cache;
  private byte[] content;

  @BeforeEach
  void serveAFile() throws IOException {
    content = new byte[3_000_000]; // several 10 % progress steps
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + i / 7);
    }
    served = Files.write(tmp.resolve("served.bin"), content);
    cache = tmp.resolve("keras").resolve("models");
  }

  @Test
  void aFileWithTheRightMd5IsDownloadedCachedAndThenUsedWithoutNetwork() throws IOException {
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 200)) {
      RemoteFile file = new RemoteFile(NAME, server.url(NAME), digest("MD5"), "");
      WeightsRepository repository = WeightsRepository.builder().cacheDir(cache).build();

      Path first = repository.resolve(file);
      Path second = repository.resolve(file);

      assertThat(first).isEqualTo(cache.resolve(NAME)).isEqualTo(second);
      assertThat(Files.readAllBytes(first)).isEqualTo(content);
      assertThat(server.requests()).as("the second resolve uses the cache").isEqualTo(1);
      assertThat(filesIn(cache)).containsExactly(cache.resolve(NAME));
    }
  }

  @Test
  void aSha256HashIsAcceptedToo() {
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 200)) {
      RemoteFile file = new RemoteFile(NAME, server.url(NAME), digest("SHA-256"), "");
      assertThat(WeightsRepository.builder().cacheDir(cache).build().resolve(file))
          .hasBinaryContent(content);
    }
  }

  @Test
  void aDownloadWithTheWrongHashIsDiscardedAndLeavesNothingInTheCache() throws IOException {
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 200)) {
      String wrong = "0123456789abcdef0123456789abcdef";
      RemoteFile file = new RemoteFile(NAME, server.url(NAME), wrong, "Try VggWeights.none().");

      assertThatThrownBy(() -> WeightsRepository.builder().cacheDir(cache).build().resolve(file))
          .isInstanceOf(WeightsDownloadException.class)
          .hasMessageContaining(wrong)
          .hasMessageContaining(digest("MD5"))
          .hasMessageContaining("discarded")
          .hasMessageContaining("Try VggWeights.none().");
      assertThat(filesIn(cache)).isEmpty();
    }
  }

  @Test
  void aServerThatIsDownGivesAnExceptionNamingFileCacheAndUrl() throws IOException {
    URI url;
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 200)) {
      url = server.url(NAME);
    } // stopped: connection refused from now on
    RemoteFile file = new RemoteFile(NAME, url, digest("MD5"), "Or train without it.");

    assertThatThrownBy(() -> WeightsRepository.builder().cacheDir(cache).build().resolve(file))
        .isInstanceOfSatisfying(WeightsDownloadException.class, e -> {
          assertThat(e.fileName()).isEqualTo(NAME);
          assertThat(e.cacheDir()).isEqualTo(cache);
          assertThat(e.url()).isEqualTo(url);
        })
        .hasMessageContaining(NAME)
        .hasMessageContaining(cache.toString())
        .hasMessageContaining(url.toString())
        .hasMessageContaining("Or train without it.");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void anHttpErrorIsReported() throws IOException {
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 404)) {
      RemoteFile file = new RemoteFile(NAME, server.url(NAME), digest("MD5"), "");
      assertThatThrownBy(() -> WeightsRepository.builder().cacheDir(cache).build().resolve(file))
          .isInstanceOf(WeightsDownloadException.class).hasMessageContaining("HTTP 404");
      assertThat(filesIn(cache)).isEmpty();
    }
  }

  @Test
  void offlineResolvesCachedFilesOnlyAndNeverTouchesTheNetwork() throws IOException {
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 200)) {
      RemoteFile file = new RemoteFile(NAME, server.url(NAME), digest("MD5"), "");
      WeightsRepository offline = WeightsRepository.builder().cacheDir(cache).offline(true).build();

      assertThatThrownBy(() -> offline.resolve(file))
          .isInstanceOf(WeightsDownloadException.class).hasMessageContaining("offline");
      Files.createDirectories(cache);
      Files.copy(served, cache.resolve(NAME));
      assertThat(offline.resolve(file)).isEqualTo(cache.resolve(NAME));
      assertThat(server.requests()).isZero();
    }
  }

  @Test
  void aCachedFileWithAWrongHashIsDownloadedAgain() throws IOException {
    Files.createDirectories(cache);
    Files.writeString(cache.resolve(NAME), "half a download");
    try (LoopbackServer server = LoopbackServer.serving(NAME, served, 200)) {
      RemoteFile file = new RemoteFile(NAME, server.url(NAME), digest("MD5"), "");
      assertThat(WeightsRepository.builder().cacheDir(cache).build().resolve(file))
          .hasBinaryContent(content);
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void theDefaultCacheIsKerasHomeModelsElseDotKerasModels() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    assertThat(WeightsRepository.kerasCacheDir(Map.of("KERAS_HOME", "/opt/keras"), home))
        .isEqualTo(Path.of("/opt/keras", "models"));
    assertThat(WeightsRepository.kerasCacheDir(Map.of(), home))
        .isEqualTo(home.resolve(".keras").resolve("models"));
  }

  @Test
  void hashesMustBeMd5OrSha256() {
    assertThatThrownBy(() -> new RemoteFile(NAME, URI.create("http://x/"), "abc", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MD5");
    assertThatThrownBy(() -> new RemoteFile("../evil", URI.create("http://x/"), digest("MD5"), ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain file name");
  }

  private String digest(String algorithm) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
