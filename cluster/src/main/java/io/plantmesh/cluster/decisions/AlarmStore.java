package io.plantmesh.cluster.decisions;

import com.hazelcast.map.IMap;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.decisions.internal.AlarmCodec;
import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.CoordinationSetup;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmState;
import io.plantmesh.cluster.rules.AlarmTransition;
import io.plantmesh.cluster.rules.IllegalAlarmTransitionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's alarms, cluster-wide: raised by the rule that fired (on whichever member evaluates
 * it), acknowledged by an operator on any member, cleared by the rule (or an operator), with the
 * lifecycle of {@link Alarm}. Held in an IMap with two backups, sealed under the cluster key: the
 * death of the member that raised an alarm loses nothing, and any member reads every alarm.
 *
 * <p>Every change is a compare-and-set of the whole alarm, so two members changing one alarm at
 * once are serialized (the later one sees the earlier one's step: acknowledging twice is refused).
 * A step is dated now, or at the alarm's last step if this member's clock is behind.
 *
 * <p><b>Split brain.</b> Alarms are information, not actuation: a member cut off from the majority
 * keeps raising, acknowledging and clearing in its side's copy (which, with two backups, holds
 * every alarm in a mesh of three). When the partition heals, each alarm's copy with the longer
 * history wins, an alarm only one side knows is kept; two sides that took different steps of equal
 * length keep the larger side's.
 *
 * <p>A cleared alarm is kept for {@code retention} after its last step (acknowledging a cleared one
 * restarts it), then removed.
 */
public final class AlarmStore {
  /** How long a cleared alarm is kept by default. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private static final Logger LOG = LoggerFactory.getLogger(AlarmStore.class);
  private static final int ATTEMPTS = 20;

  private final Mesh mesh;
  private final IMap<String, byte[]> map;
  private final Sealer sealer;
  private final Duration retention;
  private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();

  private AlarmStore(Mesh mesh, Duration retention) {
    this.mesh = mesh;
    this.map = mesh.hazelcast().getMap(CoordinationSetup.ALARMS_MAP);
    this.sealer =
        ClusterKeys.derive(mesh.config().clusterKey(), mesh.config().clusterName()).sealer();
    this.retention = retention;
  }

  /** The alarm store of {@code mesh}, keeping cleared alarms for {@link #DEFAULT_RETENTION}. */
  public static AlarmStore start(Mesh mesh) {
    return start(mesh, DEFAULT_RETENTION);
  }

