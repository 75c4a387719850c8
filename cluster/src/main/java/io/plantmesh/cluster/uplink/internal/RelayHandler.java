package io.plantmesh.cluster.uplink.internal;

import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.uplink.RelayStats;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Answer;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refusal;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refused;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Request;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Result;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Results;
import io.plantmesh.kafka.forward.Headers;
import io.plantmesh.kafka.forward.KafkaRoute;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.forward.UplinkException;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.forward.UplinkRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's side: opens a peer's batch, checks it (trusted sender, not expired, own link not
 * DOWN, not overloaded), sends each record through this node's {@link KafkaRoute} with {@code
 * plantmesh-via} added, waits for every delivery (bounded by the route's delivery timeout) and
 * answers per record. Runs on Hazelcast's relay executor threads; never on an event thread.
 */
public final class RelayHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);
  private static final Duration MARGIN = Duration.ofSeconds(1);

  /** What the relay needs of its node. */
  public record Context(
      UUID self,
      String selfName,
      Sealer sealer,
      Function<UUID, Optional<MeshMember>> trusted,
      KafkaRoute route,
      Supplier<LinkStatus> ownLink) {}

  private record Failure(Instant at, String why) {}

  private final Context ctx;
  private final int maxBatches;
  private final Duration orderWait;
  private final Duration failureHold;
  private final Duration wait;
  private final Semaphore permits;
  private final OrderGate gate = new OrderGate();
  private final AtomicLong refusalsLogged = new AtomicLong();
  private final LongAdder batches = new LongAdder();
  private final LongAdder records = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder pings = new LongAdder();
  private final LongAdder unopenable = new LongAdder();
  private final LongAdder untrusted = new LongAdder();
  private final LongAdder linkDown = new LongAdder();
  private final LongAdder overloaded = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder orderSkips = new LongAdder();
  private volatile Failure lastBatchFailure;
  private volatile boolean closed;

  public RelayHandler(Context ctx, int maxBatches, Duration orderWait, Duration failureHold) {
    this.ctx = ctx;
    this.maxBatches = maxBatches;
    this.orderWait = orderWait;
    this.failureHold = failureHold;
    this.wait = ctx.route().config().tuning().deliveryTimeout().plus(MARGIN);
    this.permits = new Semaphore(maxBatches);
  }

  /** The longest a batch may take here once it runs: what a sender's timeout must exceed. */
  public Duration longestBatch() {
    return wait.plus(orderWait);
  }

  public void close() {
    closed = true;
  }

  /** Handles one request as it came over the wire; returns the reply. */
  public byte[] handle(byte[] wire) {
    Sealer.Opened opened;
    try {
      opened = ctx.sealer().open(RelayCodec.requestStructure(ctx.self()), wire);
    } catch (SealException e) {
      unopenable.increment();
      return plainRefusal(
          ctx.selfName()
              + " refused a batch that does not open under the cluster key (sealed under another"
              + " key, forged, or meant for another member): nothing was sent");
    }
    Request req;
    try {
      req = RelayCodec.decodeRequest(opened.plaintext());
    } catch (IllegalArgumentException e) {
      unopenable.increment();
      return plainRefusal(ctx.selfName() + " refused a batch it cannot read: " + e.getMessage());
    }
    Answer a = decide(req, opened.sender());
    if (a instanceof Refused r) {
      logRefusal(r.message());
    }
    return RelayCodec.sealedReply(
        ctx.sealer()
            .seal(RelayCodec.answerStructure(req.batchId()), ctx.self(), RelayCodec.encode(a)));
  }

  private Answer decide(Request req, UUID senderId) {
    Optional<MeshMember> sender = ctx.trusted().apply(senderId);
    if (sender.isEmpty()) {
      untrusted.increment();
      return refuse(
          req,
          Refusal.UNTRUSTED,
          "its sender (member " + senderId + ") is not a trusted member of the mesh");
    }
    if (closed) {
      return refuse(req, Refusal.CLOSED, "the relay is stopping");
    }
    Instant now = Instant.now();
    if (now.isAfter(req.expiresAt())) {
      expired.increment();
      return refuse(
          req,
          Refusal.EXPIRED,
          "it expired at "
              + req.expiresAt()
              + " ("
              + ctx.selfName()
              + "'s clock: "
              + now
              + "): late, replayed, or the members' clocks disagree (check NTP)");
    }
    String down = down(now);
    if (down != null) {
      linkDown.increment();
      return refuse(req, Refusal.LINK_DOWN, down);
    }
    if (req.ping()) {
      pings.increment();
      return new Results(req.batchId(), List.of());
    }
    if (!permits.tryAcquire()) {
      overloaded.increment();
      return refuse(
          req,
          Refusal.OVERLOADED,
          ctx.selfName()
              + " relays "
              + maxBatches
              + " batches already (uplink relay max-concurrent-batches): send again shortly");
    }
    try {
      return relay(req, sender.get());
    } finally {
      permits.release();
    }
  }

  private Answer relay(Request req, MeshMember sender) {
    int n = req.records().size();
    AtomicReferenceArray<Result> results = new AtomicReferenceArray<>(n);
    CountDownLatch done = new CountDownLatch(n);
    long deadline;
    try {
      if (!gate.awaitTurn(req.stream(), req.seq(), orderWait)) {
        orderSkips.increment();
      }
      deadline = System.nanoTime() + wait.toNanos();
      for (int i = 0; i < n; i++) {
        if (System.nanoTime() - deadline > 0) {
          // A producer without metadata blocks each send (max.block.ms): answer the rest as not
          // sent rather than keep the sender waiting past its timeout.
          for (int j = i; j < n; j++) {
            results.set(j, new Result(Kind.UNREACHABLE, notSent()));
            done.countDown();
          }
          break;
        }
        int index = i;
        ctx.route()
            .send(
                via(req.records().get(i)),
                e -> {
                  results.set(
                      index,
                      e == null
                          ? Result.ACKNOWLEDGED
                          : new Result(UplinkException.kindOf(e), UplinkException.describe(e)));
                  done.countDown();
                });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Refused(req.batchId(), Refusal.CLOSED, ctx.selfName() + " is stopping");
    } finally {
      gate.passed(req.stream(), req.seq());
    }
    batches.increment();
    records.add(n);
    try {
      done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return answer(req, sender, results);
  }

  private Answer answer(Request req, MeshMember sender, AtomicReferenceArray<Result> results) {
    int n = results.length();
    List<Result> out = new ArrayList<>(n);
    int acks = 0;
    Result firstFailure = null;
    boolean producerBroken = false;
    for (int i = 0; i < n; i++) {
      Result r = results.get(i);
      if (r == null) {
        r =
            new Result(
                Kind.UNREACHABLE,
                "no acknowledgement from Kafka at "
                    + ctx.selfName()
                    + " within "
                    + wait.toMillis()
                    + " ms");
      }
      if (r.acknowledged()) {
        acks++;
      } else {
        producerBroken |= r.kind() == Kind.PRODUCER_STATE;
        if (firstFailure == null && r.kind() != Kind.REJECTED) {
          firstFailure = r;
        }
      }
      out.add(r);
    }
    acknowledged.add(acks);
    failed.add(n - acks);
    if (acks > 0) {
      lastBatchFailure = null;
    } else if (firstFailure != null) {
      lastBatchFailure = new Failure(Instant.now(), firstFailure.message());
    }
    if (producerBroken) {
      LOG.warn("Uplink relay: replacing the Kafka producer after a broken producer session");
      ctx.route().reset();
    }
    if (acks < n) {
      LOG.debug(
          "Uplink relay: {} of {} records from {} failed: {}",
          n - acks,
          n,
          sender.name(),
          firstFailure == null ? "refused by Kafka" : firstFailure.message());
    }
    return new Results(req.batchId(), out);
  }

  private String notSent() {
    return "not sent: "
        + ctx.selfName()
        + "'s producer took longer than "
        + wait.toMillis()
        + " ms to take the batch (no metadata from Kafka?)";
  }

  /** Why this relay is not to be used now, or null. */
  private String down(Instant now) {
    LinkStatus own = ctx.ownLink().get();
    if (own == null || own.state() == LinkState.DOWN) {
      return ctx.selfName()
          + "'s own uplink is DOWN"
          + (own == null ? "" : " since " + own.since() + ": " + own.reason());
    }
    Failure f = lastBatchFailure;
    if (f != null && Duration.between(f.at(), now).compareTo(failureHold) < 0) {
      return "the last batch "
          + ctx.selfName()
          + " relayed failed entirely at "
          + f.at()
          + " ("
          + f.why()
          + "); it takes batches again from "
          + f.at().plus(failureHold);
    }
    return null;
  }

  private UplinkRecord via(UplinkRecord r) {
    Map<String, String> headers = new LinkedHashMap<>(r.headers());
    headers.put(Headers.VIA, ctx.selfName());
    return new UplinkRecord(r.priority(), r.key(), r.id(), headers, r.payload(), r.replayed());
  }

  private Refused refuse(Request req, Refusal reason, String why) {
    if (!req.ping()) {
      // Later batches of the stream must not wait for this one.
      gate.passed(req.stream(), req.seq());
    }
    return new Refused(
        req.batchId(), reason, ctx.selfName() + " refused " + describe(req) + ": " + why);
  }

  private static String describe(Request req) {
    return req.ping() ? "a ping" : "a batch of " + req.records().size() + " records";
  }

  private byte[] plainRefusal(String message) {
    logRefusal(message);
    return RelayCodec.plainReply(message);
  }

  private void logRefusal(String message) {
    long n = refusalsLogged.incrementAndGet();
    if (n == 1 || n % 100 == 0) {
      LOG.warn("Uplink relay: {} (refusal {}; logged on the first and every 100th)", message, n);
    }
  }

  public RelayStats stats() {
    return new RelayStats(
        batches.sum(),
        records.sum(),
        acknowledged.sum(),
        failed.sum(),
        pings.sum(),
        unopenable.sum(),
        untrusted.sum(),
        linkDown.sum(),
        overloaded.sum(),
        expired.sum(),
        orderSkips.sum(),
        maxBatches - permits.availablePermits());
  }
}
