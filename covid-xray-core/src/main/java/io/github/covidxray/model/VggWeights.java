package io.github.covidxray.model;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link VggTransferModel}'s initial weights come from.
 *
 * <ul>
 *   <li>{@link #imagenet()}: Keras's ImageNet VGG16 weights without top, from Keras's cache (or
 *       downloaded into it); the head starts from seeded Glorot-uniform initialisation. The tutorial.
 *   <li>{@link #file(Path)}: a Keras HDF5 file, {@code save_weights} layout or a full model saved with
 *       {@code model.save(..., save_format="h5")} such as the tutorial's {@code covid19.model}.
 *   <li>{@link #none()}: seeded random initialisation of every layer (Keras's {@code weights=None}).
 *   <li>{@link #randomFeatures(long)}: a seeded He-normal random base, a baseline that learns offline
 *       (see there).
 * </ul>
 */
public sealed interface VggWeights
    permits VggWeights.None, VggWeights.RandomFeatures, VggWeights.ImageNet, VggWeights.File {

  /**
   * Keras's VGG16 ImageNet weights without the classifier top: its cache name, its official URL and
   * the MD5 hash {@code keras.applications.vgg16} checks it against.
   */
  RemoteFile IMAGENET_NOTOP = new RemoteFile(
      "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
      URI.create("https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
          + "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"),
      "6d6bbae143d832006294945121d1f1fc",
      "Copy the file into that directory by hand (Keras keeps it there too), or build the model with"
          + " VggWeights.none() to train without ImageNet weights (seeded random initialisation).");

  /** A short description for logs and metadata, e.g. {@code "imagenet"} or {@code "file:/x.h5"}. */
  String description();

  /** Every layer randomly initialised: Glorot-uniform kernels, zero biases, seeded. */
  static VggWeights none() {
    return new None();
  }

  /**
   * A random base that still gives usable features: the thirteen convolutions He-normal initialised
   * (Keras's {@code he_normal}: truncated normal, standard deviation {@code sqrt(2 / fanIn)}, zero
   * biases) from {@code seed}; the head Glorot-uniform from the model's seed, as with every other
   * source.
   *
   * <p>Why: with {@link #none()} (Keras's Glorot-uniform) a frozen random base gives block-5 features
   * around 1e-3 and the head stays at chance, so offline users would have no baseline that learns. A
   * frozen He-scaled random base keeps its features of order one, and a head trained on those random
   * projections does learn. It is a <em>baseline</em>, the answer to "does ImageNet pre-training
   * matter?", never a substitute for ImageNet weights.
   *
   * @param seed seed of the base's weights
   * @return the weights source
   */
  static VggWeights randomFeatures(long seed) {
    return new RandomFeatures(seed);
  }

  /** ImageNet weights for the base from Keras's cache directory, downloaded there if missing. */
  static VggWeights imagenet() {
    return new ImageNet(WeightsRepository.keras(), IMAGENET_NOTOP);
  }

  /**
   * ImageNet weights for the base from a given repository (another cache directory, offline mode).
   *
   * @param repository where to look the file up and download it to
   * @return the weights source
   */
  static VggWeights imagenet(WeightsRepository repository) {
    return new ImageNet(repository, IMAGENET_NOTOP);
  }

  /**
   * A Keras HDF5 weights file, mapped to the model's layers by name.
   *
   * <p>The 13 base layers ({@code block1_conv1} … {@code block5_conv3}) must all be present. The
   * head's two dense layers are taken by name ({@code dense}, {@code dense_1}); failing that, a file
   * with exactly two other layers with weights (e.g. standalone Keras's {@code dense_1},
   * {@code dense_2}) has them mapped in file order. A file without head layers (a base-only file like
   * the ImageNet one) leaves the head at its seeded initialisation. Layers without weights are ignored;
   * any other layer with weights cannot be mapped and is an error. Each layer must hold a kernel and a
   * bias (in that order, as Keras writes them) of exactly the model's shapes. Everything is read and
   * checked before anything is assigned.
   *
   * @param path the {@code .h5} file
   * @return the weights source
   */
  static VggWeights file(Path path) {
    return new File(path);
  }

  /** Seeded random initialisation of every layer. */
  record None() implements VggWeights {
    @Override
    public String description() {
      return "none (seeded Glorot-uniform)";
    }
  }

  /**
   * A seeded He-normal random base (see {@link VggWeights#randomFeatures(long)}).
   *
   * @param seed seed of the base's weights
   */
  record RandomFeatures(long seed) implements VggWeights {
    @Override
    public String description() {
      return "random-features (seeded He-normal base, seed " + seed + ")";
    }
  }

  /**
   * Keras's ImageNet weights for the base, resolved through a repository.
   *
   * @param repository the cache to look the file up in and download it to
   * @param file the file to resolve (normally {@link #IMAGENET_NOTOP})
   */
  record ImageNet(WeightsRepository repository, RemoteFile file) implements VggWeights {
    /** Checks for nulls. */
    public ImageNet {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(file, "file");
    }

    @Override
    public String description() {
      return "imagenet (" + file.fileName() + ")";
    }
  }

  /**
   * A Keras HDF5 weights file.
   *
   * @param path the file
   */
  record File(Path path) implements VggWeights {
    /** Checks for null. */
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String description() {
      return "file " + path;
    }
  }
}
