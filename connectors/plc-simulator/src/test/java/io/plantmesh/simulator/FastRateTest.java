package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** At the fastest rate (10 ms) a MonitoredItem with sampling interval 0 still sees every change. */
class FastRateTest {
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .tags(800)
              .rate(SimulatorConfig.MIN_RATE)
              .securityPolicies(EndpointSecurity.NONE)
              .build());

  @Test
  void everyChangeArrivesAtTenMilliseconds() throws Exception {
    OpcUaClient client = TestClients.anonymous(PLC.simulator());
    try {
      NodeId counter = TestClients.nodeId(PLC.simulator(), "Plant/Line01/Cell01/Device050/Counter");
      Subscriptions subs = Subscriptions.create(client, 100, 0, List.of(counter));
      OpcUaMonitoredItem item = subs.subscription.getMonitoredItems().get(0);
      assertEquals(10.0, item.getRevisedSamplingInterval().orElseThrow());
      long start = System.nanoTime();
      await().atMost(Duration.ofSeconds(20)).until(() -> subs.count(counter) >= 101);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.toMillis() >= 900, "100 changes at 10 ms cannot arrive in " + took);
      List<DataValue> values = subs.values(counter);
      for (int i = 1; i < values.size(); i++) {
        long previous = ((UInteger) values.get(i - 1).value().value()).longValue();
        long current = ((UInteger) values.get(i).value().value()).longValue();
        assertEquals(previous + 1, current, "counter at " + i);
      }
      assertTrue(PLC.simulator().ticks() >= 100);
      subs.subscription.delete();
    } finally {
      client.disconnect();
    }
  }
}
