package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.Evaluation;
import io.plantmesh.cluster.rules.Outcome;
import io.plantmesh.cluster.rules.RuleSpec;
import io.plantmesh.cluster.rules.RuleState;
import io.plantmesh.cluster.rules.RuleStatus;
import io.plantmesh.cluster.rules.Trigger;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule's state machine: ARMED → (PENDING →) FIRING → ARMED, with ERRORED shown over it while
 * evaluations fail. At most one transition per evaluation. Not thread-safe: the engine calls it on
 * its one thread.
 */
public final class RuleRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RuleRunner.class);

  private final RuleSpec spec;
  private final CompiledExpression condition;
  private final CompiledExpression clear;
  private final List<CompiledAction> actions;
  private final Set<TagPath> valueInputs;
  private final boolean readsAge;
  private final UUID[] alarmIds;
  private final RateWindow[] windows;

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
      List<CompiledAction> actions) {
    this.spec = spec;
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
  public void evaluate(InputSource in, Consumer<ActionRequest> out) {
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

  private void fire(Instant now, InputSource in, Consumer<ActionRequest> out) {
    active = true;
    pendingSince = null;
    lastFiring = now;
    String seed = seed(now, "fire");
    for (int i = 0; i < actions.size(); i++) {
      CompiledAction a = actions.get(i);
      if (a instanceof CompiledAction.Alarm al) {
        alarmIds[i] = id(seed, i);
        String message = render(al.message(), in);
        out.accept(
            new ActionRequest.RaiseAlarm(
                alarmIds[i], spec.name(), al.spec().severity(), message, now));
      } else if (a.on() == Trigger.FIRE) {
        run(a, i, seed, now, in, out);
      }
    }
  }

  private void clear(Instant now, InputSource in, Consumer<ActionRequest> out) {
    active = false;
    lastClearing = now;
    String seed = seed(now, "clear");
    for (int i = 0; i < actions.size(); i++) {
      CompiledAction a = actions.get(i);
      if (a instanceof CompiledAction.Alarm) {
        if (alarmIds[i] != null) {
          out.accept(new ActionRequest.ClearAlarm(alarmIds[i], spec.name(), now));
          alarmIds[i] = null;
        }
      } else if (a.on() == Trigger.CLEAR) {
        run(a, i, seed, now, in, out);
      }
    }
  }

  private void run(
      CompiledAction a,
      int index,
      String seed,
      Instant now,
      InputSource in,
      Consumer<ActionRequest> out) {
    if (a instanceof CompiledAction.Event ev) {
      out.accept(
          new ActionRequest.Event(
              id(seed, index), spec.name(), ev.spec().name(), render(ev.message(), in), now));
      return;
    }
    CompiledAction.Write w = (CompiledAction.Write) a;
    TagPath target = w.spec().target();
    if (w.interlock() != null) {
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
    out.accept(
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
