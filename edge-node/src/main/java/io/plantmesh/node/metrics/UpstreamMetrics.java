package io.plantmesh.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plantmesh.kafka.forward.ForwarderStats;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.summary.SummaryMetrics;
import io.plantmesh.node.internal.Upstream;
import io.plantmesh.outbox.OutboxStats;
import io.plantmesh.outbox.Priority;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The upstream as meters: each route's link state, records by outcome, the Outbox's backlog and
 * evictions per priority class, the replay rate and the time to drain, and the summaries. Every
 * meter reads the components' own counters when scraped; nothing is counted twice.
 */
public final class UpstreamMetrics {
  private UpstreamMetrics() {}

  public static void register(MeterRegistry r, Upstream u) {
    List<String> routes = u.routeNames();
    for (int i = 0; i < routes.size(); i++) {
      int index = i;
      for (LinkState state : LinkState.values()) {
        Gauge.builder(
                "plantmesh.uplink.link.state",
                u,
                up -> link(up, index) != null && link(up, index).state() == state ? 1 : 0)
            .description("1 for the route's current link state (UP, DEGRADED, DOWN), else 0")
            .tag("route", routes.get(i))
            .tag("state", lower(state))
            .register(r);
      }
      Gauge.builder(
              "plantmesh.uplink.route.active",
              u,
              up -> isActive(routes.get(index), forwarder(up, ForwarderStats::activeRoute)) ? 1 : 0)
          .description("1 for the route records go on now")
          .tag("route", routes.get(i))
          .register(r);
    }
    record(r, u, "sent-live", ForwarderStats::sentLive);
    record(r, u, "sent-replayed", ForwarderStats::sentReplayed);
    record(r, u, "failed", ForwarderStats::failed);
    record(r, u, "rejected", ForwarderStats::rejected);
    Gauge.builder(
            "plantmesh.uplink.records.in.flight",
            u,
            up -> up.forwarder().map(ForwarderStats::inFlight).orElse(0))
        .description("Records sent to Kafka and not yet acknowledged")
        .register(r);

    for (Priority p : Priority.values()) {
      String tag = lower(p);
      outboxGauge(
          r,
          u,
          "backlog.records",
          tag,
          "Records not yet acknowledged by Kafka",
          p,
          c -> c.backlogRecords());
      outboxGauge(
          r,
          u,
          "backlog.bytes",
          tag,
          "Bytes of the records not yet acknowledged",
          p,
          c -> c.backlogBytes());
      FunctionCounter.builder(
              "plantmesh.outbox.evicted.records", u, up -> up.outbox().of(p).evictedRecords())
          .description("Unacknowledged records evicted because the Outbox was full")
          .tag("priority", tag)
          .register(r);
    }
    outbox(
        r,
        u,
        "oldest.record.age.seconds",
        "Age of the oldest unacknowledged record",
        s -> s.oldestRecordAge().toMillis() / 1000.0);
    outbox(
        r,
        u,
        "replay.rate",
        "Backlog records read from disk per second (last 10 s)",
        OutboxStats::replayRate);
    outbox(
        r,
        u,
        "drain.seconds",
        "Estimated seconds until the backlog is empty (+Inf while it is not shrinking)",
        OutboxStats::secondsToDrain);
    outbox(r, u, "disk.bytes", "Bytes of the Outbox's segment files", s -> s.diskBytes());
    outbox(r, u, "max.bytes", "The Outbox's bound (plantmesh.outbox.max-bytes)", s -> s.maxBytes());
    outboxCounter(
        r, u, "appended.records", "Records appended to the Outbox", OutboxStats::appendedRecords);
    outboxCounter(
        r,
        u,
        "refused.records",
        "Records of appends the Outbox refused (full of what it may not evict)",
        OutboxStats::refusedRecords);

    summaries(r, u, "emitted", "Summaries emitted (windows closed)", SummaryMetrics::summaries);
    summaries(
        r,
        u,
        "partial",
        "Partial summaries: a window this node covered only in part",
        SummaryMetrics::partialSummaries);
    dropped(r, u, "late", "past the allowed lateness", SummaryMetrics::late);
    dropped(r, u, "clock-skew", "further ahead than max-clock-skew", SummaryMetrics::future);
    dropped(r, u, "unsupported", "of a type not summarised", SummaryMetrics::unsupported);
    dropped(
        r,
        u,
        "after-stop",
        "in windows after the source stopped here",
        SummaryMetrics::discardedAtStop);
    Gauge.builder("plantmesh.summaries.open.windows", u, up -> up.summaries().openWindows())
        .description("Windows open now")
        .register(r);
    Gauge.builder("plantmesh.summaries.pending", u, up -> up.appends().pendingRecords())
        .description("Summaries held in memory because the Outbox refused them (retried)")
        .register(r);
    FunctionCounter.builder(
            "plantmesh.summaries.lost", u, up -> up.appends().lostOutboxUnavailable())
        .description("Summaries dropped: more than the memory bound waited for the Outbox")
        .tag("reason", "outbox-unavailable")
        .register(r);
    FunctionCounter.builder("plantmesh.summaries.lost", u, up -> up.appends().lostTooLarge())
        .description("Summaries dropped: more than the memory bound waited for the Outbox")
        .tag("reason", "too-large")
        .register(r);
  }

