package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscribes like a real client and checks that every tick's change arrives. */
class ValueChangeTest {
  private static final Duration RATE = Duration.ofMillis(50);

  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .tags(80)
              .rate(RATE)
              .securityPolicies(EndpointSecurity.NONE)
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

  private static NodeId tag(String device, String name) {
    return TestClients.nodeId(PLC.simulator(), "Plant/Line01/Cell01/" + device + "/" + name);
  }

  @Test
  void everyDynamicTagChangesEveryTick() throws Exception {
    List<NodeId> ids =
        List.of(
            tag("Device001", "Temperature"),
            tag("Device001", "Pressure"),
            tag("Device001", "Speed"),
            tag("Device002", "Counter"),
            tag("Device002", "Running"),
            tag("Device003", "State"),
            tag("Device010", "Level"));
    Subscriptions subs = Subscriptions.create(client, 50, 0, ids);
    long startTicks = PLC.simulator().ticks();
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ids.stream().allMatch(id -> subs.count(id) >= 21));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // 20 changes at 50 ms take about a second: far less than at the default rate, and never less
    // than 20 ticks' worth.
    assertTrue(took.compareTo(RATE.multipliedBy(19)) >= 0, "too fast: " + took);
    assertTrue(PLC.simulator().ticks() - startTicks >= 20);

    for (NodeId id : ids) {
      List<DataValue> values = subs.values(id);
      for (int i = 1; i < values.size(); i++) {
        assertTrue(values.get(i).statusCode().isGood(), id.toString());
        assertNotEquals(
            values.get(i - 1).value().value(), values.get(i).value().value(), id + " at " + i);
      }
    }
    // The counter shows that no tick was skipped: it counts up by exactly one per notification.
    List<DataValue> counter = subs.values(tag("Device002", "Counter"));
    for (int i = 1; i < counter.size(); i++) {
      long previous = ((UInteger) counter.get(i - 1).value().value()).longValue();
      long current = ((UInteger) counter.get(i).value().value()).longValue();
      assertEquals(previous + 1, current, "counter at " + i);
    }
    subs.subscription.delete();
  }

  @Test
  void setpointsHoldStillBetweenWrites() throws Exception {
    NodeId setpoint = tag("Device004", "Setpoint");
    NodeId counter = tag("Device004", "Counter");
    Subscriptions subs = Subscriptions.create(client, 50, 0, List.of(setpoint, counter));
    await().atMost(Duration.ofSeconds(10)).until(() -> subs.count(counter) >= 10);
    assertEquals(1, subs.count(setpoint), "only the initial value");
    subs.subscription.delete();
  }

  @Test
  void readsSeeTheCurrentTick() throws Exception {
    NodeId counter = tag("Device001", "Counter");
    long first =
        ((UInteger) client.readValue(0, TimestampsToReturn.Both, counter).value().value())
            .longValue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                ((UInteger) client.readValue(0, TimestampsToReturn.Both, counter).value().value())
                        .longValue()
                    > first + 2);
  }

  @Test
  void percentDeadbandAppliesToAnalogTagsAndIsRefusedForOthers() throws Exception {
    NodeId temperature = tag("Device005", "Temperature");
    NodeId counter = tag("Device005", "Counter");
    OpcUaSubscription subscription = new OpcUaSubscription(client, 50.0);
    subscription.create();
    try {
      List<DataValue> raw = Collections.synchronizedList(new ArrayList<>());
      List<DataValue> filtered = Collections.synchronizedList(new ArrayList<>());
      OpcUaMonitoredItem rawItem = dataItem(temperature, null, raw);
      OpcUaMonitoredItem filteredItem = dataItem(temperature, percent(5), filtered);
      OpcUaMonitoredItem counterItem = dataItem(counter, percent(5), new ArrayList<>());
      subscription.addMonitoredItems(List.of(rawItem, filteredItem, counterItem));
      assertThrows(
          MonitoredItemSynchronizationException.class, subscription::synchronizeMonitoredItems);
      assertTrue(filteredItem.getCreateResult().orElseThrow().isGood());
      assertEquals(
          StatusCodes.Bad_MonitoredItemFilterUnsupported,
          counterItem.getCreateResult().orElseThrow().value());

      // 40 ticks cover two thirds of the sine's period: it moves far more than the band.
      await().atMost(Duration.ofSeconds(20)).until(() -> raw.size() >= 40 && filtered.size() >= 3);
      List<Double> reported;
      synchronized (filtered) {
        reported = filtered.stream().map(v -> (Double) v.value().value()).toList();
      }
      assertTrue(reported.size() < raw.size() / 2, reported + " vs " + raw.size());
      // 5 % of the EURange [0, 100] is 5 °C: each reported value is more than that from the last.
      for (int i = 1; i < reported.size(); i++) {
        assertTrue(Math.abs(reported.get(i) - reported.get(i - 1)) > 5.0, reported.toString());
      }
    } finally {
      subscription.delete();
    }
  }

  private static DataChangeFilter percent(double percent) {
    return new DataChangeFilter(
        DataChangeTrigger.StatusValue, UInteger.valueOf(DeadbandType.Percent.getValue()), percent);
  }

  private static OpcUaMonitoredItem dataItem(
      NodeId nodeId, DataChangeFilter filter, List<DataValue> sink) {
    OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodeId);
    item.setSamplingInterval(0.0);
    item.setQueueSize(UInteger.valueOf(100));
    item.setFilter(filter);
    item.setDataValueListener((i, v) -> sink.add(v));
    return item;
  }
}
