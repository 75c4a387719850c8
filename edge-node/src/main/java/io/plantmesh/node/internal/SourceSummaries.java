package io.plantmesh.node.internal;

import io.plantmesh.core.Reading;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.kafka.summary.SummaryAggregator;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.kafka.summary.SummaryMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link SummaryAggregator} per source this node collects: one ownership episode each, started
 * when the source starts delivering here and stopped when it stops, so that a window split by a
 * handover or a failover is sent as partial.
 *
 * <p>Threads: {@link #start}, {@link #stop} and {@link #accept} run on the pipeline's dispatcher
 * (in order with the source's batches); {@link #advanceTo} runs on the upstream's ticker. The
 * aggregators serialise their own calls; the windows a stop closes wait in a queue for the ticker,
 * which is the only thread that appends to the Outbox.
 */
final class SourceSummaries {
  private static final Logger LOG = LoggerFactory.getLogger(SourceSummaries.class);

  private final SummaryConfig config;
  private final Clock clock;
  private final Map<String, SummaryAggregator> active = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Summary> stopped = new ConcurrentLinkedQueue<>();
  private final AtomicLong errors = new AtomicLong();

  /** Counters of the aggregators already stopped. Guarded by this. */
  private SummaryMetrics retired = new SummaryMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  SourceSummaries(SummaryConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** The source starts delivering here at {@code at}: a new episode, unless one is running. */
  void start(String sourceId, Instant at) {
    active.computeIfAbsent(sourceId, id -> new SummaryAggregator(config, at));
  }

  /** The source stopped delivering here at {@code at}: its open windows close, partial. */
  void stop(String sourceId, Instant at) {
    SummaryAggregator a = active.remove(sourceId);
    if (a != null) {
      retire(a, at);
    }
  }

  /** Stops every episode at {@code at} (the node stops). */
  void stopAll(Instant at) {
    for (String id : List.copyOf(active.keySet())) {
      stop(id, at);
    }
  }

  private void retire(SummaryAggregator a, Instant at) {
    stopped.addAll(a.stop(at));
    SummaryMetrics m = a.metrics();
    synchronized (this) {
      retired = plus(retired, m, false);
    }
  }

  /** A batch of a source collected here. Never throws: a failure is counted and logged. */
  void accept(String sourceId, List<Reading> readings) {
    try {
      SummaryAggregator a = active.get(sourceId);
      if (a == null) {
        // Delivered without a start (a listener added late): the episode starts now.
        Instant now = clock.instant();
        LOG.debug("Summaries of source {} start at {} (no start seen)", sourceId, now);
        a = active.computeIfAbsent(sourceId, id -> new SummaryAggregator(config, now));
      }
      a.accept(readings);
    } catch (RuntimeException e) {
      long n = errors.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("Summaries: a batch of source {} was not summarised ({} so far)", sourceId, n, e);
      }
    }
  }

  /** The windows closed by now, and those the stops closed since the last call. */
  List<Summary> advanceTo(Instant now) {
    List<Summary> out = new ArrayList<>();
    Summary s;
    while ((s = stopped.poll()) != null) {
      out.add(s);
    }
    for (SummaryAggregator a : active.values()) {
      out.addAll(a.advanceTo(now));
    }
    return out;
  }

  /** Sources with an episode running here. */
  int sources() {
    return active.size();
  }

  /** Batches that could not be summarised. */
  long errors() {
    return errors.get();
  }

  /**
   * Counters of every episode since the node started; tags and open windows of the running ones.
   */
  SummaryMetrics totals() {
    SummaryMetrics sum;
    synchronized (this) {
      sum = retired;
    }
    for (SummaryAggregator a : active.values()) {
      sum = plus(sum, a.metrics(), true);
    }
    return sum;
  }

  private static SummaryMetrics plus(SummaryMetrics a, SummaryMetrics b, boolean gauges) {
    return new SummaryMetrics(
        a.accepted() + b.accepted(),
        a.beforeStart() + b.beforeStart(),
        a.late() + b.late(),
        a.future() + b.future(),
        a.unsupported() + b.unsupported(),
        a.discardedAtStop() + b.discardedAtStop(),
        a.clockJumps() + b.clockJumps(),
        a.summaries() + b.summaries(),
        a.partialSummaries() + b.partialSummaries(),
        a.tags() + (gauges ? b.tags() : 0),
        a.openWindows() + (gauges ? b.openWindows() : 0));
  }
}
