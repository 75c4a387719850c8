package io.plantmesh.cluster.uplink;

import static io.plantmesh.cluster.uplink.UplinkCluster.append;
import static io.plantmesh.cluster.uplink.UplinkCluster.backlog;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.uplink.UplinkCluster.OriginNode;
import io.plantmesh.cluster.uplink.UplinkCluster.RelayNode;
import io.plantmesh.cluster.uplink.internal.RelayCodec;
import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.UplinkException;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no peer whose uplink is UP, the peer route's probe fails saying why, the records stay in the
 * Outbox, and a relay whose own uplink is DOWN refuses batches sent to it anyway.
 */
class NoPeerUpTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void withoutAPeerUpTheProbeFailsAndRecordsStayInTheOutbox() throws Exception {
    try (UplinkCluster cluster = new UplinkCluster(2, dir)) {
      Mesh meshA = cluster.mesh(0, "node-a");
      OriginNode a = cluster.origin(meshA);
      UplinkException alone =
          assertThrows(UplinkException.class, () -> a.route().probe(Duration.ofSeconds(1)));
      assertEquals(Kind.NO_PEER, alone.kind());
      assertTrue(alone.getMessage().contains("no other trusted member"), alone.getMessage());

      // node-b's own uplink points at a port where no broker listens: DOWN.
      String nowhere = "127.0.0.1:" + UplinkCluster.freePort();
      RelayNode b = cluster.relay(cluster.mesh(1, "node-b"), nowhere);
      await("node-a sees node-b's uplink DOWN")
          .atMost(WAIT)
          .until(
              () ->
                  a.directory().peers().size() == 1
                      && a.directory().peers().get(0).state() == LinkState.DOWN
                      && a.directory().peers().get(0).reason().contains(nowhere));
      assertEquals(List.of(), a.directory().peersWithUplink());
      UplinkException down =
          assertThrows(UplinkException.class, () -> a.route().probe(Duration.ofSeconds(1)));
      assertEquals(Kind.NO_PEER, down.kind());
      assertTrue(down.getMessage().contains("node-b DOWN since"), down.getMessage());
      assertTrue(down.getMessage().contains(nowhere), "says why node-b is down: " + down);

      List<String> ids = append(a.outbox(), "node-a", 200, 100);
      Forwarder f = cluster.forwardThroughPeers(a);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  backlog(a.outbox()) == ids.size()
                      && a.outbox().stats().acknowledgedRecords() == 0);
      assertEquals(LinkState.DOWN, f.stats().link().state());
      assertTrue(f.stats().link().reason().contains("node-b DOWN"), f.stats().link().reason());

      // A batch sent to node-b's relay regardless: refused, nothing sent.
      RelayCodec.Answer answer =
          RawRelay.call(meshA, b.mesh(), RawRelay.request(RawRelay.record("node-a-x")));
      RelayCodec.Refused refused = (RelayCodec.Refused) answer;
      assertEquals(RelayCodec.Refusal.LINK_DOWN, refused.reason());
      assertTrue(refused.message().contains("node-b's own uplink is DOWN"), refused.message());
      assertEquals(0, b.relay().stats().recordsRelayed());
      assertEquals(1, b.relay().stats().refusedLinkDown());
    }
  }
}
