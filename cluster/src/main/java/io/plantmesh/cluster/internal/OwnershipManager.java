package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.MeshMembershipListener;
import io.plantmesh.cluster.OwnershipListener;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.SourceOwnership;
import io.plantmesh.cluster.SourceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this member's share of source ownership: acquires the sources it is the desired owner of,
 * hands over the ones it no longer should own, and stops the ones it finds it lost.
 *
 * <p>The authoritative record of each source lives in the ownership IMap and changes only by
 * compare-and-set, on a side of the mesh that has quorum. Handover: the owner stops its source and
 * then marks the record RELEASED; the desired owner acquires (epoch + 1) only a RELEASED record or
 * one whose owner is no longer a member. So in the majority's view there are never two active
 * owners. Evaluations run on one thread, on membership, quorum and record events and on a timer
 * (the safety net for an event missed or a change refused).
 *
 * <p>A handover is warm ({@link Standbys}): the desired owner stands by and reports ready, and only
 * then does the owner stop and release; after the handover timeout it does so anyway.
 */
public final class OwnershipManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnershipManager.class);

  /** A source this member collects, at its epoch. */
  private record Held(long epoch, Instant since) {}

  private final OwnershipDomain domain;
  private final IMap<String, byte[]> map;
  private final UUID self;
  private final String selfName;
  private final Membership membership;
  private final Sealer sealer;
  private final TrustedQuorum quorum;
  private final Counters counters;
  private final ScheduledExecutorService exec;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final Map<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
  private final RateLimitedLog problems = new RateLimitedLog(LOG, 100);
  private final Registration membershipRegistration;
  private final Standbys standbys;

  /** Confined to the ownership thread. */
  private final Map<String, Long> highestEpoch = new HashMap<>();

  private final Map<String, Long> lastOverwrite = new HashMap<>();
  private final long checkIntervalNanos;

  private final Set<String> placementWarned = ConcurrentHashMap.newKeySet();
  private volatile Map<String, SourceSpec> specs = Map.of();
  private volatile OwnershipListener listener;
  private volatile Map<String, SourceOwnership> view = Map.of();
  private volatile boolean closed;

  public OwnershipManager(
      OwnershipDomain domain,
      HazelcastInstance hz,
      UUID self,
      String selfName,
      Membership membership,
      Sealer sealer,
      TrustedQuorum quorum,
      Duration checkInterval,
      Duration handoverTimeout,
      Counters counters) {
    this.domain = domain;
    this.map = hz.getMap(domain.recordMap());
    this.self = self;
    this.selfName = selfName;
    this.membership = membership;
    this.sealer = sealer;
    this.quorum = quorum;
    this.counters = counters;
    this.checkIntervalNanos = checkInterval.toNanos();
    this.exec =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t =
                  new Thread(
                      r,
                      "plantmesh-ownership-"
                          + (domain == OwnershipDomain.SOURCES ? "" : domain.noun() + "s-")
                          + selfName);
              t.setDaemon(true);
              return t;
            });
    this.membershipRegistration =
        membership.addListener(
            new MeshMembershipListener() {
              @Override
              public void memberJoined(MeshMember member) {
                triggerSoon();
              }

              @Override
              public void memberLeft(MeshMember member) {
                triggerSoon();
              }
            });
    this.standbys =
        new Standbys(
            domain, hz, self, sealer, counters, problems, exec, this::trigger, handoverTimeout);
    // Any change of a record may make this member the desired owner of a released source.
    map.addEntryListener(new EntryEvents<String, byte[]>(this::trigger), false);
    exec.scheduleWithFixedDelay(
        this::trigger, checkInterval.toMillis(), checkInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Declares the sources this member takes part in owning; once. */
  public void declare(Collection<SourceSpec> sources, OwnershipListener l) {
    Map<String, SourceSpec> m = new LinkedHashMap<>();
    for (SourceSpec s : sources) {
      if (m.put(s.id(), s) != null) {
        throw new IllegalArgumentException(domain.noun() + " " + s.id() + " is declared twice");
      }
    }
    synchronized (this) {
      if (listener != null) {
        throw new IllegalStateException(
            domain.noun() + "s are already declared on this mesh member");
      }
      listener = java.util.Objects.requireNonNull(l, "listener");
      specs = Collections.unmodifiableMap(m);
    }
    LOG.info("Taking part in owning {} {}(s): {}", m.size(), domain.noun(), m.keySet());
    trigger();
  }

  /** Who owns each declared source, as of the last evaluation. */
  public Map<String, SourceOwnership> view() {
    return view;
  }

  /**
   * Every source's record in the mesh, including sources this member did not declare (read from the
   * map now; records that do not open under the cluster key are left out and counted).
   */
  public Map<String, SourceOwnership> plantView() {
    Map<String, SourceOwnership> out = new TreeMap<>(view);
    Map<String, byte[]> all;
    try {
      all = Map.copyOf(map);
    } catch (RuntimeException e) {
      problems.warn("Cannot read the ownership records: {}", e.toString());
      return out;
    }
    all.forEach(
        (id, stored) -> {
          if (!out.containsKey(id)) {
            try {
              out.put(
                  id, describe(id, OwnershipRecord.open(sealer, domain.recordMap(), id, stored)));
            } catch (SealException e) {
              counters.ownershipRecordsRefused.increment();
            }
          }
        });
    return out;
  }

  /** The sources this member collects now, with their epochs. */
  public Map<String, Long> held() {
    Map<String, Long> out = new TreeMap<>();
    held.forEach((k, v) -> out.put(k, v.epoch()));
    return out;
  }

  /**
   * Holds {@code sourceId} at {@code epoch} against release until the returned lease is closed (a
   * write in progress finishes before a handover stops the source).
   *
   * @return the lease, or null when this member does not hold the source at that epoch
   */
  public Registration lease(String sourceId, long epoch) {
    ReentrantReadWriteLock lock =
        locks.computeIfAbsent(sourceId, k -> new ReentrantReadWriteLock());
    lock.readLock().lock();
    Held h = held.get(sourceId);
    if (h == null || h.epoch() != epoch) {
      lock.readLock().unlock();
      return null;
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        lock.readLock().unlock();
      }
    };
  }

  /** The sources this member stands by for, to own them next (warm handover). */
  public Set<String> standby() {
    return standbys.sources();
  }

  /** The epoch this member holds {@code sourceId} at, or 0. */
  public long heldEpoch(String sourceId) {
    Held h = held.get(sourceId);
    return h == null ? 0 : h.epoch();
  }

  /** Re-evaluates soon; coalesces with an evaluation already waiting. */
  public void trigger() {
    if (!closed && scheduled.compareAndSet(false, true)) {
      try {
        exec.execute(this::evaluate);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
      }
    }
  }

  /**
   * Now, and once more shortly after: Hazelcast updates its split-brain protection on its own
   * thread after a membership change, possibly after this evaluation has looked.
   */
  private void triggerSoon() {
    trigger();
    try {
      exec.schedule(this::trigger, 200, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }

  private void evaluate() {
    scheduled.set(false);
    Map<String, SourceSpec> s = specs;
    if (closed || s.isEmpty()) {
      return;
    }
    standbys.sweep();
    Membership.View v = membership.view();
    boolean q = quorum.hasQuorum();
    Map<String, byte[]> stored;
    try {
      stored = map.getAll(s.keySet());
    } catch (RuntimeException e) {
      problems.warn("Cannot read the ownership records: {}", e.toString());
      return;
    }
    Map<String, SourceOwnership> next = new TreeMap<>();
    for (SourceSpec spec : s.values()) {
      try {
        next.put(spec.id(), evaluate(spec, stored.get(spec.id()), v, q));
      } catch (SplitBrainProtectionException e) {
        LOG.info(
            "No quorum to change the ownership of {} {}: {}",
            domain.noun(),
            spec.id(),
            e.getMessage());
        next.put(spec.id(), view.getOrDefault(spec.id(), unowned(spec.id())));
      } catch (RuntimeException e) {
        problems.warn("Evaluating the ownership of {} failed: {}", spec.id(), e.toString());
        next.put(spec.id(), view.getOrDefault(spec.id(), unowned(spec.id())));
      }
    }
    view = Collections.unmodifiableMap(next);
  }

  private SourceOwnership evaluate(
      SourceSpec spec, byte[] stored, Membership.View v, boolean hasQuorum) {
    String id = spec.id();
    OwnershipRecord rec = null;
    if (stored != null) {
      try {
        rec = OwnershipRecord.open(sealer, domain.recordMap(), id, stored);
        highestEpoch.merge(id, rec.epoch(), Math::max);
        if (!rec.placement().equals(spec.placement())
            && placementWarned.add(id + "\n" + rec.placement())) {
          LOG.warn(
              "{} {}: {} declared placement '{}', this member '{}'; every member must declare"
                  + " the same placement, or it moves back and forth",
              domain.noun(),
              id,
              rec.ownerName(),
              rec.placement(),
              spec.placement());
        }
      } catch (SealException e) {
        counters.ownershipRecordsRefused.increment();
        problems.warn("The ownership record of {} was refused: {}", id, e.getMessage());
      }
    }
    List<MeshMember> eligible = domain.eligibility().eligible(v.members(), id);
    MeshMember desired = Placement.desired(spec, eligible);
    boolean iAmDesired = desired != null && self.equals(desired.memberId());
    SourceOwnership out = decide(spec, stored, rec, desired, iAmDesired, eligible, v, hasQuorum);
    return Succession.withStandby(out, Succession.standbyOf(spec, out, desired, eligible, v));
  }

  /** Acts on the record: keeps, hands over, stops, acquires, stands by or not. */
  private SourceOwnership decide(
      SourceSpec spec,
      byte[] stored,
      OwnershipRecord rec,
      MeshMember desired,
      boolean iAmDesired,
      List<MeshMember> eligible,
      Membership.View v,
      boolean hasQuorum) {
    String id = spec.id();
    Held mine = held.get(id);
    long now = System.currentTimeMillis();

    if (mine != null) {
      if (stored == null || rec == null) {
        // The record is gone (more members lost than there are backups), or something without
        // the key overwrote it: keep collecting and put ours back, at most once per interval so
        // that a member with another key cannot drive a tight loop of overwrites.
        OwnershipRecord ours =
            new OwnershipRecord(id, self, selfName, mine.epoch(), true, now, spec.placement());
        if (hasQuorum && mayOverwrite(id)) {
          byte[] sealed = ours.seal(sealer, domain.recordMap());
          if (stored == null) {
            map.putIfAbsent(id, sealed);
          } else {
            map.replace(id, stored, sealed);
          }
        }
        return describe(id, ours);
      }
      boolean ours =
          rec != null && rec.active() && rec.owner().equals(self) && rec.epoch() == mine.epoch();
      if (!ours) {
        counters.ownershipsLost.increment();
        stop(id, mine, "the record names " + rec.ownerName() + " at epoch " + rec.epoch());
        return describe(id, rec);
      }
      if (desired == null || iAmDesired) {
        standbys.noHandover(id);
      } else if (hasQuorum && standbys.mayHandOver(id, desired, mine.epoch())) {
        // Stop first, release second: the next owner starts only after we stopped.
        stop(id, mine, "handing over to " + desired.name());
        OwnershipRecord released = rec.released(now);
        if (map.replace(id, stored, released.seal(sealer, domain.recordMap()))) {
          counters.ownershipsHandedOver.increment();
          return describe(id, released);
        }
      }
      return describe(id, rec);
    }
    SourceOwnership out = notHeld(spec, stored, rec, iAmDesired, v, hasQuorum);
    boolean successor = Succession.isHotSuccessor(spec, rec, desired, eligible, self);
    standbys.reconcile(
        id, listener, held.containsKey(id), rec, desired, iAmDesired, successor, v, hasQuorum);
    return out;
  }

  /** Acquires the source if this member should and may; for a source this member does not hold. */
  private SourceOwnership notHeld(
      SourceSpec spec,
      byte[] stored,
      OwnershipRecord rec,
      boolean iAmDesired,
      Membership.View v,
      boolean hasQuorum) {
    String id = spec.id();
    long now = System.currentTimeMillis();
    if (rec != null && rec.active() && rec.owner().equals(self)) {
      // Our record, but we do not collect: a release that failed after we stopped.
      if (!hasQuorum) {
        return describe(id, rec);
      }
      if (!iAmDesired) {
        OwnershipRecord released = rec.released(now);
        return map.replace(id, stored, released.seal(sealer, domain.recordMap()))
            ? describe(id, released)
            : describe(id, rec);
      }
      return acquire(spec, stored, rec.epoch() + 1, "resuming after an interrupted handover");
    }
    if (!hasQuorum || !iAmDesired) {
      return describe(id, rec);
    }
    long next = Math.max(rec == null ? 0 : rec.epoch(), highestEpoch.getOrDefault(id, 0L)) + 1;
    if (stored == null) {
      return acquire(spec, null, next, "nobody owned it");
    }
    if (rec == null) {
      return mayOverwrite(id)
          ? acquire(spec, stored, next, "its record did not open")
          : unowned(id);
    }
    if (!rec.active()) {
      return acquire(spec, stored, next, rec.ownerName() + " released it");
    }
    if (!v.byId().containsKey(rec.owner())) {
      return acquire(spec, stored, next, "its owner " + rec.ownerName() + " left the mesh");
    }
    return describe(id, rec); // the owner is alive: it hands over when it sees us
  }

  /** At most one overwrite of an unreadable record per source and check interval. */
  private boolean mayOverwrite(String id) {
    long now = System.nanoTime();
    Long last = lastOverwrite.get(id);
    if (last != null && now - last < checkIntervalNanos) {
      return false;
    }
    lastOverwrite.put(id, now);
    return true;
  }

  private SourceOwnership acquire(SourceSpec spec, byte[] expected, long epoch, String why) {
    String id = spec.id();
    OwnershipRecord r =
        new OwnershipRecord(
            id, self, selfName, epoch, true, System.currentTimeMillis(), spec.placement());
    byte[] sealed = r.seal(sealer, domain.recordMap());
    boolean won =
        expected == null ? map.putIfAbsent(id, sealed) == null : map.replace(id, expected, sealed);
    if (!won) {
      LOG.debug("Lost the race to acquire {} at epoch {}", id, epoch);
      return view.getOrDefault(id, unowned(id));
    }
    highestEpoch.put(id, epoch);
    held.put(id, new Held(epoch, Instant.ofEpochMilli(r.sinceMillis())));
    counters.ownershipsAcquired.increment();
    LOG.info("Acquired {} {} at epoch {} ({})", domain.noun(), id, epoch, why);
    try {
      listener.onAcquired(id, epoch);
    } catch (RuntimeException e) {
      counters.ownershipListenerFailures.increment();
      LOG.warn(
          "The ownership listener failed to start {} {}: {}", domain.noun(), id, e.toString(), e);
    }
    return describe(id, r);
  }

  /** Stops the source locally; writes in progress on it finish first. */
  private void stop(String id, Held h, String why) {
    ReentrantReadWriteLock lock = locks.computeIfAbsent(id, k -> new ReentrantReadWriteLock());
    lock.writeLock().lock();
    try {
      held.remove(id);
      standbys.noHandover(id);
      LOG.info("Stopping {} {} at epoch {} ({})", domain.noun(), id, h.epoch(), why);
      try {
        listener.onReleased(id, h.epoch());
      } catch (RuntimeException e) {
        counters.ownershipListenerFailures.increment();
        LOG.warn(
            "The ownership listener failed to stop {} {}: {}", domain.noun(), id, e.toString(), e);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private SourceOwnership describe(String id, OwnershipRecord r) {
    if (r == null) {
      return unowned(id);
    }
    Held h = held.get(r.sourceId());
    return new SourceOwnership(
        r.sourceId(),
        r.ownerName(),
        r.owner(),
        r.epoch(),
        r.active() ? SourceOwnership.State.ACTIVE : SourceOwnership.State.RELEASED,
        Instant.ofEpochMilli(r.sinceMillis()),
        h != null && h.epoch() == r.epoch() && r.owner().equals(self));
  }

  private static SourceOwnership unowned(String id) {
    return new SourceOwnership(id, "", null, 0, SourceOwnership.State.UNOWNED, null, false);
  }

  /**
   * Stops every source this member collects and, with quorum, releases it, so that the next owners
   * start at once instead of after this member has left.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    membershipRegistration.close();
    try {
      exec.submit(this::releaseAll).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      LOG.warn("Releasing sources on close failed: {}", e.toString());
    } finally {
      exec.shutdownNow();
    }
  }

  private void releaseAll() {
    if (listener != null) {
      standbys.cancelAll(listener);
    }
    boolean q = quorum.hasQuorum();
    for (Map.Entry<String, Held> e : Map.copyOf(held).entrySet()) {
      String id = e.getKey();
      stop(id, e.getValue(), "the mesh member is closing");
      if (!q) {
        continue;
      }
      try {
        byte[] stored = map.get(id);
        OwnershipRecord rec =
            stored == null ? null : OwnershipRecord.open(sealer, domain.recordMap(), id, stored);
        if (rec != null && rec.active() && rec.owner().equals(self)) {
          map.replace(
              id,
              stored,
              rec.released(System.currentTimeMillis()).seal(sealer, domain.recordMap()));
        }
      } catch (SealException | RuntimeException ex) {
        LOG.info("Could not mark {} released on close: {}", id, ex.toString());
      }
    }
  }
}
