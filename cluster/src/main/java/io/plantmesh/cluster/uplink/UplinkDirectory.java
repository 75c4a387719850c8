package io.plantmesh.cluster.uplink;

import com.hazelcast.replicatedmap.ReplicatedMap;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.MeshMembershipListener;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.uplink.internal.LinkRecord;
import io.plantmesh.cluster.uplink.internal.MeshPeers;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which members can carry records to Kafka: every member publishes its own uplink's state (UP,
 * DEGRADED, DOWN, since when) to a small replicated map, sealed under the cluster key by the member
 * itself; every member reads the others' locally. Entries of members that left are removed, and
 * only trusted members' entries count: an entry that does not open, or whose member is not a
 * trusted member now, is ignored.
 *
 * <p>The last published state is published again every {@code refresh}, so an entry lost (a merge
 * after a split brain, an entry removed by a member without the key) comes back.
 */
public final class UplinkDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UplinkDirectory.class);
  private static final Duration FOLLOW_POLL = Duration.ofMillis(250);
  private static final Duration REASON_EVERY = Duration.ofSeconds(1);

  /** UP before DEGRADED before DOWN; then by name, so every member prefers alike. */
  private static final Comparator<PeerUplink> PREFERENCE =
      Comparator.comparing(PeerUplink::state).thenComparing(PeerUplink::name);

  private final Mesh mesh;
  private final Sealer sealer;
  private final ReplicatedMap<String, byte[]> map;
  private final Duration refresh;
  private final ScheduledExecutorService timer;
  private final Registration membership;
  private final LongAdder ignored = new LongAdder();
  private volatile LinkRecord mine;
  private volatile Instant publishedAt = Instant.MIN;
  private volatile boolean closed;
  private boolean following;

  private UplinkDirectory(Mesh mesh, Duration refresh) {
    this.mesh = mesh;
    this.sealer = MeshPeers.sealer(mesh);
    this.map = mesh.hazelcast().getReplicatedMap(LinkRecord.MAP);
    this.refresh = refresh;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-uplink-directory-" + mesh.name());
              t.setDaemon(true);
              return t;
            });
    this.membership =
        mesh.addMembershipListener(
            new MeshMembershipListener() {
              @Override
              public void memberLeft(MeshMember m) {
                if (m.memberId() != null && !closed) {
                  try {
                    // Off the Hazelcast event thread: a map write waits for the partition owner.
                    timer.execute(() -> remove(m.memberId().toString()));
                  } catch (RejectedExecutionException e) {
                    // Closing: the entry is pruned by whoever stays.
                  }
                }
              }
            });
  }

  /** Starts the directory of {@code mesh}'s uplinks; publishes again every 10 s. */
  public static UplinkDirectory start(Mesh mesh) {
    return start(mesh, Duration.ofSeconds(10));
  }

  /** Starts the directory; this member's last published state is published again every refresh. */
  public static UplinkDirectory start(Mesh mesh, Duration refresh) {
    if (refresh.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("uplink directory refresh: " + refresh + " below 100ms");
    }
    UplinkDirectory d = new UplinkDirectory(mesh, refresh);
    long ms = refresh.toMillis();
    d.timer.scheduleWithFixedDelay(d::tick, ms, ms, TimeUnit.MILLISECONDS);
    return d;
  }

  /**
   * Publishes this member's own uplink state. Writes the map only when the state or its start
   * changed (or at the refresh), so it may be called often.
   */
  public void publish(LinkStatus own) {
    Objects.requireNonNull(own, "own");
    LinkRecord prev = mine;
    Instant now = Instant.now();
    if (prev != null && prev.state() == own.state() && prev.since().equals(own.since())) {
      // Only the reason changed (a DEGRADED link's lateness changes by the second): at most once
      // a second, for people reading why.
      if (prev.reason().equals(own.reason())
          || Duration.between(publishedAt, now).compareTo(REASON_EVERY) < 0) {
        return;
      }
    }
    LinkRecord next =
        new LinkRecord(mesh.memberId(), mesh.name(), own.state(), own.since(), own.reason(), now);
    mine = next;
    if (prev == null || prev.state() != next.state()) {
      LOG.info("Uplink directory: {} publishes its uplink {}", mesh.name(), next.state());
    }
    put(next);
  }

  /**
   * Publishes {@code own} now and whenever its state changes (polled every 250 ms on the
   * directory's thread): e.g. {@code directory.follow(() -> forwarder.links().get(0))}.
   */
  public synchronized void follow(Supplier<LinkStatus> own) {
    Objects.requireNonNull(own, "own");
    if (following) {
      throw new IllegalStateException(
          "the uplink directory of " + mesh.name() + " follows already");
    }
    following = true;
    publish(own.get());
    long ms = FOLLOW_POLL.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            publish(own.get());
          } catch (RuntimeException e) {
            LOG.warn("Uplink directory: could not publish this member's uplink: {}", e.toString());
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Every trusted peer (not this member) that published its uplink, in preference order: UP, then
   * DEGRADED, then DOWN; by name within each.
   */
  public List<PeerUplink> peers() {
    List<PeerUplink> out = new ArrayList<>();
    String self = mesh.memberId().toString();
    for (Map.Entry<String, byte[]> e : entries()) {
      if (e.getKey().equals(self)) {
        continue;
      }
      LinkRecord r;
      try {
        r = LinkRecord.open(sealer, e.getKey(), e.getValue());
      } catch (SealException ex) {
        ignored.increment();
        continue;
      }
      Optional<MeshMember> m = MeshPeers.trusted(mesh, r.member());
      m.ifPresent(
          member ->
              out.add(new PeerUplink(member, r.state(), r.since(), r.reason(), r.publishedAt())));
    }
    out.sort(PREFERENCE);
    return out;
  }

  /** The trusted peers whose uplink is UP or DEGRADED: UP first. */
  public List<PeerUplink> peersWithUplink() {
    return peers().stream().filter(p -> p.state() != LinkState.DOWN).toList();
  }

  /** For messages: each peer's published state, or that none published one. */
  public String describePeers() {
    List<PeerUplink> peers = peers();
    long others = mesh.members().stream().filter(m -> m.trusted() && !m.local()).count();
    if (peers.isEmpty()) {
      return others == 0
          ? "no other trusted member in the mesh"
          : others + " trusted peer(s), none publishes an uplink (none has one configured)";
    }
    List<String> parts = new ArrayList<>();
    peers.forEach(p -> parts.add(p.describe()));
    if (others > peers.size()) {
      parts.add((others - peers.size()) + " other trusted peer(s) without an uplink");
    }
    return String.join("; ", parts);
  }

  /** Entries that did not open or came from no trusted member, ignored so far. */
  public long ignoredEntries() {
    return ignored.sum();
  }

  private List<Map.Entry<String, byte[]>> entries() {
    try {
      return List.copyOf(map.entrySet());
    } catch (RuntimeException e) {
      // The member is shutting down: it knows no peers any more.
      return List.of();
    }
  }

  private void tick() {
    LinkRecord m = mine;
    if (m != null && Duration.between(publishedAt, Instant.now()).compareTo(refresh) >= 0) {
      put(new LinkRecord(m.member(), m.name(), m.state(), m.since(), m.reason(), Instant.now()));
    }
    prune();
  }

  /**
   * Removes entries keyed by no member now in the mesh (trusted or not) that are older than two
   * refreshes or do not open; entries of present members stay (one that joined a moment ago).
   */
  private void prune() {
    java.util.Set<String> present = new java.util.HashSet<>();
    for (MeshMember member : mesh.members()) {
      if (member.memberId() != null) {
        present.add(member.memberId().toString());
      }
    }
    Instant stale = Instant.now().minus(refresh.multipliedBy(2));
    for (Map.Entry<String, byte[]> e : entries()) {
      if (present.contains(e.getKey())) {
        continue;
      }
      try {
        if (LinkRecord.open(sealer, e.getKey(), e.getValue()).publishedAt().isBefore(stale)) {
          remove(e.getKey());
        }
      } catch (SealException ex) {
        remove(e.getKey());
      }
    }
  }

  private void put(LinkRecord r) {
    if (closed) {
      return;
    }
    try {
      map.put(r.member().toString(), r.seal(sealer));
      publishedAt = r.publishedAt();
    } catch (RuntimeException e) {
      LOG.debug("Uplink directory: could not publish ({})", e.toString());
    }
  }

  private void remove(String key) {
    try {
      map.remove(key);
    } catch (RuntimeException e) {
      LOG.debug("Uplink directory: could not remove {} ({})", key, e.toString());
    }
  }

  /** Stops publishing and removes this member's entry: peers stop counting on it at once. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    remove(mesh.memberId().toString());
    closed = true;
    membership.close();
    timer.shutdownNow();
  }
}
