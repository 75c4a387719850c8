package io.plantmesh.cluster.uplink;

import static io.plantmesh.cluster.uplink.UplinkCluster.append;
import static io.plantmesh.cluster.uplink.UplinkCluster.backlog;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.uplink.UplinkCluster.OriginNode;
import io.plantmesh.cluster.uplink.UplinkCluster.RelayNode;
import io.plantmesh.cluster.uplink.internal.MeshPeers;
import io.plantmesh.cluster.uplink.internal.RelayCodec;
import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.forward.KafkaRoute;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.forward.UplinkException;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.kafka.testkit.MesConsumer.Received;
import io.plantmesh.outbox.Outbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node without an uplink forwards through a peer's relay, on real mesh members over loopback and
 * a real Kafka broker: every record reaches Kafka with {@code plantmesh-via}, in order per tag, and
 * leaves the node's Outbox only after the relay confirmed Kafka's acknowledgement.
 */
class PeerRouteTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static KafkaBroker broker;
  private static UplinkCluster cluster;
  private static Mesh meshA;
  private static RelayNode b;

  @BeforeAll
  static void start() {
    broker = SharedBroker.get();
    cluster = new UplinkCluster(3, dir);
    cluster.createTopics(broker);
    meshA = cluster.mesh(0, "node-a");
    b = cluster.relay(cluster.mesh(1, "node-b"), broker.bootstrapServers());
    UplinkDirectory seen = cluster.track(UplinkDirectory.start(meshA));
    await("node-a sees node-b's uplink UP")
        .atMost(WAIT)
        .until(() -> seen.peersWithUplink().stream().anyMatch(p -> p.name().equals("node-b")));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aNodeWithoutAnUplinkForwardsThroughAPeerAndKeepsEachTagInOrder() throws Exception {
    OriginNode a = cluster.origin(meshA);
    int n = 5_000;
    List<String> ids = append(a.outbox(), "node-a", n, 200);
    try (MesConsumer mes = new MesConsumer(broker.clientConfig(), cluster.topicNames())) {
      long relayedBefore = b.relay().stats().recordsAcknowledged();
      Forwarder f = cluster.forwardThroughPeers(a);
      List<String> early = new CopyOnWriteArrayList<>();
      await("node-a's Outbox drained")
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(5))
          .until(
              () -> {
                // Read the Outbox first: whatever it has let go of, the relay confirmed before.
                long gone = a.outbox().stats().acknowledgedRecords();
                long confirmed = b.relay().stats().recordsAcknowledged() - relayedBefore;
                if (gone > confirmed) {
                  early.add(
                      gone + " records left the Outbox, " + confirmed + " confirmed by Kafka");
                }
                return backlog(a.outbox()) == 0;
              });
      assertEquals(List.of(), early, "records left the Outbox before Kafka acknowledged them");
      await("every id at the MES").atMost(WAIT).until(() -> mes.ids().containsAll(ids));

      List<Received> got =
          mes.received().stream().filter(r -> r.id().startsWith("node-a-")).toList();
      for (Received r : got) {
        assertEquals("node-b", r.via(), r.toString());
        assertEquals("node-a", r.node(), r.toString());
      }
      assertInOrderPerTag(got);
      assertEquals("peer:node-b", f.stats().activeRoute());
      PeerRouteStats s = a.route().stats();
      assertEquals(n, s.recordsAcknowledged());
      assertEquals(0, s.recordsFailed());
      assertTrue(s.batchesSent() >= n / 500, s.toString());
      System.out.printf(
          "Through node-b: %d records in %d batches (%.0f per batch), %d duplicates at the MES%n",
          n, s.batchesSent(), (double) n / s.batchesSent(), got.size() - n);
    }
  }

  @Test
  void aNodeWhoseOwnUplinkIsDownForwardsThroughAPeer() throws Exception {
    OriginNode a = cluster.origin(meshA);
    // node-a's own uplink points at a port where no broker listens.
    KafkaRoute own =
        cluster.track(
            new KafkaRoute(cluster.uplink("127.0.0.1:" + UplinkCluster.freePort(), "node-a")));
    List<String> ids = append(a.outbox(), "own-down", 1_000, 200);
    try (MesConsumer mes = new MesConsumer(broker.clientConfig(), cluster.topicNames())) {
      Forwarder.Settings s =
          new Forwarder.Settings(
              "node-a",
              20_000,
              new UplinkConfig.Replay(0, 1_000, 1.0),
              UplinkCluster.LINK,
              Duration.ofSeconds(2));
      Forwarder f =
          cluster.track(
              Forwarder.start(a.outbox(), s, List.of(own, a.route()), java.time.Clock.systemUTC()));
      await().atMost(WAIT).until(() -> backlog(a.outbox()) == 0);
      assertEquals(LinkState.DOWN, f.stats().link().state(), "its own uplink");
      assertEquals("peer:node-b", f.stats().activeRoute());
      await().atMost(WAIT).until(() -> mes.ids().containsAll(ids));
      mes.received().stream()
          .filter(r -> r.id().startsWith("own-down-"))
          .forEach(r -> assertEquals("node-b", r.via(), r.toString()));
    }
  }

  @Test
  void anUntrustedMemberCannotUseARelay() throws Exception {
    Mesh x = cluster.mesh(2, "node-x", UplinkCluster.WRONG_KEY);
    try {
      await().atMost(WAIT).until(() -> meshA.members().size() == 3 && x.members().size() == 3);
      OriginNode xo = cluster.origin(x);

      // In node-x's view nobody is trusted: its peer route has nowhere to go.
      UplinkException e =
          assertThrows(UplinkException.class, () -> xo.route().probe(Duration.ofSeconds(2)));
      assertEquals(Kind.NO_PEER, e.kind());
      assertTrue(e.getMessage().contains("no other trusted member"), e.getMessage());

      // node-x claims an UP uplink to lure the others: its entry does not open, it is ignored.
      xo.directory().publish(new LinkStatus("kafka", LinkState.UP, Instant.now(), "", null, null));
      UplinkDirectory seen = cluster.track(UplinkDirectory.start(meshA));
      await().atMost(WAIT).until(() -> seen.peers().size() == 1 && seen.ignoredEntries() > 0);
      assertEquals("node-b", seen.peers().get(0).name());

      // A batch sealed under node-x's key, straight to node-b's relay: refused unopened.
      RelayStats before = b.relay().stats();
      RelayCodec.Request batch = RawRelay.request(RawRelay.record("node-x-0"));
      byte[] forged = RawRelay.seal(MeshPeers.sealer(x), x.memberId(), b.mesh(), batch);
      RelayCodec.Reply reply =
          RelayCodec.reply(RawRelay.reply(RawRelay.submit(x, b.mesh(), forged), WAIT));
      assertNotNull(reply.plainRefusal());
      assertTrue(
          reply.plainRefusal().contains("does not open under the cluster key"),
          reply.plainRefusal());

      // Under the cluster key but from a member id the mesh does not have: refused as untrusted.
      byte[] stranger = RawRelay.seal(MeshPeers.sealer(meshA), UUID.randomUUID(), b.mesh(), batch);
      RelayCodec.Answer answer =
          RawRelay.open(
              meshA,
              b.mesh(),
              batch,
              RawRelay.reply(RawRelay.submit(meshA, b.mesh(), stranger), WAIT));
      assertEquals(RelayCodec.Refusal.UNTRUSTED, ((RelayCodec.Refused) answer).reason());

      RelayStats after = b.relay().stats();
      assertEquals(before.refusedUnopenable() + 1, after.refusedUnopenable());
      assertEquals(before.refusedUntrusted() + 1, after.refusedUntrusted());
      assertEquals(before.recordsRelayed(), after.recordsRelayed(), "nothing sent to Kafka");

      // node-x's forwarder keeps its records in its Outbox.
      List<String> ids = append(xo.outbox(), "node-x", 100, 100);
      Forwarder fx = cluster.forwardThroughPeers(xo);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> backlog(xo.outbox()) == ids.size());
      assertEquals(LinkState.DOWN, fx.stats().link().state());
      assertTrue(
          fx.stats().link().reason().contains("no other trusted member"),
          fx.stats().link().reason());
      assertEquals(before.recordsRelayed(), b.relay().stats().recordsRelayed());
    } finally {
      x.close();
    }
  }

  /** Each tag's records reach the MES in the order node-a appended them. */
  private static void assertInOrderPerTag(List<Received> got) {
    Map<String, Long> last = new HashMap<>();
    for (Received r : got) {
      long seq = Long.parseLong(r.json().replaceAll(".*\"seq\":(\\d+).*", "$1"));
      Long prev = last.put(r.topic() + "/" + r.key(), seq);
      assertTrue(
          prev == null || prev < seq,
          r.key() + " in " + r.topic() + ": seq " + seq + " arrived after " + prev);
    }
  }

  @Test
  void throughputThroughAPeerAndDirectly() {
    int n = 30_000;
    List<String> lines = new ArrayList<>();
    for (int round = 1; round <= 2; round++) {
      OriginNode a = cluster.origin(meshA);
      append(a.outbox(), "peer" + round, n, 200);
      double peer = drain(a.outbox(), () -> cluster.forwardThroughPeers(a));
      assertEquals(n, a.route().stats().recordsAcknowledged());

      Outbox own = cluster.outbox("direct" + round);
      append(own, "direct" + round, n, 200);
      KafkaRoute route =
          cluster.track(new KafkaRoute(cluster.uplink(broker.bootstrapServers(), "node-a")));
      route.probe(Duration.ofSeconds(10)); // as warm as node-b's
      double direct = drain(own, () -> cluster.forward(own, "node-a", route));
      lines.add(
          String.format(
              "round %d: through a peer %.0f records/s, directly %.0f records/s (%.0f%%)",
              round, peer, direct, 100 * peer / direct));
    }
    lines.forEach(
        l -> System.out.println("Uplink throughput, " + n + " records of 200 bytes: " + l));
  }

  /** Starts a forwarder over a full Outbox; returns records per second until it is empty. */
  private static double drain(Outbox outbox, java.util.function.Supplier<Forwarder> start) {
    long records = backlog(outbox);
    long t0 = System.nanoTime();
    Forwarder f = start.get();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> backlog(outbox) == 0);
    double rate = records / ((System.nanoTime() - t0) / 1e9);
    f.close();
    return rate;
  }
}
