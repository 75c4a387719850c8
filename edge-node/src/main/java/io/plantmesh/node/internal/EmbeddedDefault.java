package io.plantmesh.node.internal;

import io.plantmesh.node.config.NodeSettings.EmbeddedSettings;
import io.plantmesh.opcua.BrowseConfig;
import io.plantmesh.opcua.CollectionSettings;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.PkiConfig;
import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What a node runs with no sources configured: a PLC simulator in-process (security None, on
 * loopback by default) and an OPC UA source browsing its {@code Plant} folder, so that a first run
 * shows live values without any device.
 */
public final class EmbeddedDefault {
  /** The embedded source's id. */
  public static final String SOURCE_ID = "embedded-plc";

  /** The tag path prefix of the embedded source's tags. */
  public static final String PATH_PREFIX = "demo";

  private static final Duration LIVE_INTERVAL = Duration.ofMillis(250);

  private EmbeddedDefault() {}

  /** Starts the simulator; the caller closes it. */
  public static PlcSimulator startSimulator(EmbeddedSettings s) {
    return PlcSimulator.start(
        SimulatorConfig.builder()
            .tags(s.tagCount())
            .rate(s.updateRate())
            .bindAddress(s.bindAddress())
            .port(s.port())
            .securityPolicies(EndpointSecurity.NONE)
            .build());
  }

  /** A throw-away PKI directory: the client keeps a certificate even with security None. */
  public static Path createPkiDir() {
    try {
      return Files.createTempDirectory("plantmesh-embedded-pki");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a PKI directory for the embedded source", e);
    }
  }

  /** Removes what {@link #createPkiDir()} made; best effort, at shutdown. */
  public static void deletePkiDir(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  /**
   * The source that reads {@code simulator}: the whole {@code Plant} folder, no security, and short
   * intervals so that values look live.
   */
  public static OpcUaSourceConfig sourceConfig(PlcSimulator simulator, int tagCount, Path pki) {
    return OpcUaSourceConfig.builder(SOURCE_ID, simulator.endpointUrl())
        .noSecurity()
        .pki(PkiConfig.of(pki))
        .collection(
            CollectionSettings.DEFAULTS
                .withSamplingInterval(LIVE_INTERVAL)
                .withPublishingInterval(LIVE_INTERVAL))
        .pathPrefix(PATH_PREFIX)
        .browse(
            BrowseConfig.of(PlcSimulator.expandedNodeId("Plant"))
                .withMaxTags(Math.max(BrowseConfig.DEFAULT_MAX_TAGS, tagCount + 1000)))
        .build();
  }
}
