package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The echo at its fastest period (10 ms) with a real Milo client over TCP. Simulator and test share
 * this JVM's {@code System.nanoTime()}, so the measured latencies can be bounded from outside.
 */
class EchoTest {
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .tags(8)
              .securityPolicies(EndpointSecurity.NONE)
              .echoPeriod(SimulatorConfig.MIN_RATE)
              .build());

  private static OpcUaClient client;

  @BeforeAll
  static void connect() throws Exception {
    client = TestClients.anonymous(PLC.simulator());
  }

  @AfterAll
  static void disconnect() throws Exception {
    client.disconnect();
  }

  private static NodeId id(String identifier) {
    return TestClients.nodeId(PLC.simulator(), identifier);
  }

  private static StatusCode write(String identifier, Variant value) throws Exception {
    return client.writeValues(List.of(id(identifier)), List.of(DataValue.valueOnly(value))).get(0);
  }

  private static long counter() throws Exception {
    return ((UInteger)
            client.readValue(0, TimestampsToReturn.Both, id(EchoTags.COUNTER)).value().value())
        .longValue();
  }

  /** Resets through the EchoReset variable and waits for a Counter value of the new window. */
  private static long resetAndAwaitAValue() throws Exception {
    long before = PLC.simulator().echoStats().window();
    assertTrue(write(EchoTags.RESET, Variant.ofBoolean(true)).isGood());
    assertEquals(before + 1, readStats().window(), "EchoResetCount counts the reset");
    await().atMost(Duration.ofSeconds(10)).until(() -> PLC.simulator().echoStats().published() > 0);
    return counter();
  }

  private static EchoStats readStats() throws Exception {
    List<NodeId> ids = EchoTags.STATISTICS.stream().map(EchoTest::id).toList();
    List<DataValue> values = client.readValues(0, TimestampsToReturn.Both, ids);
    return EchoStats.fromValues(values.stream().map(v -> v.value().value()).toList());
  }

  @Test
  void theFastestIntervalIsTenMillisecondsAndFasterRequestsAreRevised() throws Exception {
    OpcUaSubscription fastest = subscribe(10.0, 10.0);
    OpcUaSubscription tooFast = subscribe(5.0, 1.0);
    try {
      assertEquals(10.0, fastest.getRevisedPublishingInterval().orElseThrow());
      OpcUaMonitoredItem item = fastest.getMonitoredItems().get(0);
      assertEquals(10.0, item.getRevisedSamplingInterval().orElseThrow());
      assertEquals(UInteger.valueOf(1), item.getRevisedQueueSize().orElseThrow());
      // Milo revises a publishing interval below its minimum to its default, not to the minimum.
      assertEquals(250.0, tooFast.getRevisedPublishingInterval().orElseThrow());
      assertEquals(
          10.0, tooFast.getMonitoredItems().get(0).getRevisedSamplingInterval().orElseThrow());
    } finally {
      fastest.delete();
      tooFast.delete();
    }
  }

  private static OpcUaSubscription subscribe(double publishing, double sampling) throws Exception {
    OpcUaSubscription s = new OpcUaSubscription(client, publishing);
    s.create();
    OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id(EchoTags.COUNTER));
    item.setSamplingInterval(sampling);
    item.setQueueSize(UInteger.valueOf(1));
    s.addMonitoredItem(item);
    s.synchronizeMonitoredItems();
    return s;
  }

  @Test
  void aClientEchoingEveryChangeIsMeasuredAndTheVariablesAgree() throws Exception {
    resetAndAwaitAValue();
    Set<Long> echoed = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    OpcUaSubscription s = subscribe(10.0, 10.0);
    s.getMonitoredItems()
        .get(0)
        .setDataValueListener(
            (item, value) -> {
              if (echoed.size() >= 50) {
                return;
              }
              echoed.add(((UInteger) value.value().value()).longValue());
              client
                  .writeValuesAsync(
                      List.of(id(EchoTags.ECHO)), List.of(DataValue.valueOnly(value.value())))
                  .whenComplete(
                      (r, e) -> {
                        if (e != null || !r.get(0).isGood()) {
                          failed.incrementAndGet();
                        }
                        done.incrementAndGet();
                      });
            });
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> done.get() >= 50);
    } finally {
      s.delete();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == echoed.size());
    assertEquals(0, failed.get());
    EchoStats stats = PLC.simulator().echoStats();
    assertEquals(echoed.size(), stats.count(), stats.describe());
    assertEquals(0, stats.duplicates(), stats.describe());
    assertEquals(0, stats.unexpected(), stats.describe());
    assertTrue(stats.published() >= stats.count(), stats.describe());
    assertTrue(
        0 <= stats.p50Millis()
            && stats.p50Millis() <= stats.p99Millis()
            && stats.p99Millis() <= stats.maxMillis()
            && stats.maxMillis() < 5_000,
        stats.describe());
    EchoStats read = readStats();
    assertEquals(stats.count(), read.count());
    assertEquals(stats.p50Millis(), read.p50Millis());
    assertEquals(stats.p99Millis(), read.p99Millis());
    assertEquals(stats.maxMillis(), read.maxMillis());
    assertEquals(stats.window(), read.window());
    // Up to a hundred echoes a second: counted by the echo, not recorded write by write.
    assertTrue(
        PLC.simulator().writes().stream()
            .noneMatch(w -> w.nodeId().equals(PLC.simulator().nodeId(EchoTags.ECHO))));
  }

  @Test
  void aLateEchoMeasuresTheWaitOnTheSimulatorsClock() throws Exception {
    resetAndAwaitAValue();
    long readStart = System.nanoTime();
    long v = counter();
    long read = System.nanoTime();
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertTrue(write(EchoTags.ECHO, Variant.ofUInt32(UInteger.valueOf(v))).isGood());
    long written = System.nanoTime();
    EchoStats stats = PLC.simulator().echoStats();
    assertEquals(1, stats.count(), stats.describe());
    // v was set before the Read returned (at `read`), and the write left 300 ms after that; v was
    // the latest value when the Read began, so it was set at most a period (plus scheduling)
    // before.
    double atLeast = 300.0;
    double atMost = (written - readStart) / 1e6 + 10 + 200;
    assertTrue(
        stats.p50Millis() >= atLeast && stats.p50Millis() <= atMost,
        stats.p50Millis() + " ms not in [" + atLeast + ", " + atMost + "]");
  }

  @Test
  void aDuplicateCountsOnceAndAValueNeverSetIsUnexpected() throws Exception {
    long v = resetAndAwaitAValue();
    Variant echo = Variant.ofUInt32(UInteger.valueOf(v));
    assertTrue(write(EchoTags.ECHO, echo).isGood());
    assertTrue(write(EchoTags.ECHO, echo).isGood());
    assertTrue(write(EchoTags.ECHO, Variant.ofUInt32(UInteger.valueOf(v + 1_000_000))).isGood());
    EchoStats stats = readStats();
    assertEquals(1, stats.count(), stats.describe());
    assertEquals(1, stats.duplicates(), stats.describe());
    assertEquals(1, stats.unexpected(), stats.describe());
    assertFalse(Double.isNaN(stats.p50Millis()));
    assertEquals(
        v + 1_000_000,
        ((UInteger) client.readValue(0, TimestampsToReturn.Both, id(EchoTags.ECHO)).value().value())
            .longValue(),
        "Echo holds the last value written, as any variable");
    // A write of the wrong type is refused as by any PLC, and recorded like every refused write.
    assertEquals(StatusCodes.Bad_TypeMismatch, write(EchoTags.ECHO, Variant.ofDouble(v)).value());
    assertTrue(
        PLC.simulator().writes().stream()
            .anyMatch(
                w ->
                    w.nodeId().equals(PLC.simulator().nodeId(EchoTags.ECHO))
                        && w.statusCode() == StatusCodes.Bad_TypeMismatch));
    // Missed values: those of the window without an echo, once a second has passed.
    await().atMost(Duration.ofSeconds(10)).until(() -> PLC.simulator().echoStats().missed() >= 50);
    EchoStats later = PLC.simulator().echoStats();
    assertTrue(later.missed() <= later.published() - 1, later.describe());
  }

  @Test
  void writingFalseToEchoResetDoesNothingAndItReadsFalse() throws Exception {
    long window = readStats().window();
    assertTrue(write(EchoTags.RESET, Variant.ofBoolean(false)).isGood());
    assertEquals(window, readStats().window());
    assertEquals(
        false, client.readValue(0, TimestampsToReturn.Both, id(EchoTags.RESET)).value().value());
    assertEquals(
        10.0, client.readValue(0, TimestampsToReturn.Both, id(EchoTags.PERIOD_MS)).value().value());
  }

  @Test
  void withoutAnEchoPeriodThereIsNoEcho() throws Exception {
    try (PlcSimulator plain =
        PlcSimulator.start(
            SimulatorConfig.builder().tags(8).securityPolicies(EndpointSecurity.NONE).build())) {
      OpcUaClient c = TestClients.anonymous(plain);
      try {
        DataValue v =
            c.readValue(0, TimestampsToReturn.Both, TestClients.nodeId(plain, EchoTags.COUNTER));
        assertEquals(StatusCodes.Bad_NodeIdUnknown, v.statusCode().value());
      } finally {
        c.disconnect();
      }
      assertThrows(IllegalStateException.class, plain::echoStats);
    }
  }
}
