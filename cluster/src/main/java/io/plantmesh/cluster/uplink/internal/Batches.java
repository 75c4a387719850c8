package io.plantmesh.cluster.uplink.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.uplink.internal.PeerChoice.Peer;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Answer;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refusal;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refused;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Reply;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Request;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Result;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Results;
import io.plantmesh.kafka.forward.Route;
import io.plantmesh.kafka.forward.UplinkException;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.forward.UplinkRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Batches on their way to a relay: sealed for it, submitted over Hazelcast's executor, their answer
 * awaited on a thread of this node's own (never in a Hazelcast callback) for at most the answer
 * timeout, opened, and turned into each record's delivery outcome, exactly once per record.
 */
final class Batches {
  private static final UUID PING_STREAM = new UUID(0, 0);

  private final UUID self;
  private final Sealer sealer;
  private final Duration answer;
  private final ExecutorService awaiters;
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder failed = new LongAdder();

  Batches(UUID self, Sealer sealer, Duration answer, ExecutorService awaiters) {
    this.self = self;
    this.sealer = sealer;
    this.answer = answer;
    this.awaiters = awaiters;
  }

  /** One batch: its records' deliveries complete once, from the answer or from a failure. */
  final class Batch {
    private final Peer peer;
    private final UUID id;
    private final byte[] request;
    private final List<Route.Delivery> deliveries;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Future<byte[]> future;

    private Batch(Peer peer, UUID id, byte[] request, List<Route.Delivery> deliveries) {
      this.peer = peer;
      this.id = id;
      this.request = request;
      this.deliveries = deliveries;
    }

    Peer peer() {
      return peer;
    }

    void submit(IExecutorService executor, Member target) {
      future = executor.submitToMember(new RelayTask(request), target);
    }

    /** Completes every delivery with {@code e}; returns how many (0 when completed already). */
    int fail(Exception e) {
      if (!done.compareAndSet(false, true)) {
        return 0;
      }
      for (Route.Delivery d : deliveries) {
        d.completed(e);
      }
      failed.add(deliveries.size());
      return deliveries.size();
    }

