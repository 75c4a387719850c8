package io.plantmesh.it;

import io.plantmesh.bench.JvmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The packaged artifacts the process tests start, as a plant engineer would start them. */
public final class Packaged {
  private Packaged() {}

  /** The packaged edge node; {@code -Dplantmesh.node.jar} points elsewhere. */
  public static Path nodeJar() {
    return Path.of(
        System.getProperty(
            "plantmesh.node.jar", "../edge-node/target/quarkus-app/quarkus-run.jar"));
  }

  /** The PLC simulator's own runnable jar. */
  public static Path simulatorJar() throws IOException {
    Path target = Path.of("..", "connectors", "plc-simulator", "target");
    try (var files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-cli.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no simulator -cli.jar in "
                          + target.toAbsolutePath()
                          + ": package it first"));
    }
  }

  /**
   * Starts the packaged node as its own JVM (256 MB heap, serial GC), its REST API on loopback at
   * {@code httpPort}, reading {@code config} as its plantmesh.yaml; logs as {@code log} in {@code
   * dir}.
   */
  public static JvmProcess startNode(String log, int httpPort, Path config, Path dir)
      throws IOException {
    return JvmProcess.start(
        log,
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Dquarkus.http.port=" + httpPort,
            "-Dquarkus.http.host=127.0.0.1"),
        List.of("-jar", nodeJar().toString()),
        Map.of("PLANTMESH_CONFIG", config.toString()),
        dir);
  }
}
