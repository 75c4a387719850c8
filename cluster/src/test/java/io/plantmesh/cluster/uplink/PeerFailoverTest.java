package io.plantmesh.cluster.uplink;

import static io.plantmesh.cluster.uplink.UplinkCluster.append;
import static io.plantmesh.cluster.uplink.UplinkCluster.backlog;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.uplink.UplinkCluster.OriginNode;
import io.plantmesh.cluster.uplink.UplinkCluster.RelayNode;
import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.kafka.testkit.MesConsumer.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with no uplink forwards through one of two peers; the peer in use is killed (its Hazelcast
 * member terminated, its producer closed at once) in the middle of a large transfer. Nothing is
 * lost: every id reaches Kafka (some twice), and the node's Outbox ends empty.
 */
class PeerFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void killingThePeerMidTransferLosesNothing() throws Exception {
    KafkaBroker broker = SharedBroker.get();
    try (UplinkCluster cluster = new UplinkCluster(3, dir)) {
      cluster.createTopics(broker);
      Mesh meshA = cluster.mesh(0, "node-a");
      RelayNode b = cluster.relay(cluster.mesh(1, "node-b"), broker.bootstrapServers());
      RelayNode c = cluster.relay(cluster.mesh(2, "node-c"), broker.bootstrapServers());
      OriginNode a = cluster.origin(meshA);
      await("node-a sees two peers UP")
          .atMost(WAIT)
          .until(() -> a.directory().peersWithUplink().size() == 2);

      int n = 40_000;
      List<String> ids = append(a.outbox(), "node-a", n, 200);
      try (MesConsumer mes = new MesConsumer(broker.clientConfig(), cluster.topicNames())) {
        Forwarder f = cluster.forwardThroughPeers(a);
        await().atMost(WAIT).until(() -> a.route().stats().peer() != null);
        RelayNode used = a.route().stats().peer().equals("node-b") ? b : c;
        RelayNode other = used == b ? c : b;
        await("a quarter relayed")
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(2))
            .until(() -> used.relay().stats().recordsRelayed() >= n / 4);

        Instant killed = Instant.now();
        used.mesh().hazelcast().getLifecycleService().terminate();
        used.route().close(); // the process is gone: its producer with it
        used.forwarder().close(Duration.ZERO);
        long relayedByDead = used.relay().stats().recordsAcknowledged();
        long confirmedAtKill = a.route().stats().recordsAcknowledged();
        System.out.printf(
            "Killed %s after it relayed %d records (%d confirmed to node-a)%n",
            used.mesh().name(), used.relay().stats().recordsRelayed(), confirmedAtKill);
        assertTrue(backlog(a.outbox()) > 0, "the kill came too late: nothing left to move");

        await("node-a's Outbox drained through " + other.mesh().name())
            .atMost(WAIT)
            .until(() -> backlog(a.outbox()) == 0);
        Duration drained = Duration.between(killed, Instant.now());
        await("every id at the MES").atMost(WAIT).until(() -> mes.ids().containsAll(ids));

        List<Received> got = mes.received();
        Set<String> distinct = new HashSet<>();
        long duplicates = got.stream().filter(r -> !distinct.add(r.id())).count();
        Map<String, Long> byVia =
            new TreeMap<>(
                got.stream().collect(Collectors.groupingBy(Received::via, Collectors.counting())));
        System.out.printf(
            "Peer killed mid-transfer: %d ids, all arrived; %d duplicates (%.2f%%); records by relay"
                + " %s; Outbox empty %d ms after the kill; %s's relay had %d acknowledged by"
                + " Kafka%n",
            n,
            duplicates,
            100.0 * duplicates / n,
            byVia,
            drained.toMillis(),
            used.mesh().name(),
            relayedByDead);
        assertEquals(n, distinct.size());
        assertTrue(byVia.get(used.mesh().name()) > 0);
        assertTrue(byVia.get(other.mesh().name()) > 0);
        assertEquals("peer:" + other.mesh().name(), f.stats().activeRoute());
        assertTrue(
            a.route().stats().recordsFailed() > 0, "some records were in flight at the kill");
      }
    }
  }
}
