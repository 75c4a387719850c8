package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.SourceState;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server that is down at start, and one that restarts with its namespace index moved. */
class RecoveryTest {
  @RegisterExtension
  final PlcSimulatorExtension plc =
      new PlcSimulatorExtension(
          SimulatorConfig.builder().devices(1).rate(Duration.ofMillis(100)).build());

  private OpcUaSource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
  }

  private OpcUaSourceConfig config() {
    return OpcUaSourceConfig.builder("r1", plc.simulator().endpointUrl())
        .noSecurity()
        .reconnect(Duration.ofMillis(200), Duration.ofSeconds(1))
        .collection(
            CollectionSettings.DEFAULTS
                .withSamplingInterval(Duration.ofMillis(50))
                .withPublishingInterval(Duration.ofMillis(100)))
        .tag(
            TagConfig.node(
                PlcSimulator.expandedNodeId("Plant/Line01/Cell01/Device001/Temperature"), "r/temp"))
        .build();
  }

  private static boolean goodAfter(TestSink sink, String path, Instant after) {
    return sink.of(path).stream()
        .anyMatch(r -> r.receivedTime().isAfter(after) && r.quality().equals(Quality.GOOD));
  }

  @Test
  void aServerDownAtStartIsRetriedUntilItComes() {
    OpcUaSourceConfig config = config();
    plc.stop();
    TestSink sink = new TestSink();
    source = new OpcUaSource(config, "edge-a");
    long before = System.nanoTime();
    source.start(sink);
    assertTrue(System.nanoTime() - before < Duration.ofSeconds(2).toNanos(), "start() returns");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertEquals(SourceState.DOWN, source.status().state());
              assertNotNull(source.status().lastError());
              assertTrue(
                  source.status().lastError().contains("cannot reach"),
                  source.status().lastError());
            });
    plc.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> sink.of("r/temp").size() >= 3);
    assertEquals(SourceState.CONNECTED, source.status().state());
    assertNull(source.status().lastError());
    assertEquals(0, source.status().reconnects());
  }

  @Test
  void aSessionThatSurvivesANetworkBlipKeepsItsSubscriptions() throws Exception {
    try (TcpProxy proxy = new TcpProxy(plc.simulator().port())) {
      OpcUaSourceConfig config = config().toBuilder().build();
      OpcUaSourceConfig viaProxy =
          new OpcUaSourceConfig(
              config.id(),
              "opc.tcp://127.0.0.1:" + proxy.port() + "/plantmesh",
              config.securityPolicy(),
              config.securityMode(),
              config.identity(),
              config.pki(),
              config.pathPrefix(),
              config.collection(),
              config.tags(),
              config.browse(),
              config.reconnect(),
              config.requestTimeout(),
              config.sessionTimeout());
      TestSink sink = new TestSink();
      source = new OpcUaSource(viaProxy, "edge-a");
      source.start(sink);
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.of("r/temp").size() >= 3);
      String session = source.connectionInfo().orElseThrow().sessionId();

      proxy.cutAll();
      Instant cut = Instant.now();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> goodAfter(sink, "r/temp", cut.plusMillis(100)));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> source.status().state() == SourceState.CONNECTED);
      assertEquals(1, source.status().reconnects());
      assertEquals(session, source.connectionInfo().orElseThrow().sessionId(), "same Session");
      assertNull(sink.violation());
    }
  }

  @Test
  void aRestartedServerIsReconnectedAndNsuNodeIdsResolveToTheNewIndex() {
    TestSink sink = new TestSink();
    source = new OpcUaSource(config(), "edge-a");
    source.start(sink);
    await().atMost(Duration.ofSeconds(20)).until(() -> sink.of("r/temp").size() >= 3);
    int oldIndex = plc.simulator().namespaceIndex();

    plc.stop();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> source.status().state() != SourceState.CONNECTED);
    plc.restart(b -> b.namespaceOffset(3));
    Instant back = Instant.now();
    assertNotEquals(oldIndex, plc.simulator().namespaceIndex());

    await().atMost(Duration.ofSeconds(30)).until(() -> goodAfter(sink, "r/temp", back));
    Reading first =
        sink.of("r/temp").stream()
            .filter(r -> r.receivedTime().isAfter(back))
            .findFirst()
            .orElseThrow();
    Duration recovery = Duration.between(back, first.receivedTime());
    System.out.println(
        "RecoveryTest: first reading " + recovery.toMillis() + " ms after the server was back");
    assertTrue(recovery.compareTo(Duration.ofSeconds(30)) < 0, recovery::toString);
    assertEquals(Quality.GOOD, first.quality(), first::toString);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> source.status().state() == SourceState.CONNECTED);
    assertEquals(1, source.status().reconnects());
    assertEquals(1, source.status().goodItems());
    assertEquals(0, source.status().badItems());
    assertNull(sink.violation());
  }
}
