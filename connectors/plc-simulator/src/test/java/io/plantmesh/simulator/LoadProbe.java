package io.plantmesh.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * A manual measurement, not a test: subscribes to every tag of a simulator running in another
 * process (started with the CLI and the same --tags) and prints notifications per second, so the
 * simulator process's CPU can be read from outside. Args: endpointUrl tags seconds.
 */
public final class LoadProbe {
  private LoadProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int tags = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    List<String> ids = PlcSimulator.tagIdentifiersFor(SimulatorConfig.builder().tags(tags).build());
    OpcUaClient client = OpcUaClient.create(url);
    client.connect();
    int ns = client.readNamespaceTable().getIndex(SimulatorConfig.DEFAULT_NAMESPACE_URI).intValue();
    AtomicLong received = new AtomicLong();
    AtomicLong lastCounter = new AtomicLong();
    OpcUaSubscription subscription = new OpcUaSubscription(client, 500.0);
    subscription.setMaxNotificationsPerPublish(UInteger.valueOf(0));
    subscription.create();
    long start = System.nanoTime();
    for (int i = 0; i < ids.size(); i += 1000) {
      List<OpcUaMonitoredItem> batch = new ArrayList<>();
      for (String id : ids.subList(i, Math.min(ids.size(), i + 1000))) {
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(new NodeId(ns, id));
        item.setSamplingInterval(0.0);
        item.setQueueSize(UInteger.valueOf(2));
        boolean counter = id.equals(ids.get(3));
        item.setDataValueListener(
            (it, v) -> {
              received.incrementAndGet();
              if (counter) {
                lastCounter.set(((Number) v.value().value()).longValue());
              }
            });
        batch.add(item);
      }
      subscription.addMonitoredItems(batch);
      subscription.synchronizeMonitoredItems();
    }
    System.out.printf(
        "subscribed %d items in %d ms%n",
        ids.size(), Duration.ofNanos(System.nanoTime() - start).toMillis());
    System.out.println("MEASURE_START");
    System.out.flush();
    long before = received.get();
    long counterBefore = lastCounter.get();
    long t0 = System.nanoTime();
    for (int s = 0; s < seconds; s++) {
      Thread.sleep(1000); // a measurement pacing loop, not test synchronisation
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("notifications/s: %.0f%n", (received.get() - before) / secs);
    System.out.printf("ticks/s: %.2f%n", (lastCounter.get() - counterBefore) / secs);
    System.out.println("MEASURE_END");
    client.disconnect();
  }
}
