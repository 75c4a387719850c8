package io.plantmesh.cluster.uplink;

import com.hazelcast.cluster.Member;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.uplink.internal.MeshPeers;
import io.plantmesh.cluster.uplink.internal.RelayCodec;
import io.plantmesh.cluster.uplink.internal.RelayTask;
import io.plantmesh.kafka.forward.UplinkRecord;
import io.plantmesh.outbox.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Relay requests sent by hand, as a peer route would (or as an intruder might). */
final class RawRelay {
  private RawRelay() {}

  static UplinkRecord record(String id) {
    return new UplinkRecord(
        Priority.ALARM, "k", id, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), false);
  }

  static RelayCodec.Request request(Instant expiresAt, UplinkRecord... records) {
    return new RelayCodec.Request(
        UUID.randomUUID(), 0, UUID.randomUUID(), expiresAt, List.of(records));
  }

  static RelayCodec.Request request(UplinkRecord... records) {
    return request(Instant.now().plusSeconds(30), records);
  }

  /** {@code req} sealed by {@code sender} under {@code sealer} for {@code relay}. */
  static byte[] seal(Sealer sealer, UUID sender, Mesh relay, RelayCodec.Request req) {
    return sealer.seal(
        RelayCodec.requestStructure(relay.memberId()), sender, RelayCodec.encode(req));
  }

  /** Submits raw request bytes from {@code from}'s member to {@code to}'s. */
  static Future<byte[]> submit(Mesh from, Mesh to, byte[] request) {
    UUID target = to.hazelcast().getCluster().getLocalMember().getUuid();
    Member m =
        from.hazelcast().getCluster().getMembers().stream()
            .filter(h -> h.getUuid().equals(target))
            .findFirst()
            .orElseThrow();
    return from.hazelcast()
        .getExecutorService(RelayTask.EXECUTOR)
        .submitToMember(new RelayTask(request), m);
  }

  static byte[] reply(Future<byte[]> f, Duration timeout) throws Exception {
    return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Opens {@code to}'s sealed answer to {@code req}. */
  static RelayCodec.Answer open(Mesh from, Mesh to, RelayCodec.Request req, byte[] reply)
      throws SealException {
    RelayCodec.Reply r = RelayCodec.reply(reply);
    if (r.sealed() == null) {
      throw new AssertionError("a plain refusal, not a sealed answer: " + r.plainRefusal());
    }
    Sealer.Opened o =
        MeshPeers.sealer(from).open(RelayCodec.answerStructure(req.batchId()), r.sealed());
    if (!o.sender().equals(to.memberId())) {
      throw new AssertionError("sealed by " + o.sender());
    }
    return RelayCodec.decodeAnswer(o.plaintext());
  }

  /** Sends {@code req} from {@code from} to {@code to}'s relay as a trusted member; the answer. */
  static RelayCodec.Answer call(Mesh from, Mesh to, RelayCodec.Request req) throws Exception {
    byte[] sealed = seal(MeshPeers.sealer(from), from.memberId(), to, req);
    return open(from, to, req, reply(submit(from, to, sealed), Duration.ofSeconds(20)));
  }
}
