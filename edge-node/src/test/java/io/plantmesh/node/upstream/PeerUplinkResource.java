package io.plantmesh.node.upstream;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.uplink.UplinkDirectory;
import io.plantmesh.cluster.uplink.UplinkRelay;
import io.plantmesh.kafka.forward.KafkaRoute;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.node.e2e.SimulatorResource;
import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A mesh of two on loopback: the Quarkus node under test ({@value #NODE}), which collects a real
 * PLC simulator and has no link to Kafka of its own, and a peer in this JVM ({@value #PEER}, a real
 * Hazelcast member running the cluster module) with a link to a real in-process Kafka broker,
 * publishing it UP in the uplink directory and relaying its peers' records.
 */
public class PeerUplinkResource implements QuarkusTestResourceLifecycleManager {
  static final String NODE = "gw-via";
  static final String PEER = "relay-b";
  static final String TOPICS = "pu";
  static final String KEY = "uplink-mesh-key-0123456789abcdef";

  private PlcSimulator simulator;
  private KafkaBroker broker;
  private Mesh peer;
  private KafkaRoute route;
  private UplinkDirectory directory;
  private UplinkRelay relay;
  private Path dir;

  @Override
  public Map<String, String> start() {
    simulator =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(20)
                .rate(Duration.ofMillis(200))
                .securityPolicies(EndpointSecurity.NONE)
                .build());
    broker = KafkaUplinkResource.start(KafkaBroker.builder().build());
    UplinkConfig.Topics t = UplinkConfig.Topics.defaults();
    UplinkConfig.Topics topics =
        new UplinkConfig.Topics(
            TOPICS + ".summaries",
            TOPICS + ".alarms",
            TOPICS + ".events",
            "",
            false,
            t.partitions(),
            t.replicationFactor());
    for (String topic : topics.all()) {
      broker.createTopic(topic, 3);
    }
    int nodePort;
    int peerPort;
    try {
      dir = Files.createTempDirectory("plantmesh-peer-uplink");
      Files.writeString(dir.resolve("token"), "peer-uplink-token\n");
      Files.writeString(dir.resolve("key"), KEY + "\n");
      nodePort = freePort();
      peerPort = freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String members = "127.0.0.1:" + nodePort + ",127.0.0.1:" + peerPort;

    // The peer: its own route to Kafka, published UP, and a relay for its peers.
    peer = Mesh.start(peerConfig(peerPort, members));
    route = new KafkaRoute(UplinkConfig.of(broker.bootstrapServers(), PEER).withTopics(topics));
    route.probe(Duration.ofSeconds(20));
    LinkStatus up = new LinkStatus("kafka", LinkState.UP, Instant.now(), "", null, null);
    directory = UplinkDirectory.start(peer);
    directory.publish(up);
    relay = UplinkRelay.start(peer, route, () -> up, UplinkRelay.Settings.defaults());

    Map<String, String> c =
        new HashMap<>(SimulatorResource.sourceConfig(simulator, "sim", "via", dir));
    c.put("plantmesh.node.name", NODE);
    c.put("plantmesh.mesh.enabled", "true");
    c.put("plantmesh.mesh.cluster-name", "uplink-mesh");
    c.put("plantmesh.mesh.cluster-key", "file:" + dir.resolve("key"));
    c.put("plantmesh.mesh.discovery.mode", "tcp");
    c.put("plantmesh.mesh.discovery.members", members);
    c.put("plantmesh.mesh.network.interfaces", "127.0.0.1");
    c.put("plantmesh.mesh.network.port", Integer.toString(nodePort));
    c.put("plantmesh.mesh.expected-members", "2");
    // No bootstrap-servers: this node forwards through its peer only.
    c.put("plantmesh.uplink.enabled", "true");
    c.put("plantmesh.uplink.link.degraded-after", "500ms");
    c.put("plantmesh.uplink.link.down-after", "3s");
    c.put("plantmesh.uplink.link.backoff-initial", "200ms");
    c.put("plantmesh.uplink.link.backoff-max", "1s");
    c.put("plantmesh.summaries.default-window", "1s");
    c.put("plantmesh.summaries.allowed-lateness", "200ms");
    c.put("plantmesh.outbox.dir", dir.resolve("outbox").toString());
    c.put("plantmesh.outbox.max-bytes", "64m");
    c.put("plantmesh.outbox.segment-bytes", "1m");
    return c;
  }

  private MeshConfig peerConfig(int port, String members) {
    Map<String, String> p = new HashMap<>();
    p.put("mesh.cluster-name", "uplink-mesh");
    p.put("mesh.cluster-key", "file:" + dir.resolve("key"));
    p.put("mesh.member.name", PEER);
    p.put("mesh.member.sources", "");
    p.put("mesh.member.uplink", "true");
    p.put("mesh.discovery.mode", "tcp");
    p.put("mesh.discovery.members", members);
    p.put("mesh.network.interfaces", "127.0.0.1");
    p.put("mesh.network.port", Integer.toString(port));
    p.put("mesh.expected-members", "2");
    return MeshConfig.fromProperties(p, Map.of());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        KafkaUplinkResource.handle(broker),
        new TestInjector.AnnotatedAndMatchesType(InjectBroker.class, Broker.class));
  }

  @Override
  public void stop() {
    for (AutoCloseable c : new AutoCloseable[] {relay, directory, peer, route, broker, simulator}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // Closing what the test started: the next resource starts fresh anyway.
        }
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