  /**
   * @param retention how long a cleared alarm is kept; at least a minute
   */
  public static AlarmStore start(Mesh mesh, Duration retention) {
    if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "alarm retention: '" + retention + "' is shorter than a minute");
    }
    return new AlarmStore(Objects.requireNonNull(mesh, "mesh"), retention);
  }

  /**
   * Raises the alarm a rule asked for. Idempotent by alarm id: when the alarm exists already (a
   * retry, or a new evaluator continuing a firing), it is returned unchanged and nobody is told.
   */
  public Alarm raise(ActionRequest.RaiseAlarm request) {
    Alarm alarm = Alarm.raise(request);
    String key = alarm.id().toString();
    byte[] prior = map.putIfAbsent(key, AlarmCodec.seal(sealer, mesh.memberId(), alarm));
    if (prior != null) {
      return open(key, prior);
    }
    LOG.info(
        "Alarm {} raised by rule '{}' ({}): {}",
        alarm.id(),
        alarm.rule(),
        alarm.severity(),
        alarm.message());
    notify(alarm);
    return alarm;
  }

  /**
   * Clears the alarm a rule raised. Idempotent: an alarm already cleared is returned unchanged.
   *
   * @return empty when there is no such alarm (its raise never got stored, or it expired)
   */
  public Optional<Alarm> clear(ActionRequest.ClearAlarm request) {
    try {
      return Optional.of(
          change(
              request.alarmId(),
              a ->
                  a.state() == AlarmState.CLEARED
                      ? a
                      : a.clear("rule:" + request.rule(), null, at(a))));
    } catch (NoSuchElementException e) {
      return Optional.empty();
    }
  }

  /**
   * Clears an alarm (an operator, or the rule host for a write that later succeeded).
   *
   * @param by who (required)
   * @param reason why, or null
   * @throws NoSuchElementException when there is no such alarm
   * @throws IllegalAlarmTransitionException when it is already cleared
   */
  public Alarm clear(UUID id, String by, String reason) {
    return change(id, a -> a.clear(by, reason, at(a)));
  }

  /**
   * Someone acknowledges an alarm: ACTIVE becomes ACKNOWLEDGED; a CLEARED one that nobody
   * acknowledged stays CLEARED, acknowledged.
   *
   * @param by who (required, at most 200 characters)
   * @param why why, or what they are doing about it (required, at most 1000 characters)
   * @throws NoSuchElementException when there is no such alarm
   * @throws IllegalAlarmTransitionException when it was acknowledged already, or who or why is
   *     missing
   */
  public Alarm acknowledge(UUID id, String by, String why) {
    return change(id, a -> a.acknowledge(by, why, at(a)));
  }

  public Optional<Alarm> get(UUID id) {
    byte[] stored = map.get(id.toString());
    return stored == null ? Optional.empty() : Optional.of(open(id.toString(), stored));
  }

  /** Alarms not cleared (ACTIVE or ACKNOWLEDGED), oldest raised first. */
  public List<Alarm> active() {
    List<Alarm> out = new ArrayList<>();
    for (Alarm a : all()) {
      if (a.state() != AlarmState.CLEARED) {
        out.add(a);
      }
    }
    out.sort(Comparator.comparing(Alarm::raisedAt));
    return out;
  }

  /** Every alarm kept, in any state, most recently changed first; at most {@code limit}. */
  public List<Alarm> history(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: '" + limit + "' must be at least 1");
    }
    List<Alarm> out = all();
    out.sort(Comparator.comparing(Alarm::updatedAt).reversed());
    return out.subList(0, Math.min(limit, out.size()));
  }

  /**
   * Tells {@code listener} of every step made through this member's store (raise, acknowledge,
   * clear), once, after it is stored: the member that made a step reports it (upstream, say), so
   * each step is reported once in the mesh. Called on the thread that made the step.
   */
  public Registration addListener(AlarmListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  private List<Alarm> all() {
    List<Alarm> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : Map.copyOf(map).entrySet()) {
      try {
        out.add(AlarmCodec.open(sealer, e.getKey(), e.getValue()));
      } catch (SealException ex) {
        LOG.warn("Alarm {} was refused: {}", e.getKey(), ex.getMessage());
      }
    }
    return out;
  }

  private Alarm change(UUID id, UnaryOperator<Alarm> step) {
    String key = id.toString();
    for (int i = 0; i < ATTEMPTS; i++) {
      byte[] stored = map.get(key);
      if (stored == null) {
        throw new NoSuchElementException("no alarm " + id + " (never raised, or expired)");
      }
      Alarm current = open(key, stored);
      Alarm next = step.apply(current);
      if (next == current) {
        return current;
      }
      if (map.replace(key, stored, AlarmCodec.seal(sealer, mesh.memberId(), next))) {
        if (next.state() == AlarmState.CLEARED) {
          map.setTtl(key, retention.toMillis(), TimeUnit.MILLISECONDS);
        }
        AlarmTransition last = next.history().get(next.history().size() - 1);
        LOG.info(
            "Alarm {} of rule '{}': {} by {} -> {}",
            id,
            next.rule(),
            last.action(),
            last.by(),
            next.state());
        notify(next);
        return next;
      }
    }
    throw new IllegalStateException(
        "alarm "
            + id
            + " changed "
            + ATTEMPTS
            + " times while "
            + mesh.name()
            + " tried to step it");
  }

  private Alarm open(String key, byte[] stored) {
    try {
      return AlarmCodec.open(sealer, key, stored);
    } catch (SealException e) {
      throw new IllegalStateException("alarm " + key + " does not open: " + e.getMessage(), e);
    }
  }

  /** Now, or the alarm's last step when this member's clock is behind the member that made it. */
  private static Instant at(Alarm a) {
    Instant now = Instant.now();
    return now.isBefore(a.updatedAt()) ? a.updatedAt() : now;
  }

  private void notify(Alarm a) {
    AlarmTransition step = a.history().get(a.history().size() - 1);
    for (AlarmListener l : listeners) {
      try {
        l.onStep(a, step);
      } catch (RuntimeException e) {
        LOG.warn("An alarm listener failed on {}: {}", a.id(), e.toString(), e);
      }
    }
  }
}
