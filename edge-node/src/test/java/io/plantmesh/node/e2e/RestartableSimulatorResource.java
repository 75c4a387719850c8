package io.plantmesh.node.e2e;

import static org.awaitility.Awaitility.await;

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
 * A PLC simulator the test can take down and bring back on the same port, as a rebooting PLC would;
 * the node reads it with fast reconnects and writes enabled.
 */
public class RestartableSimulatorResource implements QuarkusTestResourceLifecycleManager {
  /** Takes the simulator down and brings it back. */
  public static final class Control {
    private SimulatorConfig config;
    private volatile PlcSimulator simulator;

    public synchronized void stop() {
      simulator.close();
    }

    /** Starts again on the same port, retrying while the old socket is released. */
    public synchronized void restart() {
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .until(
              () -> {
                simulator = PlcSimulator.start(config);
                return true;
              });
    }

    public PlcSimulator simulator() {
      return simulator;
    }
  }

  private final Control control = new Control();

  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("plantmesh-restart");
      Files.writeString(dir.resolve("token"), SimulatorResource.TOKEN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PlcSimulator first =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(16)
                .rate(Duration.ofMillis(200))
                .securityPolicies(EndpointSecurity.NONE)
                .pkiDir(dir.resolve("server-pki"))
                .build());
    control.simulator = first;
    control.config = first.config().toBuilder().port(first.port()).build();
    Map<String, String> c = new HashMap<>();
    c.put("plantmesh.node.name", "gw-restart");
    String s = "plantmesh.sources[0].";
    c.put(s + "id", "sim");
    c.put(s + "endpoint-url", first.endpointUrl());
    c.put(s + "security.policy", "none");
    c.put(s + "security.mode", "none");
    c.put(s + "pki.dir", dir.resolve("client-pki").toString());
    c.put(s + "path-prefix", "r");
    c.put(s + "collection.publishing-interval", "100ms");
    c.put(s + "browse[0].root", PlcSimulator.expandedNodeId("Plant"));
    c.put(s + "reconnect.initial-delay", "200ms");
    c.put(s + "reconnect.max-delay", "1s");
    c.put(s + "request-timeout", "2s");
    c.put("plantmesh.api.writes.enabled", "true");
    c.put("plantmesh.api.writes.token", "file:" + dir.resolve("token"));
    c.put("plantmesh.health.readiness", "any-connected");
    return c;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        control, new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, Control.class));
  }

  @Override
  public void stop() {
    if (control.simulator != null) {
      control.simulator.close();
    }
    TempDirs.delete(dir);
  }
}
