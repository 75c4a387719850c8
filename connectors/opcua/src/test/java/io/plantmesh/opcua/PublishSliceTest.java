package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Reading;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.Shape;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A publishing cycle in which more tags change than one PublishResponse may carry arrives as
 * several batches of at most 5,000 readings, none lost: the node's heap holds a slice of a cycle at
 * a time, not all of it.
 */
class PublishSliceTest {
  private static final int TAGS = 6_000;

  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .shapes(Shape.SINE, Shape.COUNTER) // both change on every tick
              .tags(TAGS)
              .rate(Duration.ofMillis(200))
              .maxMonitoredItemsPerCall(5_000)
              .build());

  @Test
  void aCycleOfMoreChangesThanOneResponseTakesArrivesInSlices() {
    OpcUaSourceConfig config =
        OpcUaSourceConfig.builder("slices", PLC.simulator().endpointUrl())
            .noSecurity()
            .collection(
                CollectionSettings.DEFAULTS
                    .withSamplingInterval(Duration.ofMillis(200))
                    .withPublishingInterval(Duration.ofSeconds(1)))
            .browse(
                BrowseConfig.of(PlcSimulator.expandedNodeId("Plant"))
                    .withExclude("Static", "Static/**")
                    .withMaxTags(TAGS))
            .build();
    TestSink sink = new TestSink();
    OpcUaSource source = new OpcUaSource(config, "edge-a");
    source.start(sink);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> source.status().goodItems() == TAGS && sink.count() >= 4 * TAGS);
      List<Integer> batches = sink.batches().stream().map(List::size).toList();
      assertTrue(batches.stream().allMatch(n -> n <= 500), () -> "batch sizes " + batches);
      // A response's batches share its receive time: add them up to get the response sizes.
      List<Integer> sizes = responseSizes(sink.batches());
      assertTrue(sizes.stream().allMatch(n -> n <= 5_000), () -> "response sizes " + sizes);
      // Every tag changed within each 1 s cycle: 6,000 notifications, so full slices arrive.
      assertTrue(sizes.contains(5_000), () -> "response sizes " + sizes);
      assertEquals(TAGS, sink.paths().size());
      assertNull(sink.violation());
    } finally {
      source.stop();
    }
  }

  /** Consecutive batches with one receive time came from one publish response. */
  static List<Integer> responseSizes(List<List<Reading>> batches) {
    List<Integer> sizes = new ArrayList<>();
    Instant current = null;
    for (List<Reading> b : batches) {
      Instant t = b.get(0).receivedTime();
      if (t.equals(current)) {
        sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + b.size());
      } else {
        sizes.add(b.size());
        current = t;
      }
    }
    return sizes;
  }
}
