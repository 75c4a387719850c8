package io.plantmesh.opcua.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantmesh.opcua.BrowseConfig;
import io.plantmesh.opcua.CollectionSettings;
import io.plantmesh.opcua.OpcUaSource;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Readings per second through {@link OpcUaSource} against a bare Milo client subscribed to the same
 * tags of the same simulator, one after the other. Not a test (it runs for a while); run it by
 * hand:
 *
 * <pre>
 * ./mvnw -q -o -pl connectors/opcua test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp connectors/opcua/target/test-classes:connectors/opcua/target/classes:$(cat connectors/opcua/target/cp.txt) \
 *   io.plantmesh.opcua.bench.ThroughputBenchmark [tags] [rateMs] [seconds]
 * </pre>
 */
public final class ThroughputBenchmark {
  public static void main(String[] args) throws Exception {
    int tags = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rateMs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    try (PlcSimulator sim =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(tags)
                .devicesPerCell(1000)
                .cellsPerLine(100)
                .rate(Duration.ofMillis(rateMs))
                .maxMonitoredItemsPerCall(5000)
                .build())) {
      System.out.printf("simulator: %d tags every %d ms%n", sim.tagIdentifiers().size(), rateMs);
      for (int round = 0; round < 2; round++) {
        double milo = bareMilo(sim, seconds);
        double ours = source(sim, seconds);
        System.out.printf(
            "round %d: bare Milo %.0f/s, OpcUaSource %.0f/s, ratio %.3f%n",
            round + 1, milo, ours, ours / milo);
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double bareMilo(PlcSimulator sim, int seconds) throws Exception {
    OpcUaClient client = OpcUaClient.create(sim.endpointUrl());
    client.connect();
    AtomicLong count = new AtomicLong();
    OpcUaSubscription s = new OpcUaSubscription(client, 100.0);
    s.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onDataReceived(
              OpcUaSubscription sub, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            count.addAndGet(values.size());
          }
        });
    s.setMaxMonitoredItemsPerCall(uint(5000));
    s.create();
    List<OpcUaMonitoredItem> items = new ArrayList<>();
    for (String id : sim.tagNodeIds()) {
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(NodeId.parse(id));
      item.setSamplingInterval(0.0);
      item.setQueueSize(uint(10));
      items.add(item);
    }
    s.addMonitoredItems(items);
    s.createMonitoredItems();
    double rate = measure(count, seconds, "bare Milo");
    client.disconnect();
    return rate;
  }

  private static double source(PlcSimulator sim, int seconds) throws Exception {
    AtomicLong count = new AtomicLong();
    OpcUaSource source =
        new OpcUaSource(
            OpcUaSourceConfig.builder("bench", sim.endpointUrl())
                .noSecurity()
                .collection(
                    CollectionSettings.DEFAULTS
                        .withSamplingInterval(Duration.ZERO)
                        .withPublishingInterval(Duration.ofMillis(100)))
                .browse(
                    BrowseConfig.of(PlcSimulator.expandedNodeId("Plant"))
                        .withExclude("Static/**")
                        .withMaxTags(1_000_000))
                .build(),
            "bench");
    source.start(batch -> count.addAndGet(batch.size()));
    while (source.status().goodItems() < sim.tagIdentifiers().size()) {
      Thread.onSpinWait();
    }
    double rate = measure(count, seconds, "OpcUaSource");
    source.stop();
    return rate;
  }

  private static double measure(AtomicLong count, int seconds, String what) throws Exception {
    Thread.sleep(3000); // warm-up
    long c0 = count.get();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long n = count.get() - c0;
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    System.out.printf(
        "  %s: %d readings in %.1f s = %.0f/s, process CPU %.1f s (%.0f%% of %d cores)%n",
        what,
        n,
        secs,
        n / secs,
        cpu,
        100 * cpu / secs / Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors());
    return n / secs;
  }

  private ThroughputBenchmark() {}
}
