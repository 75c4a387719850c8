package io.plantmesh.cluster.decisions;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.OwnershipListener;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.SourceOwnership;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.cluster.decisions.internal.ActionRunner;
import io.plantmesh.cluster.decisions.internal.FiringRecord;
import io.plantmesh.cluster.decisions.internal.Firings;
import io.plantmesh.cluster.decisions.internal.Lanes;
import io.plantmesh.cluster.decisions.internal.RuleIds;
import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.rules.ActionListener;
import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.CompiledRule;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.cluster.rules.RuleEngine;
import io.plantmesh.cluster.rules.RuleStatus;
import io.plantmesh.cluster.rules.RuleTransition;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a member's share of the rule set: every member starts one with the same rules, and each rule
 * is evaluated by exactly one live member at a time, so its actions happen once, not once per node.
 *
 * <p><b>Ownership.</b> Rules are placed like sources ({@link Mesh#declareRules}): a rule goes to
 * the first live member of its {@link io.plantmesh.cluster.rules.RuleSpec#placement()}, else by
 * rendezvous hashing over the members that run a rule host with that rule; epoch-fenced records
 * under split-brain protection, handed back when a preferred member returns, taken over within a
 * second of a member's death.
 *
 * <p><b>Evaluation.</b> The host feeds one {@link RuleEngine} (in {@link RuleEngine.Options#MESH}
 * mode) from the plant-wide tag table's change feed, on a thread of its own, with timers on the
 * same thread. The engine holds the latest readings of every tag the rules read, owned or not, so a
 * rule it acquires is evaluated at once with current values.
 *
 * <p><b>Firings across a failover.</b> Rule state is not persisted, except each rule's last
 * transition: before running the actions of a firing or clearing, the evaluator records it
 * cluster-wide (sealed, one backup, under split-brain protection, compare-and-set fenced by its
 * ownership epoch). When a member acquires a rule:
 *
 * <ul>
 *   <li>no record, or the last one is a clearing: the rule starts fresh (ARMED; a {@code for}
 *       starts counting now), and fires when its condition holds, also at once;
 *   <li>the last record is a firing: the rule continues it, FIRING, without running its FIRE
 *       actions again (no second write). Its alarms are requested again with their ids (raising is
 *       idempotent: an alarm already stored stays as it is; one the previous evaluator did not get
 *       to store is raised). When the condition stops holding (now or later) the rule clears as
 *       usual: CLEAR actions run and those alarms clear. It fires again when the condition holds
 *       anew.
 * </ul>
 *
 * <p>A write goes out only once its firing is recorded; an evaluator that cannot record (cut off
 * from the majority, or it lost the rule to a newer epoch) does not write, and the audit says why.
 * So a rule's write happens at most once: an evaluator that dies between recording and sending
 * loses that write rather than having it sent twice. Not persisted: a pending {@code for} (restarts
 * on the new evaluator), rate-limit windows (restart), the status' history.
 *
 * <p><b>Writes</b> are routed to the PLC's owner as {@link io.plantmesh.cluster.WriteCommand}s with
 * the request's command id, {@code requestedBy = rule:<name>}, {@link Settings#writeExpiry()} and
 * the action's interlock, which the owner re-checks with its own readings just before writing (the
 * engine does not pre-check it, so that the owner's verdict is the one audited). Every attempt is
 * audited ({@link Mesh#writeAudit()}); a refused or failed write raises an alarm of the rule
 * ({@link Settings#writeFailureSeverity()}, message {@code write to '<tag>' failed: <reason>:
 * ...}), cleared when a later write of the rule to that tag succeeds.
 *
 * <p><b>Alarms</b> go to the {@link AlarmStore}, <b>events</b> to the node's {@link EventSink}. A
 * rule's actions run in order on a lane of their own (a slow PLC holds up only its rules).
 *
 * <p>One host per mesh (rules are declared once). Close the mesh before the host on shutdown: the
 * mesh releases the rules, and the host finishes what each had decided before letting it go.
 */
public final class RuleHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleHost.class);

  /**
   * @param writeExpiry how long a rule's write stays valid: the owner refuses it as EXPIRED after
   *     that (positive, at most {@code mesh.writes.result-ttl})
   * @param writeFailureSeverity the severity of the alarm a refused or failed write raises
   * @param actionThreads how many rules' actions may run at once (each rule's in order)
   */
  public record Settings(
      Duration writeExpiry, AlarmSeverity writeFailureSeverity, int actionThreads) {
    public Settings {
      Objects.requireNonNull(writeExpiry, "writeExpiry");
      Objects.requireNonNull(writeFailureSeverity, "writeFailureSeverity");
      if (writeExpiry.isNegative() || writeExpiry.isZero()) {
        throw new IllegalArgumentException(
            "rule write expiry: '" + writeExpiry + "' must be positive");
      }
      if (actionThreads < 1 || actionThreads > 64) {
        throw new IllegalArgumentException(
            "rule action threads: '" + actionThreads + "' must be between 1 and 64");
      }
    }

    /** Writes valid for 30 s, failures raised HIGH, four action threads. */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), AlarmSeverity.HIGH, 4);
    }
  }

  private final Mesh mesh;
  private final Map<String, String> nameById = new HashMap<>();
  private final Set<TagPath> reads;
  private final ScheduledExecutorService thread;
  private final RuleEngine engine;
  private final Lanes lanes;
  private final Firings firings;
  private final ActionRunner runner;
  private final Duration drainTimeout;

  /** Rule name → the epoch this member holds it at. Written on the mesh's ownership thread. */
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();

  private volatile Registration subscription = () -> {};
  private volatile boolean closed;

  private RuleHost(
      Mesh mesh, CompiledRuleSet rules, AlarmStore alarms, EventSink events, Settings s) {
    this.mesh = mesh;
    for (CompiledRule r : rules.rules()) {
      nameById.put(RuleIds.ownershipId(r.name()), r.name());
    }
    this.reads = Set.copyOf(rules.reads());
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-rules-" + mesh.name());
              t.setDaemon(true);
              return t;
            });
    this.lanes = new Lanes("plantmesh-rule-actions-" + mesh.name(), s.actionThreads());
    this.firings =
        new Firings(
            mesh,
            ClusterKeys.derive(mesh.config().clusterKey(), mesh.config().clusterName()).sealer());
    this.runner =
        new ActionRunner(
            mesh,
            rules,
            firings,
            alarms,
            events,
            s.writeExpiry(),
            s.writeFailureSeverity(),
            epochs);
    this.engine =
        new RuleEngine(
            rules, Clock.systemUTC(), this::wakeAt, new Dispatch(), RuleEngine.Options.MESH);
    this.drainTimeout = mesh.config().writes().timeout().plusSeconds(5);
  }

  /**
   * Starts evaluating this member's share of {@code rules}: subscribes to the tag table and
   * declares the rules to the mesh. Every member should start one with the same rule set.
   *
   * @throws IllegalArgumentException when the write expiry exceeds {@code mesh.writes.result-ttl}
   * @throws IllegalStateException when rules were declared on this mesh already
   */
  public static RuleHost start(
      Mesh mesh, CompiledRuleSet rules, AlarmStore alarms, EventSink events, Settings settings) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(alarms, "alarms");
    if (settings.writeExpiry().compareTo(mesh.config().writes().resultTtl()) > 0) {
      throw new IllegalArgumentException(
          "rule write expiry: '"
              + settings.writeExpiry()
              + "' is longer than mesh.writes.result-ttl ("
              + mesh.config().writes().resultTtl()
              + "): an owner would forget the write's outcome before it expires");
    }
    RuleHost host = new RuleHost(mesh, rules, alarms, events, settings);
    host.begin(rules);
    return host;
  }

  private void begin(CompiledRuleSet rules) {
    subscription = mesh.tagTable().subscribeAll(true, this::onChanges);
    // The replay above arrives on the table's thread; seed the engine now as well, so that a rule
    // acquired in a moment is evaluated with current values (the replay's copies are ignored).
    List<Reading> current = new ArrayList<>();
    for (TagPath p : reads) {
      mesh.tagTable().get(p).ifPresent(current::add);
    }
    onEngine(() -> engine.onChanges(current));
    List<SourceSpec> specs = new ArrayList<>();
    for (CompiledRule r : rules.rules()) {
      specs.add(new SourceSpec(RuleIds.ownershipId(r.name()), r.spec().placement()));
    }
    mesh.declareRules(specs, new Ownership());
    LOG.info("Rule host on {}: {} rule(s) declared", mesh.name(), specs.size());
  }

  /** The rules this member evaluates now. */
  public Set<String> ownedRules() {
    return new TreeSet<>(epochs.keySet());
  }

  /** The status of each rule this member evaluates, in the rule set's order. */
  public List<RuleStatus> statuses() {
    return engine.statuses().stream().filter(s -> epochs.containsKey(s.name())).toList();
  }

  /** The status of {@code rule} if this member evaluates it. */
  public Optional<RuleStatus> status(String rule) {
    return epochs.containsKey(rule) ? engine.status(rule) : Optional.empty();
  }

  /** Who evaluates each rule, as this member's last ownership evaluation saw it, by rule name. */
  /** What this node's engine has evaluated and decided since it started (for metrics). */
  public io.plantmesh.cluster.rules.RuleEngine.Counters counters() {
    return engine.counters();
  }

  public Map<String, SourceOwnership> evaluators() {
    Map<String, SourceOwnership> out = new TreeMap<>();
    mesh.ruleOwnership()
        .forEach(
            (id, o) -> {
              String name = nameById.get(id);
              if (name != null) {
                out.put(name, o);
              }
            });
    return out;
  }

  private void onChanges(List<Reading> changes) {
    // On the table's apply thread: pass on only what the rules read, and quickly.
    List<Reading> wanted = null;
    for (Reading r : changes) {
      if (reads.contains(r.path())) {
        if (wanted == null) {
          wanted = new ArrayList<>();
        }
        wanted.add(r);
      }
    }
    if (wanted != null) {
      List<Reading> batch = wanted;
      onEngine(() -> engine.onChanges(batch));
    }
  }

  private void wakeAt(Instant at) {
    long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis() + 1);
    try {
      thread.schedule(engine::onTimer, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  private void onEngine(Runnable r) {
    try {
      thread.execute(r);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  /** Runs {@code r} on the engine's thread and waits for it. */
  private void onEngineAndWait(Runnable r) {
    try {
      thread.submit(r).get(30, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      // Closed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("The rule engine of {} failed or hung: {}", mesh.name(), e.toString());
    }
  }

  /** The engine's decisions, to each rule's lane with the epoch they were made at. */
  private final class Dispatch implements ActionListener {
    @Override
    public void onTransition(RuleTransition t) {
      Long epoch = epochs.get(t.rule());
      if (epoch != null) {
        lanes.submit(t.rule(), () -> runner.transition(t, epoch));
      }
    }

    @Override
    public void onAction(ActionRequest r) {
      Long epoch = epochs.get(r.rule());
      if (epoch != null) {
        lanes.submit(r.rule(), () -> runner.run(r, epoch));
      }
    }
  }

  /** The mesh's rule ownership callbacks, on its ownership thread. */
  private final class Ownership implements OwnershipListener {
    @Override
    public void onAcquired(String ruleId, long epoch) {
      String rule = nameById.get(ruleId);
      if (rule == null || closed) {
        return;
      }
      RuleTransition firing = null;
      try {
        Optional<FiringRecord> last = firings.read(ruleId);
        if (last.isPresent() && last.get().transition().firing()) {
          firing = last.get().transition();
          LOG.info(
              "Evaluating rule '{}' at epoch {}, continuing its firing of {} recorded by {} at"
                  + " epoch {} (its FIRE actions are not run again)",
              rule,
              epoch,
              firing.at(),
              last.get().ownerName(),
              last.get().epoch());
        } else {
          LOG.info("Evaluating rule '{}' at epoch {}", rule, epoch);
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "Could not read the last firing of rule '{}' ({}); it starts fresh",
            rule,
            e.toString());
      }
      epochs.put(rule, epoch);
      RuleTransition restore = firing;
      onEngineAndWait(() -> engine.start(rule, restore));
    }

    @Override
    public void onReleased(String ruleId, long epoch) {
      String rule = nameById.get(ruleId);
      if (rule == null || closed) {
        return; // a closed host stopped its rules already
      }
      onEngineAndWait(() -> engine.stop(rule));
      // What the rule decided before this goes out before the next evaluator starts.
      if (!lanes.drain(rule, drainTimeout)) {
        LOG.warn(
            "Rule '{}': its actions did not finish within {}; the rest are dropped",
            rule,
            drainTimeout);
      }
      epochs.remove(rule, epoch);
      LOG.info("Stopped evaluating rule '{}' (epoch {})", rule, epoch);
    }
  }

  /**
   * Stops evaluating: unsubscribes, stops every rule, lets their queued actions finish (bounded)
   * and stops the threads. The mesh still holds the rules until it closes.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscription.close();
    for (String rule : ownedRules()) {
      onEngineAndWait(() -> engine.stop(rule));
      lanes.drain(rule, Duration.ofSeconds(5));
      epochs.remove(rule);
    }
    thread.shutdownNow();
    lanes.close();
  }
}
