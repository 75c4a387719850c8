package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.SourceState;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SubscribeTest {
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder().devices(2).rate(Duration.ofMillis(100)).build());

  private OpcUaSource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
  }

  static String dev(String tag) {
    return PlcSimulator.expandedNodeId("Plant/Line01/Cell01/Device001/" + tag);
  }

  @Test
  void subscribedTagsArriveGoodAndChanging() {
    OpcUaSourceConfig config =
        OpcUaSourceConfig.builder("line1", PLC.simulator().endpointUrl())
            .noSecurity()
            .collection(
                CollectionSettings.DEFAULTS
                    .withSamplingInterval(Duration.ofMillis(50))
                    .withPublishingInterval(Duration.ofMillis(100)))
            .tag(TagConfig.node(dev("Temperature"), "line1/dev1/temperature"))
            .tag(TagConfig.node(dev("Counter"), "line1/dev1/counter"))
            .tag(TagConfig.node(dev("Running")))
            .build();
    TestSink sink = new TestSink();
    source = new OpcUaSource(config, "edge-a");
    source.start(sink);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertTrue(sink.of("line1/dev1/temperature").size() > 3);
              assertTrue(sink.of("line1/dev1/counter").size() > 3);
            });
    List<Reading> temps = sink.of("line1/dev1/temperature");
    for (Reading r : temps) {
      assertEquals(Quality.GOOD, r.quality());
      assertInstanceOf(Value.Float64.class, r.value());
    }
    assertTrue(temps.stream().map(Reading::value).distinct().count() > 2, "values change");
    assertEquals("edge-a", temps.get(0).originNode());
    assertNotNull(temps.get(0).sourceTime());
    assertNotNull(temps.get(0).serverTime());
    assertEquals(Value.Type.UINT32, sink.latest("line1/dev1/counter").value().type());
    // A NodeId tag without a path takes its browse names below Objects.
    assertTrue(
        sink.paths().contains(TagPath.of("Plant/Line01/Cell01/Device001/Running")),
        () -> "paths: " + sink.paths());
    assertNull(sink.violation());
    assertEquals(SourceState.CONNECTED, source.status().state());
    assertEquals(3, source.status().goodItems());
    assertEquals(0, source.status().badItems());
    TagMetadata temp =
        source.tags().stream()
            .filter(t -> t.path().toString().equals("line1/dev1/temperature"))
            .findFirst()
            .orElseThrow();
    assertEquals("Double", temp.dataType());
    assertEquals("°C", temp.engineeringUnits());
    assertEquals(dev("Temperature"), temp.address());
  }

  @Test
  void twoPublishingIntervalsDeliverOneBatchAtATimeAndNothingAfterStop() {
    CollectionSettings fast =
        CollectionSettings.DEFAULTS
            .withSamplingInterval(Duration.ZERO)
            .withPublishingInterval(Duration.ofMillis(50));
    OpcUaSourceConfig.Builder b =
        OpcUaSourceConfig.builder("line2", PLC.simulator().endpointUrl())
            .noSecurity()
            .collection(fast)
            .pathPrefix("fast");
    b.browse(BrowseConfig.of(PlcSimulator.expandedNodeId("Plant/Line01/Cell01/Device001")));
    b.browse(
        BrowseConfig.of(PlcSimulator.expandedNodeId("Plant/Line01/Cell01/Device002"))
            .withPathPrefix(TagPath.of("slow"))
            .withCollection(fast.withPublishingInterval(Duration.ofMillis(70))));
    TestSink sink = new TestSink();
    source = new OpcUaSource(b.build(), "edge-a");
    source.start(sink);
    await().atMost(Duration.ofSeconds(20)).until(() -> sink.count() > 200);
    assertTrue(sink.paths().contains(TagPath.of("slow/Temperature")));
    assertTrue(sink.paths().contains(TagPath.of("fast/Temperature")));

    source.stop();
    assertEquals(SourceState.STOPPED, source.status().state());
    int after = sink.count();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> sink.count() == after);
    assertNull(sink.violation());
    source.stop(); // idempotent
    assertEquals(after, source.status().readingsReceived());
  }
}
