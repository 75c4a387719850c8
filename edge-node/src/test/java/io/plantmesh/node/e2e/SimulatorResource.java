package io.plantmesh.node.e2e;

import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a real PLC simulator before the node and configures the node to read it over OPC UA on
 * loopback, with writes enabled and a token held in a file.
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {
  /** The bearer token the node is configured with. */
  public static final String TOKEN = "e2e-token-0123456789";

  private PlcSimulator simulator;

  private Path dir;

  @Override
  public Map<String, String> start() {
    simulator =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(80)
                .rate(Duration.ofMillis(200))
                .securityPolicies(EndpointSecurity.NONE)
                .build());
    try {
      dir = Files.createTempDirectory("plantmesh-e2e");
      Files.writeString(dir.resolve("token"), TOKEN + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> c = new HashMap<>();
    c.put("plantmesh.node.name", "gw-e2e");
    c.put("plantmesh.node.site", "plant1");
    c.put("plantmesh.node.area", "packaging");
    c.putAll(sourceConfig(simulator, "sim", "e2e", dir));
    c.put("plantmesh.health.readiness", "all-connected");
    return c;
  }

  /**
   * Source {@code plantmesh.sources[0]} reading {@code simulator}'s Plant folder over OPC UA
   * without security, every 100 ms, with writes enabled under the token in {@code dir/token}.
   */
  public static Map<String, String> sourceConfig(
      PlcSimulator simulator, String id, String pathPrefix, Path dir) {
    Map<String, String> c = new HashMap<>();
    String s = "plantmesh.sources[0].";
    c.put(s + "id", id);
    c.put(s + "endpoint-url", simulator.endpointUrl());
    c.put(s + "security.policy", "none");
    c.put(s + "security.mode", "none");
    c.put(s + "pki.dir", dir.resolve("pki").toString());
    c.put(s + "path-prefix", pathPrefix);
    c.put(s + "collection.sampling-interval", "100ms");
    c.put(s + "collection.publishing-interval", "100ms");
    c.put(s + "browse[0].root", PlcSimulator.expandedNodeId("Plant"));
    c.put("plantmesh.api.writes.enabled", "true");
    c.put("plantmesh.api.writes.token", "file:" + dir.resolve("token"));
    return c;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        simulator,
        new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, PlcSimulator.class));
  }

  @Override
  public void stop() {
    if (simulator != null) {
      simulator.close();
    }
    TempDirs.delete(dir);
  }
}
