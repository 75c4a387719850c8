package io.plantmesh.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantmesh.simulator.EchoTags;
import io.plantmesh.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The decision baseline: a bare Milo 1.1.2 client, no plantmesh code, that closes the simulator's
 * echo loop as directly as OPC UA allows. One Subscription on {@code Plant/Echo/Counter} with the
 * publishing interval equal to the sampling interval (the fastest the simulator allows: 10 ms),
 * queue size 1 (only the newest value matters to a decision), and on each data change an
 * asynchronous Write of that value to {@code Plant/Echo/Echo}, so that the next change never waits
 * for the previous write's response. The simulator measures the latency on its own clock.
 *
 * <p>Run as its own JVM by {@link DecisionBenchmark}, with the JVM options of the mesh nodes: its
 * GC and JIT are its own, as a node's are, and the harness's polling shares no threads with it.
 * Prints {@code READY <revisedPublishingMs> <revisedSamplingMs>} once subscribed, then {@code ECHO
 * <epochMillis> <notifications> <writesGood> <writesFailed> <repeats>} every second ({@code
 * repeats}: notifications of a value not newer than one already seen, which the client echoes all
 * the same, as it cannot know); stops on {@code stop} from standard input (or when the harness ends
 * the process).
 *
 * <p>Arguments: endpointUrl intervalMillis
 */
public final class BareEchoClient {
  private BareEchoClient() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    double interval = Double.parseDouble(args[1]);

    OpcUaClient client = OpcUaClient.create(endpoint);
    client.connect();
    int ns = client.getNamespaceTable().getIndex(SimulatorConfig.DEFAULT_NAMESPACE_URI).intValue();
    NodeId counter = new NodeId(ns, EchoTags.COUNTER);
    List<NodeId> echo = List.of(new NodeId(ns, EchoTags.ECHO));

    AtomicLong notifications = new AtomicLong();
    AtomicLong good = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong repeats = new AtomicLong();
    long[] newest = {-1}; // only the subscription's delivery thread touches it
    OpcUaSubscription subscription = new OpcUaSubscription(client, interval);
    subscription.create();
    OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(counter);
    item.setSamplingInterval(interval);
    item.setQueueSize(uint(1));
    item.setDiscardOldest(true);
    item.setDataValueListener(
        (i, value) -> {
          notifications.incrementAndGet();
          long v = ((Number) value.value().value()).longValue();
          if (v <= newest[0]) {
            repeats.incrementAndGet();
          }
          newest[0] = Math.max(newest[0], v);
          client
              .writeValuesAsync(echo, List.of(DataValue.valueOnly(value.value())))
              .whenComplete(
                  (results, e) -> {
                    if (e == null && results.get(0).isGood()) {
                      good.incrementAndGet();
                    } else {
                      long n = failed.incrementAndGet();
                      if (n <= 10) {
                        System.out.println("WRITE FAILED " + (e != null ? e : results.get(0)));
                      }
                    }
                  });
        });
    subscription.addMonitoredItem(item);
    subscription.synchronizeMonitoredItems();
    System.out.println(
        "READY "
            + subscription.getRevisedPublishingInterval().orElseThrow()
            + " "
            + item.getRevisedSamplingInterval().orElseThrow());
    System.out.flush();

    Thread reporter =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                System.out.println(
                    "ECHO "
                        + System.currentTimeMillis()
                        + " "
                        + notifications.get()
                        + " "
                        + good.get()
                        + " "
                        + failed.get()
                        + " "
                        + repeats.get());
                System.out.flush();
                try {
                  Thread.sleep(1_000); // a reporting interval, not test synchronisation
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "echo-report");
    reporter.setDaemon(true);
    reporter.start();

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("stop")) {
      // only "stop" is a command
    }
    subscription.delete();
    client.disconnect();
    System.out.println("STOPPED " + notifications.get() + " " + good.get() + " " + failed.get());
    System.out.flush();
  }
}
