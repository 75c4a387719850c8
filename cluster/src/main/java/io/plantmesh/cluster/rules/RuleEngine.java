package io.plantmesh.cluster.rules;

import io.plantmesh.cluster.rules.internal.InputSource;
import io.plantmesh.cluster.rules.internal.RuleRunner;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compiled rule set: event-driven from the tag table's change feed ({@link #onChanges}),
 * plus timers ({@link #onTimer}) for {@code for} durations, staleness and {@code age()} rechecks.
 * Emits {@link ActionRequest}s to a listener; it executes nothing itself.
 *
 * <p>A change re-evaluates only the rules that name the changed tag in their condition or clear
 * condition. An evaluation over an input that is BAD, missing, stale or (by policy) UNCERTAIN is
 * UNKNOWN unless the other operands decide it: the rule neither fires nor clears, and its status
 * says which input. A failing evaluation puts the rule in ERRORED and never stops the engine.
 *
 * <p>In the mesh ({@link Options#MESH}) a member evaluates only the rules it owns: they start idle,
 * {@link #start} begins one (fresh, or continuing a firing another member recorded) and {@link
 * #stop} drops its state. Idle rules keep their inputs current, so a started rule is evaluated at
 * once with the latest readings.
 *
 * <p>Call {@code onChanges}, {@code onTimer}, {@code evaluateAll}, {@code start} and {@code stop}
 * from one thread (the tag table's apply thread, say) or under one lock. {@code status} and {@code
 * statuses} may be called from any thread: they read immutable snapshots published after each
 * evaluation.
 */
public final class RuleEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

  private record Timer(Instant at, int rule) {}

  /**
   * How the engine runs.
   *
   * @param startAll whether every rule is evaluated from the start; otherwise rules are idle until
   *     {@link #start}ed
   * @param checkInterlocks whether a write whose interlock is not TRUE is skipped here; otherwise
   *     it is requested with its interlock, for the tag's owner to check (and refuse, audited)
   */
  public record Options(boolean startAll, boolean checkInterlocks) {
    /** A standalone engine: every rule runs, interlocks are checked here too. */
    public static final Options STANDALONE = new Options(true, true);

    /**
     * A member's engine in the mesh: only the rules the member owns run; the tag's owner is the one
     * authority on interlocks.
     */
    public static final Options MESH = new Options(false, false);
  }

  private final List<CompiledRule> compiled = new ArrayList<>();
  private final List<RuleRunner> runners = new ArrayList<>();
  private final BitSet started = new BitSet();
  private final Options options;
  private final Map<String, Integer> byName = new HashMap<>();
  private final Map<TagPath, int[]> byTrigger = new HashMap<>();
  private final Map<TagPath, Reading> latest = new HashMap<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at.compareTo(b.at));
  private final Clock clock;
  private final Scheduler scheduler;
  private final ActionListener listener;
  private final InputSource inputs;
  private final AtomicReferenceArray<RuleStatus> statuses;
  private Instant requestedWake;
  private Instant now;

  /** A standalone engine ({@link Options#STANDALONE}). */
  public RuleEngine(
      CompiledRuleSet rules, Clock clock, Scheduler scheduler, ActionListener listener) {
    this(rules, clock, scheduler, listener, Options.STANDALONE);
  }

  public RuleEngine(
      CompiledRuleSet rules,
      Clock clock,
      Scheduler scheduler,
      ActionListener listener,
      Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.listener = Objects.requireNonNull(listener, "listener");
    Map<TagPath, List<Integer>> index = new HashMap<>();
    for (CompiledRule r : rules.rules()) {
      int i = runners.size();
      compiled.add(r);
      runners.add(newRunner(r));
      if (options.startAll()) {
        started.set(i);
      }
      byName.put(r.name(), i);
      for (TagPath p : r.triggers()) {
        index.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      }
      for (TagPath p : r.reads()) {
        latest.put(p, null);
      }
    }
    index.forEach((p, l) -> byTrigger.put(p, l.stream().mapToInt(Integer::intValue).toArray()));
    this.inputs =
        new InputSource() {
          @Override
          public Reading latest(TagPath path) {
            return latest.get(path);
          }

          @Override
          public Instant now() {
            return now;
          }
        };
    statuses = new AtomicReferenceArray<>(runners.size());
    for (int i = 0; i < runners.size(); i++) {
      statuses.set(i, runners.get(i).status());
    }
  }

  /**
   * Takes accepted changes of the tag table and re-evaluates the rules whose conditions read them,
   * each once, in the rule set's order. Readings of tags no rule reads are ignored; a reading older
   * than the one held ({@link Reading#isNewerThan}) is ignored too.
   */
  public void onChanges(List<Reading> changes) {
    now = clock.instant();
    BitSet affected = new BitSet(runners.size());
    for (Reading r : changes) {
      if (!latest.containsKey(r.path())) {
        continue;
      }
      Reading prev = latest.get(r.path());
      if (prev != null && !r.isNewerThan(prev)) {
        continue;
      }
      latest.put(r.path(), r);
      int[] rules = byTrigger.get(r.path());
      if (rules != null) {
        for (int i : rules) {
          affected.set(i);
        }
      }
    }
    affected.and(started);
    for (int i = affected.nextSetBit(0); i >= 0; i = affected.nextSetBit(i + 1)) {
      evaluate(i);
    }
    afterRound();
  }

  /** Evaluates every started rule: after feeding the table's initial snapshot, or on demand. */
  public void evaluateAll() {
    now = clock.instant();
    for (int i = started.nextSetBit(0); i >= 0; i = started.nextSetBit(i + 1)) {
      evaluate(i);
    }
    afterRound();
  }

  /**
   * Starts evaluating {@code rule} from a fresh state and evaluates it now with the latest readings
   * the engine holds. With {@code firing} (the last transition another evaluator recorded, a firing
   * one) the rule continues that firing instead: it is FIRING without running its FIRE actions
   * again, its alarms are requested again with their ids and the firing's instant (raising is
   * idempotent by id: a stored alarm stays as it is, a lost raise is repaired), and it clears as
   * usual, clearing those alarms. A started rule is started again from scratch.
   *
   * @param firing null to start fresh
   * @throws IllegalArgumentException when the set has no such rule
   */
  public void start(String rule, RuleTransition firing) {
    int i = index(rule);
    now = clock.instant();
    RuleRunner fresh = newRunner(compiled.get(i));
    runners.set(i, fresh);
    started.set(i);
    if (firing != null && firing.firing()) {
      fresh.restore(firing, inputs, sink);
    }
    evaluate(i);
    afterRound();
  }

  /**
   * Stops evaluating {@code rule} and drops its state (pending {@code for}, firing, timers, rate
   * windows): it emits nothing more until started again.
   *
   * @throws IllegalArgumentException when the set has no such rule
   */
  public void stop(String rule) {
    int i = index(rule);
    started.clear(i);
    runners.set(i, newRunner(compiled.get(i)));
    statuses.set(i, runners.get(i).status());
  }

  /** Whether {@code rule} is being evaluated. */
  public boolean isStarted(String rule) {
    Integer i = byName.get(rule);
    return i != null && started.get(i);
  }

  private int index(String rule) {
    Integer i = byName.get(rule);
    if (i == null) {
      throw new IllegalArgumentException("rule '" + rule + "' is not in the engine's rule set");
    }
    return i;
  }

  private RuleRunner newRunner(CompiledRule r) {
    return new RuleRunner(
        r.spec(), r.condition(), r.clear(), r.actions(), options.checkInterlocks());
  }

  /** Runs the timers that are due by the clock's time. */
  public void onTimer() {
    now = clock.instant();
    requestedWake = null;
    BitSet due = new BitSet(runners.size());
    while (!timers.isEmpty() && !timers.peek().at.isAfter(now)) {
      Timer t = timers.poll();
      if (t.at.equals(runners.get(t.rule).nextWake())) {
        due.set(t.rule);
      }
    }
    due.and(started);
    for (int i = due.nextSetBit(0); i >= 0; i = due.nextSetBit(i + 1)) {
      evaluate(i);
    }
    afterRound();
  }

  /** The latest reading the engine holds of a tag it reads, for an interlock checked here. */
  public Optional<Reading> latest(TagPath path) {
    return Optional.ofNullable(latest.get(path));
  }

  public Optional<RuleStatus> status(String rule) {
    Integer i = byName.get(rule);
    return i == null ? Optional.empty() : Optional.of(statuses.get(i));
  }

  /** Every rule's status, in the rule set's order. */
  public List<RuleStatus> statuses() {
    List<RuleStatus> out = new ArrayList<>(statuses.length());
    for (int i = 0; i < statuses.length(); i++) {
      out.add(statuses.get(i));
    }
    return out;
  }

  /**
   * What this engine has done since it was made: evaluations (of started rules), those that ended
   * in ERROR, and transitions to firing and back to armed. Thread-safe to read.
   *
   * @param evaluations evaluations of a started rule (its condition, or while firing its clear
   *     condition)
   * @param errors evaluations whose outcome was an error (the rule shows ERRORED)
   * @param firings transitions to FIRING
   * @param clearings transitions from FIRING back to ARMED
   */
  public record Counters(long evaluations, long errors, long firings, long clearings) {}

  public Counters counters() {
    return new Counters(
        evaluationCount.get(), errorCount.get(), firingCount.get(), clearingCount.get());
  }

  private final java.util.concurrent.atomic.AtomicLong evaluationCount =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong errorCount =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong firingCount =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong clearingCount =
      new java.util.concurrent.atomic.AtomicLong();

  private void evaluate(int i) {
    RuleRunner runner = runners.get(i);
    Instant before = runner.nextWake();
    try {
      runner.evaluate(inputs, sink);
    } catch (RuntimeException e) {
      LOG.error("rule '{}': evaluation failed unexpectedly", runner.name(), e);
    }
    RuleStatus status = runner.status();
    evaluationCount.incrementAndGet();
    if (status.lastOutcome() == Outcome.ERROR) {
      errorCount.incrementAndGet();
    }
    statuses.set(i, status);
    Instant after = runner.nextWake();
    if (after != null && !after.equals(before)) {
      timers.add(new Timer(after, i));
    }
  }

  private final RuleRunner.Sink sink =
      new RuleRunner.Sink() {
        @Override
        public void transition(RuleTransition t) {
          (t.firing() ? firingCount : clearingCount).incrementAndGet();
          try {
            listener.onTransition(t);
          } catch (RuntimeException e) {
            LOG.warn("rule '{}': the action listener failed on {}", t.rule(), t, e);
          }
        }

        @Override
        public void action(ActionRequest request) {
          try {
            listener.onAction(request);
          } catch (RuntimeException e) {
            LOG.warn("rule '{}': the action listener failed on {}", request.rule(), request, e);
          }
        }
      };

  private void afterRound() {
    Timer head = timers.peek();
    if (head != null && !head.at.equals(requestedWake)) {
      requestedWake = head.at;
      scheduler.wakeAt(head.at);
    }
  }
}
