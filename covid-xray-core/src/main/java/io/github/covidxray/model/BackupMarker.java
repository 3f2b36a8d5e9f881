package io.github.covidxray.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The file {@value #FILE_NAME} that {@link AtomicDirectory} writes into a backup folder last, once
 * every file of the backed-up directory is in it: its presence says the backup is complete, and it
 * records when the backup was made and of which directory, so that a recovery hint can name the newest
 * complete backup instead of guessing from random folder names.
 *
 * @param created when the backup was completed
 * @param of the directory it is a backup of
 */
record BackupMarker(Instant created, Path of) {

  static final String FILE_NAME = ".covid-xray-backup.json";
  private static final String FORMAT = "covid-xray-backup";
  private static final ObjectMapper JSON = new ObjectMapper();

  BackupMarker {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(of, "of");
  }

  /** Writes the marker into {@code backup} and flushes it to disk. */
  void writeTo(Path backup) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("created", created.toString());
    node.put("of", of.toString());
    Path file = backup.resolve(FILE_NAME);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Reads the marker of a backup folder.
   *
   * @param backup a backup folder
   * @return the marker
   * @throws IOException saying why the folder has no valid marker (it is then not a complete backup)
   */
  static BackupMarker readFrom(Path backup) throws IOException {
    Path file = backup.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException("it has no completeness marker " + FILE_NAME
          + " (the backup was interrupted, or written by a covid-xray without markers)");
    }
    try {
      JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (node == null || !FORMAT.equals(node.path("format").asText())) {
        throw new IOException("its " + FILE_NAME + " is not a covid-xray backup marker");
      }
      return new BackupMarker(Instant.parse(node.path("created").asText()),
          Path.of(node.path("of").asText()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | DateTimeParseException e) {
      throw new IOException("its " + FILE_NAME + " is unreadable (" + e.getMessage() + ")", e);
    }
  }
}
