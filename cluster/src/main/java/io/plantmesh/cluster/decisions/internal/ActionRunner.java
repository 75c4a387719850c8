package io.plantmesh.cluster.decisions.internal;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteInterlock;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.cluster.WriteRejectedException.Reason;
import io.plantmesh.cluster.decisions.AlarmStore;
import io.plantmesh.cluster.decisions.EventSink;
import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.cluster.rules.RuleSpec;
import io.plantmesh.cluster.rules.RuleTransition;
import io.plantmesh.cluster.rules.UncertainPolicy;
import io.plantmesh.core.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the engine decided, on each rule's lane: records each transition cluster-wide
 * first, then runs its actions. A write goes out only when its firing was recorded (so a failover
 * never writes it again) and only while this member still holds the rule at the epoch it was
 * decided at; every write that does not go out is audited with why, and a write that was refused or
 * failed raises an alarm.
 */
public final class ActionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

  private final Mesh mesh;
  private final CompiledRuleSet rules;
  private final Firings firings;
  private final AlarmStore alarms;
  private final EventSink events;
  private final Duration writeExpiry;
  private final AlarmSeverity failureSeverity;
  private final Map<String, Long> epochs;

  /** Rule → why its last transition was not recorded; absent when it was. Lane-confined. */
  private final Map<String, String> unrecorded = new ConcurrentHashMap<>();

  /**
   * Rule and target → the epoch at which this member last found no write-failure alarm of theirs
   * outstanding (it cleared them, and raised none since). Scanning the alarms copies the whole
   * store, so a success scans only when a failure alarm may be outstanding: after one raised here,
   * or at a new epoch (the previous evaluator may have raised one). A failure alarm raised by a
   * former evaluator after this one's scan is cleared at its next rescan, at most {@link #RESCAN}
   * later.
   */
  private final Map<String, Clean> clean = new ConcurrentHashMap<>();

  private static final long RESCAN = Duration.ofSeconds(30).toNanos();

  private record Clean(long epoch, long at) {}

  /**
   * @param epochs rule name → the epoch this member holds it at, as the host keeps it
   */
  public ActionRunner(
      Mesh mesh,
      CompiledRuleSet rules,
      Firings firings,
      AlarmStore alarms,
      EventSink events,
      Duration writeExpiry,
      AlarmSeverity failureSeverity,
      Map<String, Long> epochs) {
    this.mesh = mesh;
    this.rules = rules;
    this.firings = firings;
    this.alarms = alarms;
    this.events = events;
    this.writeExpiry = writeExpiry;
    this.failureSeverity = failureSeverity;
    this.epochs = epochs;
  }

  /** The rule fired or cleared (decided at {@code epoch}): records it before its actions run. */
  public void transition(RuleTransition t, long epoch) {
    String rule = t.rule();
    if (!held(rule, epoch)) {
      unrecorded.put(rule, "the rule moved to another member before its transition was recorded");
      return;
    }
    String problem = firings.record(RuleIds.ownershipId(rule), epoch, t);
    if (problem == null) {
      unrecorded.remove(rule);
    } else {
      unrecorded.put(rule, problem);
      LOG.warn(
          "rule '{}': its {} could not be recorded cluster-wide ({}); its writes are not sent",
          rule,
          t.firing() ? "firing" : "clearing",
          problem);
    }
  }

  /** Runs one action decided at {@code epoch}. */
  public void run(ActionRequest r, long epoch) {
    if (r instanceof ActionRequest.Write w) {
      write(w, epoch);
      return;
    }
    if (!held(r.rule(), epoch)) {
      LOG.info("rule '{}' moved to another member; not running {}", r.rule(), r);
      return;
    }
    if (r instanceof ActionRequest.RaiseAlarm a) {
      alarms.raise(a);
    } else if (r instanceof ActionRequest.ClearAlarm c) {
      if (alarms.clear(c).isEmpty()) {
        LOG.info("rule '{}': alarm {} to clear is not in the store", c.rule(), c.alarmId());
      }
    } else if (r instanceof ActionRequest.Event e) {
      events.emit(e);
    }
  }

  private void write(ActionRequest.Write w, long epoch) {
    String rule = w.rule();
    String by = "rule:" + rule;
    Optional<String> source = mesh.tagTable().sourceOf(w.target());
    if (!held(rule, epoch)) {
      refuse(w, source.orElse(""), Reason.STALE, "not sent: the rule moved to another member");
      return;
    }
    String problem = unrecorded.get(rule);
    if (problem != null) {
      refuse(
          w,
          source.orElse(""),
          mesh.isPartitioned() ? Reason.NO_QUORUM : Reason.STALE,
          "not sent: the rule's transition could not be recorded cluster-wide ("
              + problem
              + "); a rule's write goes out only once its firing is recorded, so that a failover"
              + " never sends it twice");
      return;
    }
    if (source.isEmpty()) {
      refuse(
          w,
          "",
          Reason.NO_OWNER,
          "not sent: no member has delivered a reading of '"
              + w.target()
              + "', so its source is not known");
      return;
    }
    WriteCommand c =
        new WriteCommand(
            w.commandId(),
            source.get(),
            w.target(),
            w.value(),
            Instant.now().plus(writeExpiry),
            by,
            interlock(w));
    try {
      WriteResult result = mesh.commandRouter().write(c);
      if (result.succeeded()) {
        clearFailures(rule, w, epoch);
      } else {
        failed(w, result.status().symbolicName(), "the device answered " + result.status());
      }
    } catch (WriteRejectedException e) {
      failed(w, e.reason().name(), e.getMessage());
    }
  }

  private WriteInterlock interlock(ActionRequest.Write w) {
    if (w.interlock() == null) {
      return null;
    }
    RuleSpec spec = rules.rule(w.rule()).orElseThrow().spec();
    return new WriteInterlock(
        w.interlock().expression(), spec.staleAfter(), spec.uncertain() == UncertainPolicy.UNKNOWN);
  }

  /** A write that never reached the router: audited here, with an alarm. */
  private void refuse(ActionRequest.Write w, String source, Reason reason, String message) {
    LOG.warn("rule '{}': write to '{}' {} ({})", w.rule(), w.target(), message, reason);
    mesh.writeAudit()
        .record(
            new WriteAuditRecord(
                Instant.now(),
                "rule:" + w.rule(),
                mesh.name(),
                w.commandId(),
                source,
                w.target(),
                w.value(),
                null,
                reason,
                message));
    failed(w, reason.name(), message);
  }

  /** A write that was refused or failed raises an alarm, one per command. */
  private void failed(ActionRequest.Write w, String result, String message) {
    clean.remove(cleanKey(w));
    UUID id =
        UUID.nameUUIDFromBytes(("write-failed/" + w.commandId()).getBytes(StandardCharsets.UTF_8));
    try {
      alarms.raise(
          new ActionRequest.RaiseAlarm(
              id,
              w.rule(),
              failureSeverity,
              failurePrefix(w) + result + ": " + message,
              Instant.now()));
    } catch (RuntimeException e) {
      LOG.warn(
          "rule '{}': could not raise the alarm of a failed write: {}", w.rule(), e.toString());
    }
  }

  /** A write of the rule to the tag succeeded: its earlier failures' alarms clear. */
  private void clearFailures(String rule, ActionRequest.Write w, long epoch) {
    String key = cleanKey(w);
    Clean c = clean.get(key);
    long now = System.nanoTime();
    if (c != null && c.epoch() == epoch && now - c.at() < RESCAN) {
      return;
    }
    String prefix = failurePrefix(w);
    List<Alarm> active;
    try {
      active = alarms.active();
    } catch (RuntimeException e) {
      LOG.warn("rule '{}': could not read the alarms to clear: {}", rule, e.toString());
      return;
    }
    boolean cleared = true;
    for (Alarm a : active) {
      if (a.rule().equals(rule) && a.message().startsWith(prefix)) {
        try {
          alarms.clear(a.id(), "rule:" + rule, "a later write to '" + w.target() + "' succeeded");
        } catch (IllegalStateException | NoSuchElementException e) {
          LOG.debug("Alarm {} was cleared meanwhile: {}", a.id(), e.toString());
        } catch (RuntimeException e) {
          cleared = false;
          LOG.warn("rule '{}': could not clear alarm {}: {}", rule, a.id(), e.toString());
        }
      }
    }
    if (cleared) {
      clean.put(key, new Clean(epoch, now));
    }
  }

  private static String cleanKey(ActionRequest.Write w) {
    return w.rule() + '\u0000' + w.target();
  }

  private static String failurePrefix(ActionRequest.Write w) {
    return "write to '" + w.target() + "' failed: ";
  }

  private boolean held(String rule, long epoch) {
    Long e = epochs.get(rule);
    return e != null && e == epoch;
  }
}
