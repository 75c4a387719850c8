package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.Evaluation;
import io.plantmesh.cluster.rules.Outcome;
import io.plantmesh.cluster.rules.RuleSpec;
import io.plantmesh.cluster.rules.RuleState;
import io.plantmesh.cluster.rules.RuleStatus;
import io.plantmesh.cluster.rules.RuleTransition;
import io.plantmesh.cluster.rules.Trigger;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule's state machine: ARMED → (PENDING →) FIRING → ARMED, with ERRORED shown over it while
 * evaluations fail. At most one transition per evaluation. Not thread-safe: the engine calls it on
 * its one thread.
 */
public final class RuleRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RuleRunner.class);

  /** Where a runner's transitions and action requests go, in the order it decides them. */
  public interface Sink {
    /** The rule fired or cleared; before the actions of that transition. */
    void transition(RuleTransition t);

    void action(ActionRequest r);
  }

  private final RuleSpec spec;
  private final CompiledExpression condition;
  private final CompiledExpression clear;
  private final List<CompiledAction> actions;
  private final Set<TagPath> valueInputs;
  private final boolean readsAge;
  private final UUID[] alarmIds;
  private final RateWindow[] windows;
  private final boolean checkInterlocks;

  private boolean active;
  private Instant pendingSince;
  private String error;
  private RuleState shownState = RuleState.ARMED;
  private Instant stateSince;
  private Instant lastEvaluation;
  private Outcome lastOutcome;
  private String detail;
  private Instant lastFiring;
  private Instant lastClearing;
  private String lastActionProblem;
  private long transitions;
  private Instant nextWake;
  private String actionError;

  public RuleRunner(
      RuleSpec spec,
      CompiledExpression condition,
      CompiledExpression clear,
      List<CompiledAction> actions,
      boolean checkInterlocks) {
    this.spec = spec;
    this.checkInterlocks = checkInterlocks;
    this.condition = condition;
    this.clear = clear;
    this.actions = List.copyOf(actions);
    Set<TagPath> v = new LinkedHashSet<>(condition.valueInputs());
    if (clear != null) {
      v.addAll(clear.valueInputs());
    }
    this.valueInputs = Set.copyOf(v);
    this.readsAge = condition.readsAge() || (clear != null && clear.readsAge());
    this.alarmIds = new UUID[actions.size()];
    this.windows = new RateWindow[actions.size()];
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i) instanceof CompiledAction.Write w && w.spec().rateLimit() != null) {
        windows[i] = new RateWindow(w.spec().rateLimit());
      }
    }
  }

  public String name() {
    return spec.name();
  }

  /** When the rule wants to be evaluated again although no input changed; null: never. */
  public Instant nextWake() {
    return nextWake;
  }

  /** Evaluates the rule at {@code in.now()}; what its actions ask for goes to {@code out}. */
  public void evaluate(InputSource in, Sink out) {
    Instant now = in.now();
    lastEvaluation = now;
    ExprResult r;
    if (!active) {
      r = condition.evaluate(in);
      if (r.outcome() == Outcome.TRUE) {
        if (pendingSince == null) {
          pendingSince = now;
        }
        if (!now.isBefore(pendingSince.plus(spec.forDuration()))) {
          fire(now, in, out);
        }
      } else {
        pendingSince = null;
      }
    } else if (clear == null) {
      r = condition.evaluate(in);
      if (r.outcome() == Outcome.FALSE) {
        clear(now, in, out);
      }
    } else {
      r = clear.evaluate(in);
      if (r.outcome() == Outcome.TRUE) {
        clear(now, in, out);
      }
    }
    lastOutcome = r.outcome();
    detail = r.detail();
    String newError = r.outcome() == Outcome.ERROR ? r.detail() : actionError;
    if (newError != null && error == null) {
      LOG.warn("rule '{}' is ERRORED: {}", spec.name(), newError);
    }
    error = newError;
    actionError = null;
    updateState(now);
    nextWake = computeNextWake(now, in);
  }

  private void fire(Instant now, InputSource in, Sink out) {
    active = true;
    pendingSince = null;
    lastFiring = now;
    String seed = seed(now, "fire");
    Map<Integer, UUID> raised = new HashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i) instanceof CompiledAction.Alarm) {
        alarmIds[i] = id(seed, i);
        raised.put(i, alarmIds[i]);
      }
    }
    out.transition(new RuleTransition(spec.name(), true, now, raised));
    for (int i = 0; i < actions.size(); i++) {
      CompiledAction a = actions.get(i);
      if (a instanceof CompiledAction.Alarm al) {
        raise(i, al, now, in, out);
      } else if (a.on() == Trigger.FIRE) {
        run(a, i, seed, now, in, out);
      }
    }
  }

  private void raise(int i, CompiledAction.Alarm al, Instant at, InputSource in, Sink out) {
    String message = render(al.message(), in);
    out.action(
        new ActionRequest.RaiseAlarm(alarmIds[i], spec.name(), al.spec().severity(), message, at));
  }

  /**
   * Continues a firing another evaluator started (a failover): the rule is FIRING as of {@code
   * firing}, with its alarms, without running its FIRE actions again. The alarms are requested
   * again with their ids and the firing's instant (raising is idempotent by id: an alarm already
   * stored stays as it is, one the previous evaluator did not get to store is raised now). The rule
   * clears as usual when its condition stops holding, clearing those alarms.
   */
  public void restore(RuleTransition firing, InputSource in, Sink out) {
    active = true;
    pendingSince = null;
    lastFiring = firing.at();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i) instanceof CompiledAction.Alarm al) {
        alarmIds[i] = firing.alarmIds().get(i);
        if (alarmIds[i] != null) {
          raise(i, al, firing.at(), in, out);
        }
      }
    }
    updateState(firing.at());
  }

  private void clear(Instant now, InputSource in, Sink out) {
    active = false;
    lastClearing = now;
    String seed = seed(now, "clear");
    Map<Integer, UUID> cleared = new HashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i) instanceof CompiledAction.Alarm && alarmIds[i] != null) {
        cleared.put(i, alarmIds[i]);
      }
    }
    out.transition(new RuleTransition(spec.name(), false, now, cleared));
    for (int i = 0; i < actions.size(); i++) {
      CompiledAction a = actions.get(i);
      if (a instanceof CompiledAction.Alarm) {
        if (alarmIds[i] != null) {
          out.action(new ActionRequest.ClearAlarm(alarmIds[i], spec.name(), now));
          alarmIds[i] = null;
        }
      } else if (a.on() == Trigger.CLEAR) {
        run(a, i, seed, now, in, out);
      }
    }
  }

  private void run(
      CompiledAction a, int index, String seed, Instant now, InputSource in, Sink out) {
    if (a instanceof CompiledAction.Event ev) {
      out.action(
          new ActionRequest.Event(
              id(seed, index), spec.name(), ev.spec().name(), render(ev.message(), in), now));
      return;
    }
    CompiledAction.Write w = (CompiledAction.Write) a;
    TagPath target = w.spec().target();
    if (checkInterlocks && w.interlock() != null) {
      Evaluation ev = w.interlock().check(in::latest, now);
      if (ev.outcome() != Outcome.TRUE) {
        skip(
            "write to '"
                + target
                + "' skipped: interlock '"
                + w.interlock().expression()
                + "' is "
                + ev.outcome()
                + (ev.detail() == null ? "" : " (" + ev.detail() + ")"),
            ev.outcome() == Outcome.ERROR);
        return;
      }
    }
    ExprResult v = w.value().evaluate(in);
    if (!v.hasValue()) {
      skip(
          "write to '"
              + target
              + "' skipped: its value is "
              + v.outcome()
              + " ("
              + v.detail()
              + ")",
          v.outcome() == Outcome.ERROR);
      return;
    }
    Value value;
    try {
      value = ValueMapping.toValue(v.value());
    } catch (IllegalArgumentException e) {
      skip("write to '" + target + "' skipped: " + e.getMessage(), true);
      return;
    }
    if (windows[index] != null && !windows[index].tryAcquire(now)) {
      skip(
          "write to '"
              + target
              + "' skipped: rate limit of "
              + w.spec().rateLimit().max()
              + " per "
              + Durations.format(w.spec().rateLimit().per())
              + " reached",
          false);
      return;
    }
    out.action(
        new ActionRequest.Write(id(seed, index), spec.name(), target, value, w.interlock(), now));
  }

  private void skip(String problem, boolean isError) {
    lastActionProblem = problem;
    LOG.warn("rule '{}': {}", spec.name(), problem);
    if (isError) {
      actionError = problem;
    }
  }

  private String render(MessageTemplate t, InputSource in) {
    MessageTemplate.Rendered r = t.render(in);
    if (!r.errors().isEmpty()) {
      skip("message placeholder failed: " + String.join("; ", r.errors()), true);
    }
    return r.text();
  }

  private String seed(Instant now, String what) {
    transitions++;
    return spec.name() + "/" + what + "/" + now + "/" + transitions;
  }

  private static UUID id(String seed, int actionIndex) {
    return UUID.nameUUIDFromBytes((seed + "/" + actionIndex).getBytes(StandardCharsets.UTF_8));
  }

  private void updateState(Instant now) {
    RuleState s;
    if (error != null) {
      s = RuleState.ERRORED;
    } else if (active) {
      s = RuleState.FIRING;
    } else if (pendingSince != null) {
      s = RuleState.PENDING;
    } else {
      s = RuleState.ARMED;
    }
    if (s != shownState || stateSince == null) {
      shownState = s;
      stateSince = now;
    }
  }

  private Instant computeNextWake(Instant now, InputSource in) {
    Instant next = null;
    if (pendingSince != null) {
      next = pendingSince.plus(spec.forDuration());
    }
    Duration staleAfter = spec.staleAfter();
    if (staleAfter != null) {
      for (TagPath p : valueInputs) {
        Reading r = in.latest(p);
        if (r != null && !r.quality().isBad()) {
          Instant staleAt = r.effectiveTime().plus(staleAfter).plusNanos(1);
          if (staleAt.isAfter(now)) {
            next = min(next, staleAt);
          }
        }
      }
    }
    if (readsAge) {
      next = min(next, now.plus(spec.recheckEvery()));
    }
    return next;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  public RuleStatus status() {
    return new RuleStatus(
        spec.name(),
        shownState,
        stateSince,
        lastEvaluation,
        lastOutcome,
        error != null && detail == null ? error : detail,
        pendingSince == null ? null : pendingSince.plus(spec.forDuration()),
        lastFiring,
        lastClearing,
        lastActionProblem);
  }
}
