package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

/** 100,000 tags: starts in reasonable time and changes them all every tick. */
class ScaleTest {
  @Test
  void hundredThousandTags() throws Exception {
    System.gc();
    long heapBefore = usedHeap();
    try (PlcSimulator sim =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(100_000)
                .rate(Duration.ofSeconds(1))
                .securityPolicies(EndpointSecurity.NONE)
                .build())) {
      Duration startup = sim.startupTime();
      System.gc();
      long heapMb = (usedHeap() - heapBefore) / (1024 * 1024);
      List<String> ids = sim.tagNodeIds();
      assertEquals(100_000, ids.size());
      assertTrue(
          ids.get(99_999).endsWith("Plant/Line13/Cell05/Device100/Setpoint"), ids.get(99_999));
      assertTrue(startup.compareTo(Duration.ofSeconds(60)) < 0, "startup took " + startup);

      OpcUaClient client = TestClients.anonymous(sim);
      try {
        NodeId last = NodeId.parse(sim.tagNodeIds().get(99_997)); // the last device's Level
        Subscriptions subs = Subscriptions.create(client, 100, 0, List.of(last));
        await().atMost(Duration.ofSeconds(20)).until(() -> subs.count(last) >= 4);
        long ticks = sim.ticks();
        assertTrue(ticks >= 3, "ticks " + ticks);
        Duration tick = sim.lastTickDuration();
        assertTrue(tick.compareTo(Duration.ofSeconds(1)) < 0, "a tick took " + tick);
        System.out.printf(
            "100k tags: startup %d ms, heap for the address space ~%d MB, last tick %.1f ms,"
                + " tick thread CPU %.1f ms over %d ticks%n",
            startup.toMillis(), heapMb, tick.toNanos() / 1e6, tickThreadCpuNanos() / 1e6, ticks);
        subs.subscription.delete();
      } finally {
        client.disconnect();
      }
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long tickThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("plc-simulator-tick"))
        .mapToLong(t -> threads.getThreadCpuTime(t.getId()))
        .sum();
  }
}
