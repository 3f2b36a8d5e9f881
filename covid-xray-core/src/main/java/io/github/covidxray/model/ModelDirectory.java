package io.github.covidxray.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 */
final class ModelDirectory {

  static final String SAVED_MODEL_FILE = "saved_model.pb";
  static final String VARIABLES_DIRECTORY = "variables";
  static final String VARIABLES_PREFIX = "variables";

  private ModelDirectory() {}

  /** The metadata file of a model directory. */
  static Path metadataFile(Path directory) {
    return directory.resolve(ModelMetadata.FILE_NAME);
  }

  /**
   * Checks that {@code directory} is a model directory and reads its metadata.
   *
   * @throws ModelFormatException naming the path and what was expected
   * @throws IOException if the metadata file exists but cannot be read
   */
  static ModelMetadata readMetadata(Path directory) throws IOException {
    checkDirectory(directory);
    Path file = metadataFile(directory);
    if (!Files.isRegularFile(file)) {
      throw new ModelFormatException(directory, "not a covid-xray model directory: it has no "
          + ModelMetadata.FILE_NAME + " (expected a directory written by VggTransferModel.save; it holds "
          + contents(directory) + ")");
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

  /**
   * What {@link AtomicDirectory} asks before replacing an existing directory: only an empty directory
   * or a saved model may be replaced, so that saving to a wrong path cannot delete other files.
   */
  static void checkReplaceable(Path existing) throws IOException {
    if (Files.isRegularFile(metadataFile(existing))) {
      return;
    }
    try (Stream<Path> entries = Files.list(existing)) {
      if (entries.findAny().isEmpty()) {
        return;
      }
    }
    throw new IOException("refusing to replace " + existing + ": it is neither empty nor a saved"
        + " covid-xray model (no " + ModelMetadata.FILE_NAME + "); it holds " + contents(existing)
        + ". Save to a new or empty directory, or to an existing model directory");
  }

  private static void checkDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    if (Files.exists(directory)) {
      throw new ModelFormatException(directory,
          "not a directory; a saved model is a directory written by VggTransferModel.save");
    }
    List<Path> backups = AtomicDirectory.backupsOf(directory);
    throw new ModelFormatException(directory, "no such directory (expected a directory written by"
        + " VggTransferModel.save)" + (backups.isEmpty() ? ""
            : "; a save that replaced it was interrupted, and the previous model is intact at "
                + backups.get(backups.size() - 1) + ": rename it to " + directory.getFileName()));
  }

  /** A short listing of a directory's entries for messages. */
  private static String contents(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      List<String> names = entries.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
          .sorted().toList();
      if (names.isEmpty()) {
        return "nothing";
      }
      return names.size() <= 8 ? String.join(", ", names)
          : String.join(", ", names.subList(0, 8)) + " and " + (names.size() - 8) + " more";
    }
  }
}
