package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Secret;
import io.plantmesh.core.SourceState;
import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with only a None endpoint whose UserName token policy is None too: the password would
 * cross the network in clear text, so the source refuses unless the identity opts in.
 */
class PlaintextPasswordTest {
  private static final String PASSWORD = "pl41n-Pa55";

  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .devices(1)
              .rate(Duration.ofMillis(100))
              .securityPolicies(EndpointSecurity.NONE)
              .allowAnonymous(false)
              .user("operator", Secret.ofValue(PASSWORD))
              .plaintextPasswords(true)
              .build());

  @TempDir Path pki;
  private OpcUaSource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
  }

  private TestSink start(boolean allowPlaintext) {
    OpcUaSourceConfig config =
        OpcUaSourceConfig.builder("p1", PLC.simulator().endpointUrl())
            .pki(PkiConfig.of(pki))
            .identity(
                new Identity.UserPassword("operator", Secret.ofValue(PASSWORD), allowPlaintext))
            .reconnect(Duration.ofMillis(200), Duration.ofSeconds(1))
            .tag(
                TagConfig.node(
                    PlcSimulator.expandedNodeId("Plant/Line01/Cell01/Device001/Temperature"),
                    "p/temp"))
            .build();
    TestSink sink = new TestSink();
    source = new OpcUaSource(config, "edge-a");
    source.start(sink);
    return sink;
  }

  @Test
  void bestAvailableRefusesToSendThePasswordInClearText() {
    TestSink sink = start(false);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              String error = source.status().lastError();
              assertTrue(
                  error != null
                      && error.contains(
                          "the server offers no encryption for the password on "
                              + PLC.simulator().endpointUrl()),
                  error);
              assertTrue(
                  error.contains("sources[p1].identity.allow-plaintext-password: true"), error);
              assertFalse(error.contains(PASSWORD), error);
            });
    assertTrue(source.status().state() != SourceState.CONNECTED);
    assertTrue(sink.of("p/temp").isEmpty(), "no Session was activated");
  }

  @Test
  void theOptInConnects() {
    TestSink sink = start(true);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sink.of("p/temp").stream().anyMatch(r -> r.quality().equals(Quality.GOOD)));
  }
}
