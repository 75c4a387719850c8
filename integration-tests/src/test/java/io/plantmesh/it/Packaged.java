package io.plantmesh.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
