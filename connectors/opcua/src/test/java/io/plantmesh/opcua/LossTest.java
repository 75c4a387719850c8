package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.Value;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the sink sees when the source loses its server, is stopped, is restarted on the same node,
 * or its polls fail: BAD readings instead of stale GOOD values, and sequences that only grow.
 */
class LossTest {
  private static final long BAD_NOT_CONNECTED = 0x808A0000L;

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

  private OpcUaSourceConfig.Builder config(String url) {
    return OpcUaSourceConfig.builder("l1", url)
        .noSecurity()
        .reconnect(Duration.ofMillis(200), Duration.ofSeconds(1))
        .collection(
            CollectionSettings.DEFAULTS
                .withSamplingInterval(Duration.ofMillis(50))
                .withPublishingInterval(Duration.ofMillis(100)))
        .tag(
            TagConfig.node(
                PlcSimulator.expandedNodeId("Plant/Line01/Cell01/Device001/Temperature"), "l/temp"))
        .tag(TagConfig.node(PlcSimulator.expandedNodeId("Plant/Static/ReadOnly"), "l/fixed"));
  }

  private static boolean latestIs(TestSink sink, String path, long code) {
    Reading r = sink.latest(path);
    return r != null && r.quality().statusCode() == code;
  }

  @Test
  void aLostServerMakesEveryTagBadWithItsLastValueAndGoodAgainAfterReconnect() {
    TestSink sink = new TestSink();
    source = new OpcUaSource(config(plc.simulator().endpointUrl()).build(), "edge-a");
    source.start(sink);
    await().atMost(Duration.ofSeconds(20)).until(() -> latestIs(sink, "l/fixed", 0));

    plc.stop();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                latestIs(sink, "l/temp", BAD_NOT_CONNECTED)
                    && latestIs(sink, "l/fixed", BAD_NOT_CONNECTED));
    Reading fixed = sink.latest("l/fixed");
    assertEquals("Bad_NotConnected", fixed.quality().symbolicName());
    assertEquals(
        new Value.Int(42, Value.Type.INT32), fixed.value(), "the last value stays visible");
    assertTrue(sink.latest("l/temp").value() instanceof Value.Float64);
    assertEquals(2, source.status().badItems());
    long lossReadings =
        sink.of("l/fixed").stream()
            .filter(r -> r.quality().statusCode() == BAD_NOT_CONNECTED)
            .count();

    plc.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> latestIs(sink, "l/fixed", 0) && latestIs(sink, "l/temp", 0));
    assertEquals(
        1,
        lossReadings,
        "one BAD reading per loss, not one per reconnect attempt: " + sink.of("l/fixed"));
    assertEquals(2, source.status().goodItems());
    assertNull(sink.violation());
  }

  @Test
  void aTagThatDoesNotChangeIsGoodAgainWhenTheSessionAndItsSubscriptionsSurviveABlip()
      throws Exception {
    try (TcpProxy proxy = new TcpProxy(plc.simulator().port())) {
      TestSink sink = new TestSink();
      source =
          new OpcUaSource(
              config("opc.tcp://127.0.0.1:" + proxy.port() + "/plantmesh").build(), "edge-a");
      source.start(sink);
      await().atMost(Duration.ofSeconds(20)).until(() -> latestIs(sink, "l/fixed", 0));
      String session = source.connectionInfo().orElseThrow().sessionId();

      proxy.cutAll();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> latestIs(sink, "l/fixed", BAD_NOT_CONNECTED));
      // The value never changes, so only ResendData brings it back.
      await().atMost(Duration.ofSeconds(20)).until(() -> latestIs(sink, "l/fixed", 0));
      assertEquals(session, source.connectionInfo().orElseThrow().sessionId(), "same Session");
      assertEquals(new Value.Int(42, Value.Type.INT32), sink.latest("l/fixed").value());
      assertNull(sink.violation());
    }
  }

  @Test
  void stoppingTheSourceMakesItsTagsBad() {
    TestSink sink = new TestSink();
    source = new OpcUaSource(config(plc.simulator().endpointUrl()).build(), "edge-a");
    source.start(sink);
    await().atMost(Duration.ofSeconds(20)).until(() -> latestIs(sink, "l/fixed", 0));
    source.stop();
    assertTrue(latestIs(sink, "l/fixed", BAD_NOT_CONNECTED), () -> sink.of("l/fixed").toString());
    assertTrue(latestIs(sink, "l/temp", BAD_NOT_CONNECTED), () -> sink.of("l/temp").toString());
    assertEquals(new Value.Int(42, Value.Type.INT32), sink.latest("l/fixed").value());
  }

  @Test
  void aSourceRestartedOnTheSameNodeContinuesItsSequence() {
    TestSink sink = new TestSink();
    OpcUaSourceConfig config = config(plc.simulator().endpointUrl()).build();
    source = new OpcUaSource(config, "edge-a");
    source.start(sink);
    await().atMost(Duration.ofSeconds(20)).until(() -> sink.of("l/temp").size() >= 3);
    source.stop();
    Reading lastOfFirst = sink.latest("l/temp");

    source = new OpcUaSource(config, "edge-a");
    source.start(sink);
    await().atMost(Duration.ofSeconds(20)).until(() -> latestIs(sink, "l/fixed", 0));
    Reading firstOfSecond =
        sink.of("l/fixed").stream()
            .filter(r -> r.quality().isGood() && r.sequence() > lastOfFirst.sequence())
            .findFirst()
            .orElseThrow();
    assertTrue(firstOfSecond.isNewerThan(lastOfFirst), "the new source's readings win");
    assertNull(sink.violation(), "sequences grow across the restart");
  }

  @Test
  void aPollThatTimesOutGivesItsTagsBadReadingsAndSetsTheLastError() throws Exception {
    try (TcpProxy proxy = new TcpProxy(plc.simulator().port())) {
      OpcUaSourceConfig config =
          config("opc.tcp://127.0.0.1:" + proxy.port() + "/plantmesh")
              .requestTimeout(Duration.ofMillis(800))
              .collection(
                  CollectionSettings.DEFAULTS
                      .withMode(CollectionMode.POLL)
                      .withPollInterval(Duration.ofMillis(200)))
              .build();
      TestSink sink = new TestSink();
      source = new OpcUaSource(config, "edge-a");
      source.start(sink);
      await().atMost(Duration.ofSeconds(20)).until(() -> latestIs(sink, "l/fixed", 0));

      proxy.pause();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  sink.of("l/fixed").stream()
                      .anyMatch(r -> "Bad_Timeout".equals(r.quality().symbolicName())));
      assertTrue(source.pollFailures() >= 1);
      String error = source.status().lastError();
      assertNotNull(error);
      assertTrue(error.contains("polling 2 tags failed"), error);
      List<Reading> fixed = sink.of("l/fixed");
      assertTrue(fixed.stream().filter(r -> r.quality().isBad()).count() >= 1);

      proxy.resume();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> latestIs(sink, "l/fixed", 0) && source.status().lastError() == null);
      assertEquals(Quality.GOOD, sink.latest("l/fixed").quality());
      assertNull(sink.violation());
    }
  }
}
