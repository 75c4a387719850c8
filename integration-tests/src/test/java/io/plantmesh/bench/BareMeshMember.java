package io.plantmesh.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The bare mesh baseline, no plantmesh code: a plain Hazelcast 5.7 member with the mesh's
 * failure-detection settings. As {@code publisher} it also runs a bare Milo client (as {@link
 * BareMiloClient}) and does one {@code IMap.set} (or {@code setAsync}) per data change; as {@code
 * listener} it holds an entry listener and records, per event, now minus the publisher's receive
 * time and now minus the PLC's source time. Run as its own JVM by {@link MeshBenchmark}.
 *
 * <p>Arguments: {@code publisher|listener clusterName port members(host:port,...)} and, for the
 * publisher, {@code sync|async endpointUrl rootNodeId maxTags samplingMillis publishingMillis
 * queueSize}. Output: {@code JOINED}, {@code READY <items>} (publisher), {@code COUNT <epochMillis>
 * <received> <set>} every 500 ms (publisher), {@code REMOVED <epochMicros>} when a member leaves. A
 * listener takes commands on stdin: {@code record} starts a window, {@code dump <file>} ends it and
 * writes the samples ({@link LatencySamples#write}).
 */
public final class BareMeshMember {
  static final String MAP = "bare-readings";

  /** In-flight {@code setAsync} calls: bounded, as a careful user would, so the heap holds. */
  private static final int MAX_IN_FLIGHT = 10_000;

  private BareMeshMember() {}

  public static void main(String[] args) throws Exception {
    String role = args[0];
    HazelcastInstance hz =
        Hazelcast.newHazelcastInstance(config(args[1], Integer.parseInt(args[2]), args[3]));
    hz.getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent e) {}

              @Override
              public void memberRemoved(MembershipEvent e) {
                println("REMOVED " + nowMicros());
              }
            });
    println("JOINED");
    IMap<String, byte[]> map = hz.getMap(MAP);
    if (role.equals("listener")) {
      listen(map);
    } else {
      publish(hz, map, args);
    }
  }

  /** The same settings plantmesh's HazelcastSetup gives the mesh, without any plantmesh code. */
  static Config config(String clusterName, int port, String members) {
    Config c = new Config().setClusterName(clusterName);
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.wait.seconds.before.join", "1");
    c.setProperty("hazelcast.max.wait.seconds.before.join", "5");
    c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    c.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig net = c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = net.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.of(members.split(",")));
    return c;
  }

  private static void listen(IMap<String, byte[]> map) throws Exception {
    LatencySamples samples = new LatencySamples();
    map.addEntryListener(new BareEntryListener(samples), true);
    println("LISTENING");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("record")) {
        samples.start();
        println("RECORDING");
      } else if (line.startsWith("dump ")) {
        int n = samples.stopAndWrite(java.nio.file.Path.of(line.substring(5)));
        println("DUMPED " + n);
      }
    }
  }

  private static void publish(HazelcastInstance hz, IMap<String, byte[]> map, String[] args)
      throws Exception {
    boolean async = args[4].equals("async");
    String endpoint = args[5];
    int maxTags = Integer.parseInt(args[7]);
    // The two listening members must be there before the first put.
    org.awaitility.Awaitility.await("the two listening members")
        .atMost(java.time.Duration.ofMinutes(2))
        .until(() -> hz.getCluster().getMembers().size() >= 3);
    OpcUaClient client = OpcUaClient.create(endpoint);
    client.connect();
    String ns = "ns=" + client.getNamespaceTable().getIndex("urn:plantmesh:plc-simulator");
    NodeId root = NodeId.parse(args[6].replace("nsu=urn:plantmesh:plc-simulator", ns));
    List<NodeId> variables = BareMiloClient.browseVariables(client, root, maxTags);

    LongAdder received = new LongAdder();
    LongAdder set = new LongAdder();
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    OpcUaSubscription subscription = new OpcUaSubscription(client, Double.parseDouble(args[9]));
    subscription.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onDataReceived(
              OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            long receivedMicros = nowMicros();
            received.add(values.size());
            for (int i = 0; i < values.size(); i++) {
              String path = items.get(i).getReadValueId().getNodeId().toParseableString();
              byte[] entry = encode(values.get(i), receivedMicros);
              if (async) {
                inFlight.acquireUninterruptibly();
                // Completed on the responding thread: Hazelcast's default for whenComplete
                // on 2 cores is a new thread per callback (ForkJoinPool parallelism 1).
                map.setAsync(path, entry)
                    .whenCompleteAsync(
                        (v, e) -> {
                          inFlight.release();
                          set.increment();
                        },
                        Runnable::run);
              } else {
                map.set(path, entry);
                set.increment();
              }
            }
          }
        });
    subscription.create();
    List<OpcUaMonitoredItem> items = new ArrayList<>(variables.size());
    for (NodeId id : variables) {
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id);
      item.setSamplingInterval(Double.parseDouble(args[8]));
      item.setQueueSize(uint(Integer.parseInt(args[10])));
      items.add(item);
    }
    subscription.addMonitoredItems(items);
    subscription.synchronizeMonitoredItems();
    println("READY " + items.size());
    while (true) {
      println("COUNT " + System.currentTimeMillis() + " " + received.sum() + " " + set.sum());
      Thread.sleep(500); // a reporting interval in a load generator, not test synchronisation
    }
  }

  /** The entry: source time and receive time (epoch micros), then the value as text. */
  static byte[] encode(DataValue dv, long receivedMicros) {
    Instant source = dv.getSourceTime() == null ? null : dv.getSourceTime().getJavaInstant();
    byte[] text = String.valueOf(dv.getValue().getValue()).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(16 + text.length)
        .putLong(source == null ? 0 : micros(source))
        .putLong(receivedMicros)
        .put(text)
        .array();
  }

  static long nowMicros() {
    return micros(Instant.now());
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static synchronized void println(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
