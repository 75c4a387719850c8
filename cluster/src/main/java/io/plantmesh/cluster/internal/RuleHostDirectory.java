package io.plantmesh.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.MeshMembershipListener;
import io.plantmesh.cluster.Registration;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which members evaluate which rules: each member that runs a rule host publishes the ids of its
 * rules, sealed by itself, to a small replicated map; every member reads it locally. A member is
 * eligible to own a rule only when it is trusted and its entry names the rule, so that a node
 * started without rules (or with another rule set, in a rolling update) is never handed one.
 *
 * <p>The decoded view is rebuilt on every entry event of the map, and read again every {@code
 * resync}: Hazelcast changes a replicated map without entry events when a split brain heals (the
 * partition owner stores a merged entry silently, and a rejoining member's copy is emptied and
 * refilled), so a view kept by events alone would leave the rejoined member out of the others'
 * view, or the others out of its own, for good. An entry that does not open, or that a member
 * sealed for another member's key, is left out and counted. Entries of members that left are
 * removed by whoever sees them leave; until then they are ignored (only live members are eligible).
 * A member puts its own entry back when it finds it gone (removed by the other side of a partition
 * while it was cut off).
 */
public final class RuleHostDirectory implements AutoCloseable {
  public static final String MAP = "plantmesh.rules.hosts";
  private static final Logger LOG = LoggerFactory.getLogger(RuleHostDirectory.class);
  private static final int FORMAT = 1;

  private final ReplicatedMap<String, byte[]> map;
  private final UUID self;
  private final Sealer sealer;
  private final Counters counters;
  private final Runnable onChange;
  private final Registration membership;
  private final ScheduledExecutorService background;
  private final UUID listener;
  private volatile Map<UUID, Set<String>> hosts = Map.of();

  /** This member's entry as last published (sealed), or null before the first publish. */
  private volatile byte[] published;

  private volatile boolean closed;

  /**
   * @param resync how often the map is read again besides its entry events, and this member's entry
   *     put back if it is gone (the ownership check interval)
   * @param onChange run when the view may have changed
   */
  public RuleHostDirectory(
      com.hazelcast.core.HazelcastInstance hz,
      UUID self,
      Sealer sealer,
      Membership members,
      Counters counters,
      String selfName,
      Duration resync,
      Runnable onChange) {
    this.map = hz.getReplicatedMap(MAP);
    this.self = self;
    this.sealer = sealer;
    this.counters = counters;
    this.onChange = onChange;
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-rule-hosts-" + selfName);
              t.setDaemon(true);
              return t;
            });
    this.listener = map.addEntryListener(new Changes());
    this.membership =
        members.addListener(
            new MeshMembershipListener() {
              @Override
              public void memberLeft(MeshMember m) {
                if (m.memberId() != null) {
                  // Off the Hazelcast event thread: a replicated map write is not free.
                  try {
                    background.execute(() -> remove(m.memberId()));
                  } catch (RejectedExecutionException e) {
                    // Closing: whoever stays removes it.
                  }
                }
              }
            });
    rebuild();
    long ms = resync.toMillis();
    background.scheduleWithFixedDelay(this::resync, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Publishes the rules this member evaluates (ownership ids). */
  public void publish(Collection<String> ruleIds) {
    Bytes.Writer w = new Bytes.Writer(64 + ruleIds.size() * 24);
    w.u8(FORMAT).varLong(ruleIds.size());
    new TreeSet<>(ruleIds).forEach(w::string);
    byte[] sealed = sealer.seal(structure(self), self, w.toByteArray());
    published = sealed;
    map.put(self.toString(), sealed);
    rebuild();
  }

  /**
   * The members of {@code members} that may own {@code ruleId}: trusted, with it in their entry.
   */
  public List<MeshMember> eligible(Collection<MeshMember> members, String ruleId) {
    Map<UUID, Set<String>> h = hosts;
    return members.stream()
        .filter(MeshMember::trusted)
        .filter(
            m -> m.memberId() != null && h.getOrDefault(m.memberId(), Set.of()).contains(ruleId))
        .toList();
  }

  /**
   * Puts this member's entry back if it is gone or not the one it published, then reads the map
   * again, and runs {@code onChange} if the view changed.
   */
  private void resync() {
    if (closed) {
      return;
    }
    byte[] mine = published;
    try {
      if (mine != null && !Arrays.equals(mine, map.get(self.toString()))) {
        LOG.info("This member's rule host entry was gone or replaced; publishing it again");
        map.put(self.toString(), mine);
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not check the rule host entry of this member: {}", e.toString());
    }
    try {
      if (rebuild()) {
        onChange.run();
      }
    } catch (RuntimeException e) {
      // A failure must not end the schedule: the next resync tries again.
      LOG.warn("Reading the rule host directory again failed: {}", e.toString(), e);
    }
  }

  /** Decodes the map into the view; whether the view changed. */
  private synchronized boolean rebuild() {
    Map<UUID, Set<String>> next = new HashMap<>();
    for (Map.Entry<String, byte[]> e : entries()) {
      try {
        UUID member = UUID.fromString(e.getKey());
        Sealer.Opened o = sealer.open(structure(member), e.getValue());
        if (!o.sender().equals(member)) {
          throw new SealException("sealed by " + o.sender() + ", not by " + member);
        }
        Bytes.Reader in = new Bytes.Reader(o.plaintext());
        if (in.u8() != FORMAT) {
          throw new SealException("unknown format of a rule host entry");
        }
        int n = in.count();
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < n; i++) {
          ids.add(in.string());
        }
        next.put(member, Set.copyOf(ids));
      } catch (SealException | IllegalArgumentException ex) {
        counters.ownershipRecordsRefused.increment();
        LOG.debug("Ignoring the rule host entry {}: {}", e.getKey(), ex.toString());
      }
    }
    Map<UUID, Set<String>> previous = hosts;
    hosts = Map.copyOf(next);
    return !hosts.equals(previous);
  }

  private List<Map.Entry<String, byte[]>> entries() {
    try {
      return List.copyOf(map.entrySet());
    } catch (RuntimeException e) {
      return List.of(); // shutting down
    }
  }

  private void remove(UUID member) {
    try {
      map.remove(member.toString());
    } catch (RuntimeException e) {
      LOG.debug("Could not remove the rule host entry of {}: {}", member, e.toString());
    }
  }

  private static String structure(UUID member) {
    return MAP + "/" + member;
  }

  /** Removes this member's entry: the others stop placing rules on it at once. */
  @Override
  public void close() {
    closed = true;
    membership.close();
    background.shutdownNow();
    try {
      // A resync running now must not put the entry back after it is removed.
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      map.removeEntryListener(listener);
    } catch (RuntimeException e) {
      // Shutting down.
    }
    remove(self);
  }

  private final class Changes implements EntryListener<String, byte[]> {
    private void changed() {
      rebuild();
      onChange.run();
    }

    @Override
    public void entryAdded(EntryEvent<String, byte[]> e) {
      changed();
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> e) {
      changed();
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> e) {
      changed();
    }

    @Override
    public void entryEvicted(EntryEvent<String, byte[]> e) {
      changed();
    }

    @Override
    public void entryExpired(EntryEvent<String, byte[]> e) {
      changed();
    }

    @Override
    public void mapCleared(MapEvent e) {
      changed();
    }

    @Override
    public void mapEvicted(MapEvent e) {
      changed();
    }
  }
}