    private void complete(List<Result> results) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      int acks = 0;
      for (int i = 0; i < deliveries.size(); i++) {
        Result r = results.get(i);
        if (r.acknowledged()) {
          acks++;
          deliveries.get(i).completed(null);
        } else {
          deliveries
              .get(i)
              .completed(new UplinkException(r.kind(), "via " + peer.name() + ": " + r.message()));
        }
      }
      acknowledged.add(acks);
      failed.add(deliveries.size() - acks);
    }
  }

  Batch prepare(Peer peer, long seq, List<UplinkRecord> records, List<Route.Delivery> deliveries) {
    UUID batchId = UUID.randomUUID();
    Request req = new Request(peer.stream, seq, batchId, Instant.now().plus(answer), records);
    byte[] sealed =
        sealer.seal(RelayCodec.requestStructure(peer.id()), self, RelayCodec.encode(req));
    return new Batch(peer, batchId, sealed, deliveries);
  }

  /**
   * Waits for {@code b}'s answer on a thread of its own, completes its deliveries, then calls
   * {@code after} with null when the peer may be kept, true when it must be passed over for a while
   * (it refused), false when the next batch must choose again (it failed or went away).
   */
  void await(Batch b, Consumer<Boolean> after) {
    try {
      awaiters.execute(() -> after.accept(awaitNow(b)));
    } catch (RejectedExecutionException e) {
      b.fail(new UplinkException(Kind.NO_PEER, "the peer route is closed"));
      after.accept(Boolean.FALSE);
    }
  }

  private Boolean awaitNow(Batch b) {
    String peer = b.peer.name();
    byte[] reply;
    try {
      reply = b.future.get(answer.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      b.future.cancel(true);
      b.fail(
          new UplinkException(
              Kind.NO_PEER,
              "no answer from "
                  + peer
                  + " within "
                  + answer.toMillis()
                  + " ms; the records go back to the Outbox"));
      return Boolean.TRUE;
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      b.fail(
          new UplinkException(
              Kind.NO_PEER,
              peer
                  + " went away before answering ("
                  + cause
                  + "); the records go back to the Outbox"));
      return Boolean.TRUE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      b.fail(new UplinkException(Kind.NO_PEER, "the peer route is closed"));
      return Boolean.FALSE;
    }
    Answer a;
    try {
      a = open(b.peer.member, b.id, reply);
    } catch (UplinkException e) {
      b.fail(e);
      return Boolean.TRUE;
    }
    if (a instanceof Refused r) {
      if (r.reason() == Refusal.OVERLOADED) {
        // Transient: the same peer, on a new stream (this one has a gap now).
        b.fail(new UplinkException(Kind.UNREACHABLE, r.message()));
        return Boolean.FALSE;
      }
      b.fail(new UplinkException(Kind.NO_PEER, r.message()));
      return Boolean.TRUE;
    }
    List<Result> results = ((Results) a).results();
    if (results.size() != b.deliveries.size()) {
      b.fail(
          new UplinkException(
              Kind.NO_PEER,
              peer
                  + " answered "
                  + results.size()
                  + " outcomes for a batch of "
                  + b.deliveries.size()));
      return Boolean.TRUE;
    }
    b.complete(results);
    return null;
  }

  /**
   * Asks {@code member}'s relay whether it would take a batch now.
   *
   * @return null when it would, else why not (for people)
   */
  String ping(MeshMember member, IExecutorService executor, Member target, Duration timeout) {
    UUID batchId = UUID.randomUUID();
    Request req =
        new Request(PING_STREAM, RelayCodec.PING, batchId, Instant.now().plus(timeout), List.of());
    byte[] sealed =
        sealer.seal(RelayCodec.requestStructure(member.memberId()), self, RelayCodec.encode(req));
    Future<byte[]> f;
    try {
      f = executor.submitToMember(new RelayTask(sealed), target);
    } catch (RuntimeException e) {
      return member.name() + ": cannot be reached (" + e + ")";
    }
    try {
      Answer a = open(member, batchId, f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      return a instanceof Refused r ? r.message() : null;
    } catch (TimeoutException e) {
      f.cancel(true);
      return member.name() + ": no answer within " + timeout.toMillis() + " ms";
    } catch (ExecutionException | CancellationException e) {
      return member.name() + ": " + (e.getCause() == null ? e : e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return member.name() + ": interrupted";
    } catch (UplinkException e) {
      return e.getMessage();
    }
  }

  /** Opens a relay's reply: only an answer sealed by that relay for this batch counts. */
  private Answer open(MeshMember relay, UUID batchId, byte[] wire) {
    Reply reply;
    try {
      reply = RelayCodec.reply(wire);
    } catch (IllegalArgumentException e) {
      throw new UplinkException(Kind.NO_PEER, relay.name() + " sent an unreadable reply: " + e);
    }
    if (reply.plainRefusal() != null) {
      throw new UplinkException(
          Kind.NO_PEER, relay.name() + " refused (unauthenticated): " + reply.plainRefusal());
    }
    try {
      Sealer.Opened o = sealer.open(RelayCodec.answerStructure(batchId), reply.sealed());
      if (!o.sender().equals(relay.memberId())) {
        throw new SealException("sealed by member " + o.sender() + ", not by " + relay.name());
      }
      Answer a = RelayCodec.decodeAnswer(o.plaintext());
      if (!a.batchId().equals(batchId)) {
        throw new SealException("an answer to another batch");
      }
      return a;
    } catch (SealException | IllegalArgumentException e) {
      throw new UplinkException(
          Kind.NO_PEER, "the answer from " + relay.name() + " was refused: " + e.getMessage());
    }
  }

  long acknowledged() {
    return acknowledged.sum();
  }

  long failed() {
    return failed.sum();
  }

  void close() {
    awaiters.shutdownNow();
  }
}