  /** The active route is {@code peer:<node>} while its link is named {@code peer}. */
  static boolean isActive(String route, String active) {
    return active != null && (active.equals(route) || active.startsWith(route + ":"));
  }

  private static LinkStatus link(Upstream u, int index) {
    return u.forwarder()
        .map(ForwarderStats::links)
        .filter(l -> l.size() > index)
        .map(l -> l.get(index))
        .orElse(null);
  }

  private static <T> T forwarder(Upstream u, java.util.function.Function<ForwarderStats, T> f) {
    return u.forwarder().map(f).orElse(null);
  }

  private static void record(
      MeterRegistry r, Upstream u, String outcome, ToLongFunction<ForwarderStats> f) {
    FunctionCounter.builder(
            "plantmesh.uplink.records",
            u,
            up -> up.forwarder().map(s -> (double) f.applyAsLong(s)).orElse(0.0))
        .description("Records by outcome: acknowledged live or replayed, failed (resent), rejected")
        .tag("outcome", outcome)
        .register(r);
  }

  private static void outboxGauge(
      MeterRegistry r,
      Upstream u,
      String name,
      String priority,
      String description,
      Priority p,
      ToDoubleFunction<OutboxStats.ClassStats> f) {
    Gauge.builder("plantmesh.outbox." + name, u, up -> f.applyAsDouble(up.outbox().of(p)))
        .description(description)
        .tag("priority", priority)
        .register(r);
  }

  private static void outbox(
      MeterRegistry r,
      Upstream u,
      String name,
      String description,
      ToDoubleFunction<OutboxStats> f) {
    Gauge.builder("plantmesh.outbox." + name, u, up -> f.applyAsDouble(up.outbox()))
        .description(description)
        .register(r);
  }

  private static void outboxCounter(
      MeterRegistry r, Upstream u, String name, String description, ToLongFunction<OutboxStats> f) {
    FunctionCounter.builder("plantmesh.outbox." + name, u, up -> f.applyAsLong(up.outbox()))
        .description(description)
        .register(r);
  }

  private static void summaries(
      MeterRegistry r,
      Upstream u,
      String name,
      String description,
      ToLongFunction<SummaryMetrics> f) {
    FunctionCounter.builder("plantmesh.summaries." + name, u, up -> f.applyAsLong(up.summaries()))
        .description(description)
        .register(r);
  }

  private static void dropped(
      MeterRegistry r, Upstream u, String reason, String why, ToLongFunction<SummaryMetrics> f) {
    FunctionCounter.builder(
            "plantmesh.summaries.readings.dropped", u, up -> f.applyAsLong(up.summaries()))
        .description("Readings not summarised: " + why)
        .tag("reason", reason)
        .register(r);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
