package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.OwnershipListener;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm handover and hot standby, both ends. As the next owner (the desired one, or with hot standby
 * the owner's successor): standby episodes (the listener is told {@link
 * OwnershipListener#onStandby}; when it runs {@code ready}, a sealed {@link StandbyRecord} is
 * published). As the current owner: whether the next owner is ready, or has had {@code
 * mesh.ownership.handover-timeout} to get ready since this member first saw it should hand over.
 *
 * <p>Everything but {@code ready} and {@link #sources()} runs on the ownership thread. The standby
 * map grants nothing: it only tells an owner when to start the unchanged stop-then-release, so a
 * stale or missing record costs at most a cold start or a wait, never two collectors.
 */
final class Standbys {
  private static final Logger LOG = LoggerFactory.getLogger(Standbys.class);

  /** One standby episode of this member: from onStandby to onAcquired or onStandbyCancelled. */
  private static final class Episode {
    final long ownerEpoch;
    final AtomicBoolean ready = new AtomicBoolean();
    boolean published;

    /** As the owner's successor (hot standby), not as the desired owner (warm handover). */
    boolean hot;

    Episode(long ownerEpoch) {
      this.ownerEpoch = ownerEpoch;
    }
  }

  private final IMap<String, byte[]> map;
  private final String mapName;
  private final String noun;
  private final UUID self;
  private final Sealer sealer;
  private final Counters counters;
  private final RateLimitedLog problems;
  private final ScheduledExecutorService exec;
  private final Runnable trigger;
  private final Duration timeout;
  private final Map<String, Episode> episodes = new ConcurrentHashMap<>();

  /** Keys of this member's records whose removal failed; retried at each evaluation. */
  private final Set<String> leftovers = new HashSet<>();

  /** Source → when this member, as owner, first saw another member should own it (nanoTime). */
  private final Map<String, Long> handingOverSince = new HashMap<>();

  Standbys(
      OwnershipDomain domain,
      HazelcastInstance hz,
      UUID self,
      Sealer sealer,
      Counters counters,
      RateLimitedLog problems,
      ScheduledExecutorService exec,
      Runnable trigger,
      Duration timeout) {
    this.mapName = domain.standbyMap();
    this.noun = domain.noun();
    this.map = hz.getMap(mapName);
    this.self = self;
    this.sealer = sealer;
    this.counters = counters;
    this.problems = problems;
    this.exec = exec;
    this.trigger = trigger;
    this.timeout = timeout;
    // A record that appears may be the one an owner waits for: evaluate at once.
    map.addEntryListener(new EntryEvents<String, byte[]>(trigger), false);
  }

  /** The sources this member stands by for. */
  Set<String> sources() {
    return Collections.unmodifiableSet(new TreeSet<>(episodes.keySet()));
  }

  /** Retries removing records of ended episodes. */
  void sweep() {
    leftovers.removeIf(
        k -> {
          try {
            map.delete(k);
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  /**
   * After an evaluation of {@code sourceId}, which this member did not hold before it: ends the
   * episode when this member acquired the source; stands by when it is the desired owner of a
   * source a live member owns (warm handover), or the successor of a live owner that is the desired
   * one (hot standby, {@code successor}); and otherwise cancels the episode there may be.
   */
  void reconcile(
      String sourceId,
      OwnershipListener listener,
      boolean acquired,
      OwnershipRecord rec,
      MeshMember desired,
      boolean iAmDesired,
      boolean successor,
      Membership.View v,
      boolean hasQuorum) {
    boolean ownerAlive =
        rec != null && !rec.owner().equals(self) && v.byId().containsKey(rec.owner());
    if (acquired) {
      end(sourceId, listener, true, "acquired");
    } else if (hasQuorum && iAmDesired && ownerAlive && rec.active()) {
      standBy(sourceId, rec.epoch(), false, listener);
    } else if (hasQuorum && successor && ownerAlive) {
      standBy(sourceId, rec.epoch(), true, listener);
    } else if (episodes.containsKey(sourceId)) {
      String why;
      if (!hasQuorum) {
        why = "this side lost quorum";
      } else if (iAmDesired) {
        why = rec == null ? "its record is gone or did not open" : "another member acquired it";
      } else if (episodes.get(sourceId).hot) {
        why =
            rec == null || !ownerAlive
                ? "its owner is gone and "
                    + (desired == null ? "nobody" : desired.name())
                    + " is to own it"
                : "no longer the successor of its owner " + rec.ownerName();
      } else {
        why = desired == null ? "no eligible member" : desired.name() + " is to own it instead";
      }
      end(sourceId, listener, false, why);
    }
  }

  /**
   * This member is the desired owner, or with {@code hot} the owner's successor, of {@code
   * sourceId}, which a live member owns at {@code ownerEpoch}: starts the episode (ending one
   * prepared for another epoch), and publishes the record once the listener is ready. A hot
   * standby's record hands nothing over (its owner is the desired one); it makes a handover to this
   * member immediate should this member become the desired owner at that epoch.
   */
  void standBy(String sourceId, long ownerEpoch, boolean hot, OwnershipListener listener) {
    String key = StandbyRecord.key(sourceId, self);
    Episode e = episodes.get(sourceId);
    if (e != null && e.ownerEpoch != ownerEpoch) {
      end(sourceId, listener, false, "the source changed owner (epoch " + ownerEpoch + ")");
      e = null;
    }
    if (e == null) {
      // A record left by an earlier episode must not speak for this one.
      map.delete(key);
      leftovers.remove(key);
      Episode started = new Episode(ownerEpoch);
      episodes.put(sourceId, started);
      LOG.info(
          "Standing by for {} {} ({}; its owner holds epoch {})",
          noun,
          sourceId,
          hot ? "hot standby, its owner's successor" : "to own it next",
          ownerEpoch);
      Runnable ready =
          () -> {
            if (started.ready.compareAndSet(false, true)) {
              trigger.run();
            }
          };
      try {
        listener.onStandby(sourceId, ready);
      } catch (RuntimeException ex) {
        counters.ownershipListenerFailures.increment();
        LOG.warn(
            "The ownership listener failed to prepare source {}; the owner hands over after {}: {}",
            sourceId,
            timeout,
            ex.toString(),
            ex);
      }
      e = started;
    }
    e.hot = hot;
    if (e.ready.get() && !e.published) {
      map.set(
          key,
          new StandbyRecord(sourceId, self, ownerEpoch, System.currentTimeMillis())
              .seal(sealer, mapName));
      e.published = true;
      LOG.info("Ready to take over {} {} from epoch {}", noun, sourceId, ownerEpoch);
    }
  }

  /**
   * Ends this member's episode for {@code sourceId}, if any, and removes its record: {@code
   * acquired} (the listener was just told onAcquired) or cancelled (the listener is told).
   */
  void end(String sourceId, OwnershipListener listener, boolean acquired, String why) {
    Episode e = episodes.remove(sourceId);
    if (e == null) {
      return;
    }
    String key = StandbyRecord.key(sourceId, self);
    try {
      map.delete(key);
    } catch (RuntimeException ex) {
      leftovers.add(key);
    }
    if (acquired) {
      return;
    }
    LOG.info("Standby for {} {} cancelled ({})", noun, sourceId, why);
    try {
      listener.onStandbyCancelled(sourceId);
    } catch (RuntimeException ex) {
      counters.ownershipListenerFailures.increment();
      LOG.warn("The ownership listener failed to cancel standby of {}: {}", sourceId, ex, ex);
    }
  }

  /** Ends every episode (the mesh member is closing). */
  void cancelAll(OwnershipListener listener) {
    for (String id : Set.copyOf(episodes.keySet())) {
      end(id, listener, false, "the mesh member is closing");
    }
  }

  /**
   * As the owner of {@code sourceId} at {@code epoch}: whether to hand over to {@code next} now,
   * because it is ready or because it has had the handover timeout since this member first saw it
   * should hand over (then WARN: the next owner starts cold).
   */
  boolean mayHandOver(String sourceId, MeshMember next, long epoch) {
    long now = System.nanoTime();
    Long since = handingOverSince.get(sourceId);
    if (since == null) {
      since = now;
      handingOverSince.put(sourceId, now);
      LOG.info(
          "{} {}: {} is to own it next; keeping it until it is ready (at most {})",
          noun,
          sourceId,
          next.name(),
          timeout);
      try {
        exec.schedule(trigger, timeout.toMillis() + 1, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // Closing.
      }
    }
    if (isReady(sourceId, next.memberId(), epoch)) {
      LOG.info("{} {}: {} is ready to take over", noun, sourceId, next.name());
      return true;
    }
    if (now - since >= timeout.toNanos()) {
      counters.handoversTimedOut.increment();
      LOG.warn(
          "{} {}: {} did not report ready within mesh.ownership.handover-timeout ({});"
              + " handing over anyway, it starts cold",
          noun,
          sourceId,
          next.name(),
          timeout);
      return true;
    }
    return false;
  }

  /** This member no longer needs to hand {@code sourceId} over (desired again, or not held). */
  void noHandover(String sourceId) {
    handingOverSince.remove(sourceId);
  }

  private boolean isReady(String sourceId, UUID next, long epoch) {
    byte[] stored = map.get(StandbyRecord.key(sourceId, next));
    if (stored == null || StandbyRecord.clearEpoch(stored) != epoch) {
      return false; // not ready, or ready for an earlier owner
    }
    try {
      return StandbyRecord.open(sealer, mapName, sourceId, stored).member().equals(next);
    } catch (SealException e) {
      counters.ownershipRecordsRefused.increment();
      problems.warn(
          "The standby record of {} for {} was refused: {}", next, sourceId, e.getMessage());
      return false;
    }
  }
}
