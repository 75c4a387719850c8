package io.plantmesh.cluster.uplink.internal;

import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.uplink.PeerUplink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which peer a node sends through: one at a time, kept while it works (so that batches go out in
 * order through one producer), chosen anew, UP before DEGRADED, when it fails or leaves. A peer
 * that refused (its link DOWN, it does not trust this member) is passed over for a while when
 * another is available.
 */
final class PeerChoice {
  private static final Logger LOG = LoggerFactory.getLogger(PeerChoice.class);
  private static final Duration AVOID = Duration.ofSeconds(5);

  /** The peer in use, with this node's stream of batches to it. */
  static final class Peer {
    final MeshMember member;
    final UUID stream = UUID.randomUUID();
    final AtomicLong seq = new AtomicLong();

    Peer(MeshMember member) {
      this.member = member;
    }

    UUID id() {
      return member.memberId();
    }

    String name() {
      return member.name();
    }
  }

  private final Map<UUID, Instant> avoided = new ConcurrentHashMap<>();
  private final LongAdder changes = new LongAdder();
  private Peer current;

  synchronized Peer current() {
    return current;
  }

  /** The peer to send the next batch through, or null when no peer has a working uplink. */
  synchronized Peer choose(List<PeerUplink> withUplink) {
    if (current != null) {
      for (PeerUplink p : withUplink) {
        if (p.member().memberId().equals(current.id())) {
          return current;
        }
      }
    }
    List<PeerUplink> order = preferred(withUplink);
    return order.isEmpty() ? null : use(order.get(0));
  }

  /** {@code candidates} in the order to try them: the current peer, the others, the avoided. */
  synchronized List<PeerUplink> preferred(List<PeerUplink> candidates) {
    Instant now = Instant.now();
    avoided.values().removeIf(until -> until.isBefore(now));
    List<PeerUplink> first = new ArrayList<>();
    List<PeerUplink> rest = new ArrayList<>();
    List<PeerUplink> last = new ArrayList<>();
    for (PeerUplink p : candidates) {
      UUID id = p.member().memberId();
      if (current != null && id.equals(current.id())) {
        first.add(p);
      } else if (avoided.containsKey(id)) {
        last.add(p);
      } else {
        rest.add(p);
      }
    }
    first.addAll(rest);
    first.addAll(last);
    return first;
  }

  /** Sends through {@code p} from now on (a new stream unless it is the current peer). */
  synchronized Peer use(PeerUplink p) {
    avoided.remove(p.member().memberId());
    if (current != null && current.id().equals(p.member().memberId())) {
      return current;
    }
    current = new Peer(p.member());
    changes.increment();
    LOG.info("Uplink: sending through peer {} ({})", p.name(), p.describe());
    return current;
  }

  /** {@code p} failed: the next batch chooses again (a new stream even if it is {@code p}). */
  synchronized void drop(Peer p, boolean avoid) {
    if (avoid) {
      avoided.put(p.id(), Instant.now().plus(AVOID));
    }
    if (current == p) {
      current = null;
    }
  }

  /** The member left: forget it. */
  synchronized void left(UUID memberId) {
    if (current != null && current.id().equals(memberId)) {
      current = null;
    }
    avoided.remove(memberId);
  }

  long changes() {
    return changes.sum();
  }
}
