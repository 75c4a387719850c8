package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.core.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a member's view up to date from a peer: at start (a late joiner), after a gap in a peer's
 * sequence, and after a split brain heals. The member asks the oldest trusted peer (the one with
 * the longest-lived view) on the control topic; the peer streams its whole view in sealed chunks on
 * a topic only the requester listens to. A request that stalls (the peer died, a chunk was lost) is
 * abandoned after the snapshot timeout and sent to the next peer.
 *
 * <p>Snapshot readings merge like any other: a reading never replaces a newer one, so the live
 * stream and the snapshot may interleave freely.
 *
 * <p>All state is confined to one thread, which also serves other members' requests.
 */
public final class SnapshotSync implements AutoCloseable {
  public static final String SNAPSHOT_PREFIX = "plantmesh.snapshot.";
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSync.class);

  private final HazelcastInstance hz;
  private final UUID self;
  private final Membership membership;
  private final Envelopes envelopes;
  private final Fanout control;
  private final LocalView view;
  private final int chunkSize;
  private final Duration timeout;
  private final Counters counters;
  private final ScheduledExecutorService exec;
  private final CountDownLatch synced = new CountDownLatch(1);

  /** A request under way; {@code progress} is the nanoTime of its last chunk (or its start). */
  private record Pending(UUID id, MeshMember responder, int next, long progress) {}

  private Pending pending;
  private int attempt;

  public SnapshotSync(
      HazelcastInstance hz,
      UUID self,
      String memberName,
      Membership membership,
      Envelopes envelopes,
      Fanout control,
      LocalView view,
      int chunkSize,
      Duration timeout,
      Counters counters) {
    this.hz = hz;
    this.self = self;
    this.membership = membership;
    this.envelopes = envelopes;
    this.control = control;
    this.view = view;
    this.chunkSize = chunkSize;
    this.timeout = timeout;
    this.counters = counters;
    this.exec =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-snapshot-" + memberName);
              t.setDaemon(true);
              return t;
            });
  }

  /** The topic this member receives its snapshots on. */
  public static String topicOf(UUID requester) {
    return SNAPSHOT_PREFIX + requester;
  }

  public boolean isSynced() {
    return synced.getCount() == 0;
  }

  public boolean awaitSynced(Duration d) throws InterruptedException {
    return synced.await(d.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Asks a peer for its table, unless a request is already under way. */
  public void requestSync(String reason) {
    submit(
        () -> {
          if (pending == null) {
            LOG.info("Requesting a tag table snapshot: {}", reason);
            request();
          }
        });
  }

  public void onRequest(MeshMessages.SnapshotRequest q, UUID requester) {
    if (q.responder().equals(self)) {
      submit(() -> serve(q.requestId(), requester));
    }
  }

  public void onChunk(MeshMessages.SnapshotChunk c, UUID sender) {
    submit(() -> chunk(c, sender));
  }

  private void request() {
    List<MeshMember> peers =
        membership.view().members().stream().filter(m -> m.trusted() && !m.local()).toList();
    if (peers.isEmpty()) {
      done("no trusted peer to ask: this member starts the table");
      return;
    }
    MeshMember responder = peers.get(attempt % peers.size());
    UUID id = UUID.randomUUID();
    pending = new Pending(id, responder, 0, System.nanoTime());
    counters.snapshotsRequested.increment();
    control.publish(
        envelopes.seal(control.name(), new MeshMessages.SnapshotRequest(id, responder.memberId())));
    exec.schedule(() -> expire(id), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Abandons a request only when no chunk arrived for a whole timeout: big tables take long. */
  private void expire(UUID id) {
    if (pending != null && pending.id().equals(id)) {
      long quiet = System.nanoTime() - pending.progress();
      if (quiet < timeout.toNanos()) {
        exec.schedule(() -> expire(id), timeout.toNanos() - quiet, TimeUnit.NANOSECONDS);
        return;
      }
      LOG.warn(
          "Snapshot from {} ({}) incomplete after {}: asking the next peer",
          pending.responder().name(),
          pending.responder().address(),
          timeout);
      retry();
    }
  }

  private void retry() {
    pending = null;
    attempt++;
    request();
  }

  private void chunk(MeshMessages.SnapshotChunk c, UUID sender) {
    Pending p = pending;
    if (p == null || !c.requestId().equals(p.id())) {
      LOG.debug("Ignoring a chunk of an abandoned snapshot request {}", c.requestId());
      return;
    }
    if (!sender.equals(p.responder().memberId())) {
      counters.refusedUntrusted.increment();
      LOG.warn(
          "Refused a snapshot chunk from {}: the request went to {}", sender, p.responder().name());
      return;
    }
    if (c.index() != p.next()) {
      LOG.warn(
          "Snapshot from {}: chunk {} arrived where {} was expected; asking again",
          p.responder().name(),
          c.index(),
          p.next());
      retry();
      return;
    }
    counters.readingsReceived.add(c.readings().size());
    view.enqueue(c.readings());
    pending = new Pending(p.id(), p.responder(), p.next() + 1, System.nanoTime());
    if (c.last()) {
      counters.snapshotsCompleted.increment();
      done("snapshot of " + (p.next() + 1) + " chunks from " + p.responder().name());
    }
  }

  private void done(String how) {
    pending = null;
    attempt = 0;
    if (synced.getCount() > 0) {
      LOG.info("Tag table in sync ({})", how);
    }
    synced.countDown();
  }

  private void serve(UUID requestId, UUID requester) {
    String name = topicOf(requester);
    ITopic<byte[]> topic = hz.getTopic(name);
    List<Reading> chunk = new ArrayList<>(chunkSize);
    int index = 0;
    int total = 0;
    for (Reading r : view.values()) {
      chunk.add(r);
      if (chunk.size() == chunkSize) {
        topic.publish(
            envelopes.seal(name, new MeshMessages.SnapshotChunk(requestId, index++, false, chunk)));
        total += chunk.size();
        chunk = new ArrayList<>(chunkSize);
      }
    }
    topic.publish(
        envelopes.seal(name, new MeshMessages.SnapshotChunk(requestId, index++, true, chunk)));
    total += chunk.size();
    counters.snapshotsServed.increment();
    LOG.info("Served a snapshot of {} readings in {} chunks to member {}", total, index, requester);
  }

  private void submit(Runnable r) {
    try {
      exec.execute(
          () -> {
            try {
              r.run();
            } catch (RuntimeException e) {
              // Hazelcast shutting down under us, typically; the next request retries.
              LOG.warn("Snapshot step failed: {}", e.toString());
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Snapshot step after close ignored");
    }
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
