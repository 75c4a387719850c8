package io.plantmesh.cluster.uplink;

import io.plantmesh.cluster.Discovery;
import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.TestPorts;
import io.plantmesh.core.Secret;
import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.forward.KafkaRoute;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxConfig;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Priority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Mesh members on loopback (TCP discovery over free ports, a cluster name of their own), relay
 * nodes with their own uplink to the shared test broker, and nodes without one; closes everything
 * it started, newest first.
 */
final class UplinkCluster implements AutoCloseable {
  static final Secret KEY = Secret.ofValue("test-cluster-key-0123456789abcdef");
  static final Secret WRONG_KEY = Secret.ofValue("not-the-cluster-key-0123456789");

  /** Short link times, so that a change shows in seconds. */
  static final UplinkConfig.Link LINK =
      new UplinkConfig.Link(
          Duration.ofMillis(500),
          Duration.ofSeconds(2),
          Duration.ofMillis(200),
          Duration.ofSeconds(1));

  final String clusterName = "u-" + UUID.randomUUID().toString().substring(0, 8);
  final String topics = "t" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports = new ArrayList<>();
  private final Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();

  UplinkCluster(int size, Path dir) {
    this.dir = dir;
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
  }

  static int freePort() {
    return TestPorts.free();
  }

  Mesh mesh(int index, String name) {
    return mesh(index, name, KEY);
  }

  Mesh mesh(int index, String name, Secret key) {
    MeshConfig c =
        MeshConfig.builder(
                clusterName,
                new MemberIdentity(name, "plant1", "area" + index, Set.of(), false),
                key)
            .discovery(new Discovery.Tcp(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
            .network(new MeshConfig.Network(List.of("127.0.0.1"), ports.get(index), false))
            .failureDetection(
                new MeshConfig.FailureDetection(
                    Duration.ofSeconds(1), Duration.ofSeconds(4), MeshConfig.Detector.DEADLINE))
            .build();
    return track(Mesh.start(c));
  }

  /** The uplink settings of a node, with this cluster's topics on {@code bootstrap}. */
  UplinkConfig uplink(String bootstrap, String node) {
    return UplinkConfig.of(bootstrap, node)
        .withTuning(
            new UplinkConfig.Tuning(
                "lz4",
                Duration.ofMillis(5),
                256 * 1024,
                Duration.ofSeconds(2),
                Duration.ofSeconds(6),
                20_000))
        .withLink(LINK)
        .withTopics(
            new UplinkConfig.Topics(
                topics + ".summaries",
                topics + ".alarms",
                topics + ".events",
                "",
                false,
                3,
                (short) -1));
  }

  void createTopics(KafkaBroker broker) {
    for (String t : Set.of(".summaries", ".alarms", ".events")) {
      broker.createTopic(topics + t, 3);
    }
  }

  Set<String> topicNames() {
    return Set.of(topics + ".summaries", topics + ".alarms", topics + ".events");
  }

  /** A node with its own uplink: its route, its forwarder (over an Outbox of its own), a relay. */
  record RelayNode(
      Mesh mesh,
      KafkaRoute route,
      Forwarder forwarder,
      UplinkDirectory directory,
      UplinkRelay relay) {}

  RelayNode relay(Mesh mesh, String bootstrap) {
    KafkaRoute route = track(new KafkaRoute(uplink(bootstrap, mesh.name())));
    Outbox own = outbox(mesh.name() + "-own");
    Forwarder f =
        track(
            Forwarder.start(
                own, Forwarder.Settings.of(route.config()), List.of(route), Clock.systemUTC()));
    UplinkDirectory d = track(UplinkDirectory.start(mesh, Duration.ofSeconds(2)));
    d.follow(() -> f.links().get(0));
    UplinkRelay r =
        track(
            UplinkRelay.start(
                mesh, route, () -> f.links().get(0), UplinkRelay.Settings.defaults()));
    return new RelayNode(mesh, route, f, d, r);
  }

  /** A node's peer route, its directory and an Outbox; its forwarder is started by the test. */
  record OriginNode(Mesh mesh, UplinkDirectory directory, PeerRoute route, Outbox outbox) {}

  OriginNode origin(Mesh mesh) {
    UplinkDirectory d = track(UplinkDirectory.start(mesh, Duration.ofSeconds(2)));
    PeerRoute route =
        track(
            new PeerRoute(
                mesh,
                d,
                new PeerRoute.Settings(
                    500, 1 << 20, Duration.ofMillis(20), 4, Duration.ofSeconds(10))));
    return new OriginNode(mesh, d, route, outbox(mesh.name()));
  }

  /** A forwarder of a node without an uplink: only the peer route; the backlog is not paced. */
  Forwarder forwardThroughPeers(OriginNode n) {
    return forward(n.outbox(), n.mesh().name(), n.route());
  }

  Forwarder forward(Outbox outbox, String node, io.plantmesh.kafka.forward.Route route) {
    Forwarder.Settings s =
        new Forwarder.Settings(
            node, 20_000, new UplinkConfig.Replay(0, 1_000, 1.0), LINK, Duration.ofSeconds(2));
    return track(Forwarder.start(outbox, s, List.of(route), Clock.systemUTC()));
  }

  Outbox outbox(String name) {
    return track(
        Outbox.open(
            OutboxConfig.of(dir.resolve(name + "-" + UUID.randomUUID()))
                .withSizes(256L << 20, 4L << 20)));
  }

  /**
   * Appends {@code n} records of {@code node}: ids {@code <node>-<i>}, keys over 20 tags, every
   * tenth an alarm; the payload says its tag and sequence.
   */
  static List<String> append(Outbox outbox, String node, int n, int payloadBytes) {
    List<OutboxRecord> batch = new ArrayList<>();
    List<String> ids = new ArrayList<>(n);
    String pad = "x".repeat(Math.max(0, payloadBytes - 60));
    for (int i = 0; i < n; i++) {
      String id = node + "-" + i;
      String key = "plant1/line1/tag-" + (i % 20);
      String json = "{\"id\":\"" + id + "\",\"seq\":" + i + ",\"pad\":\"" + pad + "\"}";
      batch.add(
          new OutboxRecord(
              i % 10 == 0 ? Priority.ALARM : Priority.SUMMARY,
              key,
              id,
              json.getBytes(StandardCharsets.UTF_8)));
      ids.add(id);
      if (batch.size() == 1_000) {
        outbox.append(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      outbox.append(batch);
    }
    return ids;
  }

  static long backlog(Outbox o) {
    return o.stats().backlogRecords();
  }

  <T extends AutoCloseable> T track(T c) {
    started.add(c);
    return c;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Keep closing the others.
      }
    }
  }
}
