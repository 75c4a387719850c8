package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.core.Reading;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a member's view up to date from a peer: at start (a late joiner asks the oldest trusted
 * peer, whose view has lived longest, for everything), after a gap in a peer's sequence (it asks
 * that peer for the readings it collected itself: nobody else is sure to have them), and after a
 * split brain heals. The request goes out on the control topic; the peer streams its view in sealed
 * chunks on a topic only the requester listens to. A request with no progress for the snapshot
 * timeout (the peer died, a chunk was lost) goes to the next peer.
 *
 * <p>Snapshot readings merge like any other: a reading never replaces a newer one, so the live
 * stream and a snapshot may interleave freely. Chunks carry each reading's source id (grouped by
 * source), so that the requester knows where to route a write for any tag it learned this way.
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

  /** A snapshot wanted: from {@code preferred} if it is alive, of {@code origin}'s readings. */
  private record Want(String reason, UUID preferred, String origin, boolean initial) {}

  /** A request under way; {@code progress} is the nanoTime of its last chunk (or its start). */
  private record Pending(UUID id, MeshMember responder, int next, long progress) {}

  private final Deque<Want> wanted = new ArrayDeque<>();
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

  /** Asks the oldest trusted peer for its whole table. */
  public void requestSync(String reason) {
    want(new Want(reason, null, "", true));
  }

  /**
   * Asks {@code sender} (or, if it is gone, any peer) for the readings {@code sender} collected.
   */
  public void requestRepair(UUID sender) {
    MeshMember m = membership.view().byId().get(sender);
    String origin = m == null ? "" : m.identity().map(i -> i.name()).orElse("");
    want(new Want("gap in the sequence of member " + sender, sender, origin, false));
  }

  /** Asks {@code member}, which rejoined after a split brain, for its whole table. */
  public void requestFromMerged(UUID member) {
    want(new Want("member " + member + " rejoined after a split brain", member, "", false));
  }

  private void want(Want w) {
    submit(
        () -> {
          boolean dup =
              wanted.stream()
                  .anyMatch(x -> x.origin().equals(w.origin()) && x.initial() == w.initial());
          if (!dup) {
            LOG.info("Tag table snapshot wanted: {}", w.reason());
            wanted.add(w);
            next();
          }
        });
  }

  public void onRequest(MeshMessages.SnapshotRequest q, UUID requester) {
    if (q.responder().equals(self)) {
      submit(() -> serve(q, requester));
    }
  }

  public void onChunk(MeshMessages.SnapshotChunk c, UUID sender) {
    submit(() -> chunk(c, sender));
  }

  private void next() {
    if (pending != null || wanted.isEmpty()) {
      return;
    }
    Want w = wanted.peek();
    List<MeshMember> peers =
        membership.view().members().stream().filter(m -> m.trusted() && !m.local()).toList();
    if (peers.isEmpty()) {
      done("no trusted peer to ask: this member's view is the table");
      return;
    }
    if (!w.initial() && attempt >= 2 * peers.size()) {
      LOG.warn("Giving up on a snapshot ({}) after {} attempts", w.reason(), attempt);
      done("gave up");
      return;
    }
    MeshMember responder = null;
    if (w.preferred() != null && attempt == 0) {
      responder =
          peers.stream().filter(m -> w.preferred().equals(m.memberId())).findFirst().orElse(null);
    }
    if (responder == null) {
      responder = peers.get(attempt % peers.size());
    }
    UUID id = UUID.randomUUID();
    pending = new Pending(id, responder, 0, System.nanoTime());
    counters.snapshotsRequested.increment();
    control.publish(
        envelopes.seal(
            control.name(),
            new MeshMessages.SnapshotRequest(id, responder.memberId(), w.origin())));
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
          "Snapshot from {} ({}) made no progress for {}: asking the next peer",
          pending.responder().name(),
          pending.responder().address(),
          timeout);
      retry();
    }
  }

  private void retry() {
    pending = null;
    attempt++;
    next();
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
    counters.readingsReceived.add(c.size());
    view.enqueue(c.groups());
    pending = new Pending(p.id(), p.responder(), p.next() + 1, System.nanoTime());
    if (c.last()) {
      counters.snapshotsCompleted.increment();
      done("snapshot of " + (p.next() + 1) + " chunks from " + p.responder().name());
    }
  }

  private void done(String how) {
    Want w = wanted.poll();
    pending = null;
    attempt = 0;
    if (w != null && w.initial() && synced.getCount() > 0) {
      // In sync once the snapshot is applied, not merely queued.
      view.afterQueued(
          () -> {
            if (synced.getCount() > 0) {
              LOG.info("Tag table in sync ({})", how);
              synced.countDown();
            }
          });
    }
    next();
  }

  private void serve(MeshMessages.SnapshotRequest q, UUID requester) {
    String name = topicOf(requester);
    ITopic<byte[]> topic = hz.getTopic(name);
    Map<String, List<Reading>> chunk = new LinkedHashMap<>();
    int inChunk = 0;
    int index = 0;
    int total = 0;
    for (LocalView.Held h : view.held()) {
      Reading r = h.reading();
      if (!q.origin().isEmpty() && !q.origin().equals(r.originNode())) {
        continue;
      }
      chunk.computeIfAbsent(h.sourceId(), k -> new ArrayList<>()).add(r);
      if (++inChunk == chunkSize) {
        topic.publish(
            envelopes.seal(
                name,
                new MeshMessages.SnapshotChunk(q.requestId(), index++, false, groups(chunk))));
        total += inChunk;
        chunk.clear();
        inChunk = 0;
      }
    }
    topic.publish(
        envelopes.seal(
            name, new MeshMessages.SnapshotChunk(q.requestId(), index++, true, groups(chunk))));
    total += inChunk;
    counters.snapshotsServed.increment();
    LOG.info(
        "Served a snapshot of {} readings{} in {} chunks to member {}",
        total,
        q.origin().isEmpty() ? "" : " collected by " + q.origin(),
        index,
        requester);
  }

  private static List<SourceBatch> groups(Map<String, List<Reading>> bySource) {
    List<SourceBatch> groups = new ArrayList<>(bySource.size());
    bySource.forEach((sourceId, readings) -> groups.add(new SourceBatch(sourceId, readings)));
    return groups;
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
    } catch (RejectedExecutionException e) {
      LOG.debug("Snapshot step after close ignored");
    }
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
