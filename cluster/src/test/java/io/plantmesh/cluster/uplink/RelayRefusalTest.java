package io.plantmesh.cluster.uplink;

import static io.plantmesh.cluster.uplink.RawRelay.record;
import static io.plantmesh.cluster.uplink.RawRelay.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.uplink.internal.MeshPeers;
import io.plantmesh.cluster.uplink.internal.RelayCodec;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refusal;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refused;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Result;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Results;
import io.plantmesh.kafka.forward.KafkaRoute;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay bounds what it takes on and says why it refuses: beyond its concurrent batches
 * (overloaded), a batch past its expiry, and, after a batch failed entirely, any batch for a while;
 * a record its route did not take is answered with the failure's kind.
 */
class RelayRefusalTest {
  @TempDir Path dir;

  @Test
  void aRelayRefusesWhenOverloadedExpiredOrFailingAndAnswersEachFailure() throws Exception {
    try (UplinkCluster cluster = new UplinkCluster(2, dir)) {
      Mesh a = cluster.mesh(0, "node-a");
      Mesh b = cluster.mesh(1, "node-b");
      // node-b believes its uplink is UP, but its producer reaches no broker: each send waits for
      // metadata (max.block.ms) and fails.
      String nowhere = "127.0.0.1:" + UplinkCluster.freePort();
      KafkaRoute route = cluster.track(new KafkaRoute(cluster.uplink(nowhere, "node-b")));
      LinkStatus up = new LinkStatus("kafka", LinkState.UP, Instant.now(), "believed", null, null);
      UplinkRelay relay =
          cluster.track(
              UplinkRelay.start(
                  b,
                  route,
                  () -> up,
                  new UplinkRelay.Settings(1, Duration.ofSeconds(1), Duration.ofSeconds(30))));
      await().atMost(Duration.ofSeconds(30)).until(() -> a.members().size() == 2);

      RelayCodec.Request first = request(record("r-1"));
      Future<byte[]> pending =
          RawRelay.submit(a, b, RawRelay.seal(MeshPeers.sealer(a), a.memberId(), b, first));
      await().atMost(Duration.ofSeconds(10)).until(() -> relay.stats().batchesInProgress() == 1);

      Refused busy = (Refused) RawRelay.call(a, b, request(record("r-2")));
      assertEquals(Refusal.OVERLOADED, busy.reason());
      assertTrue(busy.message().contains("max-concurrent-batches"), busy.message());

      Refused late =
          (Refused) RawRelay.call(a, b, request(Instant.now().minusSeconds(1), record("r-3")));
      assertEquals(Refusal.EXPIRED, late.reason());
      assertTrue(late.message().contains("expired at"), late.message());

      Results results =
          (Results) RawRelay.open(a, b, first, RawRelay.reply(pending, Duration.ofSeconds(20)));
      assertEquals(1, results.results().size());
      Result r = results.results().get(0);
      assertFalse(r.acknowledged());
      // The route waited max.block.ms for metadata, then says it stalled (the sender's link goes
      // DOWN at once rather than waiting for the next batch).
      assertEquals(Kind.STALLED, r.kind());
      assertTrue(r.message().contains("metadata"), r.message());

      // Its last batch failed entirely: it passes for DOWN, and says until when.
      Refused failing = (Refused) RawRelay.call(a, b, request(record("r-4")));
      assertEquals(Refusal.LINK_DOWN, failing.reason());
      assertTrue(failing.message().contains("failed entirely"), failing.message());
      // A ping is refused alike: a peer route's probe passes this relay over.
      Refused ping =
          (Refused)
              RawRelay.call(
                  a,
                  b,
                  new RelayCodec.Request(
                      java.util.UUID.randomUUID(),
                      RelayCodec.PING,
                      java.util.UUID.randomUUID(),
                      Instant.now().plusSeconds(5),
                      java.util.List.of()));
      assertEquals(Refusal.LINK_DOWN, ping.reason());

      RelayStats s = relay.stats();
      assertEquals(1, s.batchesRelayed());
      assertEquals(0, s.recordsAcknowledged());
      assertEquals(1, s.recordsFailed());
      assertEquals(1, s.refusedOverloaded());
      assertEquals(1, s.refusedExpired());
      assertEquals(2, s.refusedLinkDown());
    }
  }
}
