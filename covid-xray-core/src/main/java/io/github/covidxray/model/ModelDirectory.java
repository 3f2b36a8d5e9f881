package io.github.covidxray.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layout of a saved model directory and its checks:
 *
 * <pre>
 * model-dir/
 *   covid-xray-model.json              metadata ({@link ModelMetadata})
 *   saved_model.pb                     TensorFlow SavedModel: graph and serving_default signature
 *   variables/variables.index          SavedModel: the variables' checkpoint
 *   variables/variables.data-00000-of-00001
 * </pre>
 *
 * <p>The directory is itself a standard SavedModel (TensorFlow ignores the extra JSON file), so
 * {@code saved_model_cli}, TensorFlow Serving or Python's {@code tf.saved_model.load} take it as is.
 *
 * <p>A model owns only the entries in {@link #OWNED} (and whatever a save writes); other files in
 * the directory are the user's, and saving over the model keeps them ({@link #LAYOUT}).
 */
final class ModelDirectory {

  static final String SAVED_MODEL_FILE = "saved_model.pb";
  static final String VARIABLES_DIRECTORY = "variables";
  static final String VARIABLES_PREFIX = "variables";

  /**
   * The top-level entries a saved model consists of: its metadata and every name a TensorFlow
   * SavedModel may use. Saving over a model replaces these and nothing else.
   */
  static final Set<String> OWNED = Set.of(ModelMetadata.FILE_NAME, SAVED_MODEL_FILE,
      "saved_model.pbtxt", "fingerprint.pb", VARIABLES_DIRECTORY, "assets", "assets.extra");

  /** A model directory as {@link AtomicDirectory} writes it: metadata last, checked as a load does. */
  static final AtomicDirectory.Layout LAYOUT = new AtomicDirectory.Layout() {
    @Override
    public boolean owns(String name) {
      return OWNED.contains(name);
    }

    @Override
    public String completionEntry() {
      return ModelMetadata.FILE_NAME;
    }

    @Override
    public void checkComplete(Path directory) throws IOException {
      parseMetadata(directory);
      checkSavedModelFiles(directory);
    }
  };

  private ModelDirectory() {}

  /** The metadata file of a model directory. */
  static Path metadataFile(Path directory) {
    return directory.resolve(ModelMetadata.FILE_NAME);
  }

  /**
   * Checks that {@code directory} is a model directory and reads its metadata. First removes what
   * interrupted saves of it left behind ({@link Leftovers#cleanUp}); if the directory is missing or
   * incomplete, the message names the newest complete backup, checked, or says that none is.
   *
   * @throws ModelFormatException naming the path and what was expected
   * @throws IOException if the metadata file exists but cannot be read
   */
  static ModelMetadata readMetadata(Path directory) throws IOException {
    Leftovers.cleanUp(directory, LAYOUT);
    checkDirectory(directory);
    if (!Files.isRegularFile(metadataFile(directory))) {
      boolean interrupted = Files.exists(directory.resolve(AtomicDirectory.IN_PROGRESS));
      String hint = Leftovers.hint(directory, LAYOUT);
      throw new ModelFormatException(directory, "not a covid-xray model directory: it has no "
          + ModelMetadata.FILE_NAME + (interrupted
              ? " because a save that was replacing the model's files was interrupted ("
                  + AtomicDirectory.IN_PROGRESS + " is still there)"
              : " (expected a directory written by VggTransferModel.save; it holds "
                  + contents(directory) + ")")
          + (hint.isEmpty() ? "" : "; " + hint));
    }
    return parseMetadata(directory);
  }

  /** Reads the metadata file of a directory that has one, without looking for leftovers. */
  private static ModelMetadata parseMetadata(Path directory) throws IOException {
    Path file = metadataFile(directory);
    if (!Files.isRegularFile(file)) {
      throw new ModelFormatException(directory, "it has no " + ModelMetadata.FILE_NAME);
    }
    return ModelMetadataJson.read(Files.readString(file, StandardCharsets.UTF_8), file);
  }

  /**
   * Checks that the SavedModel part's files are present, so that a missing file is reported by name
   * rather than by TensorFlow's loader.
   *
   * @throws ModelFormatException naming the missing file
   */
  static void checkSavedModelFiles(Path directory) throws IOException {
    Path graph = directory.resolve(SAVED_MODEL_FILE);
    if (!Files.isRegularFile(graph)) {
      throw new ModelFormatException(directory, "the TensorFlow SavedModel part is missing: expected "
          + graph + " beside " + ModelMetadata.FILE_NAME);
    }
    Path variables = directory.resolve(VARIABLES_DIRECTORY);
    Path index = variables.resolve(VARIABLES_PREFIX + ".index");
    if (!Files.isRegularFile(index)) {
      throw new ModelFormatException(directory, "the SavedModel's variables are missing: expected "
          + index + " and " + VARIABLES_PREFIX + ".data-* files beside it");
    }
    try (Stream<Path> files = Files.list(variables)) {
      if (files.noneMatch(p -> p.getFileName().toString().startsWith(VARIABLES_PREFIX + ".data-"))) {
        throw new ModelFormatException(directory, "the SavedModel's variable values are missing:"
            + " expected " + variables.resolve(VARIABLES_PREFIX + ".data-00000-of-00001") + " beside "
            + index);
      }
    }
  }

  private static void checkDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    if (Files.exists(directory)) {
      throw new ModelFormatException(directory,
          "not a directory; a saved model is a directory written by VggTransferModel.save");
    }
    String hint = Leftovers.hint(directory, LAYOUT);
    throw new ModelFormatException(directory, "no such directory (expected a directory written by"
        + " VggTransferModel.save)" + (hint.isEmpty() ? "" : "; " + hint));
  }

  /** A short listing of a directory's entries for messages. */
  private static String contents(Path directory) throws IOException {
    return AtomicDirectory.listing(directory, AtomicDirectory.entries(directory));
  }
}
