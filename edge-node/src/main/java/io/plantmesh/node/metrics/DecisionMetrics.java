package io.plantmesh.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.decisions.RuleHost;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.RuleState;
import io.plantmesh.cluster.rules.RuleStatus;
import io.plantmesh.node.internal.DecisionRecords;
import io.plantmesh.node.internal.Decisions;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Rules, alarms and the write audit as meters: the rules this node evaluates by state, the alarms
 * active in the mesh by severity, the alarm steps and events sent upstream, and the write attempts
 * this node routed by result.
 *
 * <p>Not here: the decision latency (change received to write dispatched); the decision benchmark
 * measures it from the PLC's side. {@code GET /api/rules} shows each rule's last evaluation and
 * firing.
 */
public final class DecisionMetrics {
  /** The alarm store is read at most this often for the gauges (it reads the whole map). */
  private static final long ALARMS_CACHE_NANOS = 1_000_000_000L;

  private DecisionMetrics() {}

  public static void register(MeterRegistry registry, Decisions d) {
    rules(registry, d);
    ActiveAlarms active = new ActiveAlarms(d);
    for (AlarmSeverity s : AlarmSeverity.values()) {
      Gauge.builder("plantmesh.alarms.active", active, a -> a.count(s))
          .description("Alarms active or acknowledged and not cleared, in the whole mesh")
          .tag("severity", lower(s.name()))
          .register(registry);
    }
    DecisionRecords r = d.records();
    FunctionCounter.builder("plantmesh.alarms.steps", r, DecisionRecords::alarmSteps)
        .description("Alarm steps (raise, acknowledge, clear) made on this node")
        .register(registry);
    FunctionCounter.builder("plantmesh.rules.events", r, DecisionRecords::events)
        .description("Events emitted by the rules this node evaluates")
        .register(registry);
    upstream(registry, r, "alarm", DecisionRecords::alarmStepsAppended);
    upstream(registry, r, "event", DecisionRecords::eventsAppended);
    FunctionCounter.builder("plantmesh.decisions.records.lost", r, DecisionRecords::lost)
        .description("Alarm steps and events that will not reach the Outbox (logged)")
        .register(registry);
    Gauge.builder("plantmesh.decisions.records.pending", r, DecisionRecords::pending)
        .description("Alarm steps and events waiting in memory while the Outbox refuses them")
        .register(registry);
    d.onAudited(
        a ->
            Counter.builder("plantmesh.writes.audited")
                .description("Write attempts this node routed (REST and rules), as audited")
                .tag("result", a.result())
                .tag("origin", origin(a))
                .register(registry)
                .increment());
  }

  private static void rules(MeterRegistry registry, Decisions d) {
    Gauge.builder("plantmesh.rules.configured", d, x -> x.rules().rules().size())
        .description("Rules in this node's rule set")
        .register(registry);
    Gauge.builder(
            "plantmesh.rules.owned", d, x -> x.host().map(h -> h.ownedRules().size()).orElse(0))
        .description("Rules this node evaluates now")
        .register(registry);
    FunctionCounter.builder("plantmesh.rules.evaluations", d, x -> counter(x, 0))
        .description("Evaluations of the rules this node evaluated")
        .register(registry);
    FunctionCounter.builder("plantmesh.rules.evaluation.errors", d, x -> counter(x, 1))
        .description("Evaluations that ended in an error (the rule shows ERRORED)")
        .register(registry);
    FunctionCounter.builder("plantmesh.rules.transitions", d, x -> counter(x, 2))
        .description("Rules that began firing here")
        .tag("kind", "fire")
        .register(registry);
    FunctionCounter.builder("plantmesh.rules.transitions", d, x -> counter(x, 3))
        .description("Rules that stopped firing here")
        .tag("kind", "clear")
        .register(registry);
    for (RuleState state : RuleState.values()) {
      Gauge.builder("plantmesh.rules", d, x -> inState(x, state))
          .description("Rules this node evaluates, by state")
          .tag("state", lower(state.name()))
          .register(registry);
    }
  }

  /** One of the host's counters: 0 evaluations, 1 errors, 2 firings, 3 clearings. */
  private static double counter(Decisions d, int which) {
    return d.host()
        .map(RuleHost::counters)
        .map(
            c ->
                switch (which) {
                  case 0 -> c.evaluations();
                  case 1 -> c.errors();
                  case 2 -> c.firings();
                  default -> c.clearings();
                })
        .orElse(0L);
  }

  private static double inState(Decisions d, RuleState state) {
    List<RuleStatus> statuses = d.host().map(RuleHost::statuses).orElse(List.of());
    return statuses.stream().filter(s -> s.state() == state).count();
  }

  private static void upstream(
      MeterRegistry registry, DecisionRecords r, String kind, ToDoubleFunction<DecisionRecords> f) {
    FunctionCounter.builder("plantmesh.decisions.records.appended", r, f)
        .description("Alarm steps and events appended to the Outbox (upstream on)")
        .tag("kind", kind)
        .register(registry);
  }

  /** {@code rule} for a rule's write, {@code operator} for anyone else's (REST). */
  static String origin(WriteAuditRecord a) {
    return a.requestedBy().startsWith("rule:") ? "rule" : "operator";
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** The active alarms by severity, read at most once a second. */
  private static final class ActiveAlarms {
    private final Decisions d;
    private Map<AlarmSeverity, Integer> counts = new EnumMap<>(AlarmSeverity.class);
    private long readAt = System.nanoTime() - 2 * ALARMS_CACHE_NANOS;

    ActiveAlarms(Decisions d) {
      this.d = d;
    }

    synchronized double count(AlarmSeverity s) {
      long now = System.nanoTime();
      if (now - readAt > ALARMS_CACHE_NANOS) {
        Map<AlarmSeverity, Integer> next = new EnumMap<>(AlarmSeverity.class);
        try {
          for (Alarm a : d.alarms().active()) {
            next.merge(a.severity(), 1, Integer::sum);
          }
          counts = next;
        } catch (RuntimeException e) {
          return Double.NaN; // the mesh is closing
        }
        readAt = now;
      }
      return counts.getOrDefault(s, 0);
    }
  }
}
