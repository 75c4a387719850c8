package io.plantmesh.kafka.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/** Formats and deletes a test broker's data dir. */
final class DataDirs {
  private DataDirs() {}

  /**
   * Formats the log dir as {@code kafka-storage.sh format} would, unless it already is: a restart
   * keeps the cluster id, the records and the SCRAM credentials of the first start.
   */
  static void formatIfNeeded(BrokerSettings settings) {
    Path logDir = settings.logDir();
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    List<String> scram =
        settings.scramUsers().entrySet().stream().map(DataDirs::scramArgument).toList();
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setHasDynamicQuorum(false)
          .setScramArguments(scram)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the broker's log dir " + logDir, e);
    }
  }

  private static String scramArgument(Map.Entry<String, String> user) {
    // Credentials.check keeps ',' and '"' out of both, so the list parses unambiguously.
    return SaslMechanism.SCRAM_SHA_512.kafkaName()
        + "=[name="
        + user.getKey()
        + ",password=\""
        + user.getValue()
        + "\"]";
  }

  /** Deletes {@code dir} and everything below it. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the broker's data dir " + dir, e);
    }
  }
}
