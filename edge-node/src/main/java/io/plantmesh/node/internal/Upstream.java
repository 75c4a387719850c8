package io.plantmesh.node.internal;

import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.forward.ForwarderStats;
import io.plantmesh.kafka.forward.KafkaRoute;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.forward.Route;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.kafka.summary.SummaryMetrics;
import io.plantmesh.node.config.UpstreamSettings;
import io.plantmesh.node.pipeline.Pipeline;
import io.plantmesh.node.pipeline.ReadingListener;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's upstream: summaries of what this node collects go into the Outbox, and the {@link
 * Forwarder} sends the Outbox to Kafka on its routes (this node's own link first, then a peer's).
 *
 * <p>A {@link ReadingListener} on the pipeline feeds one aggregator per source collected here
 * ({@link SourceSummaries}); a ticker closes windows with the node's clock and appends them to the
 * Outbox, one batch per tick ({@link OutboxAppender}). Nothing here throws into the pipeline.
 *
 * <p>Life: {@link #open} (the Outbox, at start-up before anything connects, so that an unusable
 * directory stops the node), {@link #startSummaries} after the pipeline and before the sources,
 * {@link #startForwarding} once the routes are known, {@link #close} before the pipeline.
 */
public final class Upstream implements CollectionListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

  /** Summaries (payload bytes) held in memory while the Outbox cannot take them. */
  public static final long MAX_PENDING_BYTES = 32L << 20;

  /** How long closing waits for the pipeline to deliver what sources handed it. */
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);

  /** How long closing waits for Kafka to acknowledge records in flight. */
  private static final Duration SEND_GRACE = Duration.ofSeconds(5);

  private final UpstreamSettings settings;
  private final String node;
  private final Outbox outbox;
  private final Clock clock;
  private final SourceSummaries summaries;
  private final OutboxAppender appender;
  private final DecisionAppender decisions;
  private final ReadingListener listener;
  private final ScheduledExecutorService ticker;
  private final Duration tick;
  private volatile Pipeline pipeline;
  private volatile Forwarder forwarder;
  private final Optional<KafkaRoute> ownRoute;
  private volatile boolean closed;

  private Upstream(UpstreamSettings settings, String node, Outbox outbox, Clock clock) {
    this.settings = settings;
    this.node = node;
    this.outbox = outbox;
    this.clock = clock;
    this.summaries = new SourceSummaries(settings.summaries(), clock);
    this.appender = new OutboxAppender(outbox, node, MAX_PENDING_BYTES);
    this.decisions = new DecisionAppender(outbox);
    this.listener = summaries::accept;
    this.tick = tickOf(settings.summaries());
    // No connection yet: the producer is made on the first probe or send.
    this.ownRoute = settings.ownLink().map(KafkaRoute::new);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-upstream-ticker");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens the Outbox (recovering what an earlier run left).
   *
   * @throws io.plantmesh.outbox.OutboxException when the directory cannot be used (permissions, a
   *     full disk, another process holding it)
   */
  public static Upstream open(UpstreamSettings settings, String node) {
    return new Upstream(settings, node, Outbox.open(settings.outbox()), Clock.systemUTC());
  }

  /**
   * A window closes at its end plus the allowed lateness; ticking at half the shortest window (at
   * most every 250 ms) sends it soon after.
   */
  private static Duration tickOf(SummaryConfig c) {
    Duration min = c.defaultWindow();
    for (SummaryConfig.Group g : c.groups()) {
      if (g.window().compareTo(min) < 0) {
        min = g.window();
      }
    }
    Duration half = min.dividedBy(2);
    return half.compareTo(Duration.ofMillis(250)) < 0 ? half : Duration.ofMillis(250);
  }

  /**
   * Starts summarising the pipeline's batches and appending the windows to the Outbox. Call before
   * any source delivers; forwarding starts apart ({@link #startForwarding}), once the routes are
   * known (in the mesh, after it started).
   */
  public void startSummaries(Pipeline pipeline) {
    this.pipeline = pipeline;
    pipeline.addListener(listener);
    ticker.scheduleWithFixedDelay(
        this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts forwarding the Outbox: on this node's own link (if it has one) first, then on {@code
   * peerRoutes}, in that order of preference. The caller closes {@code peerRoutes}.
   *
   * @throws IllegalStateException when there is no route at all
   */
  public void startForwarding(List<Route> peerRoutes) {
    List<Route> all = new ArrayList<>();
    ownRoute.ifPresent(all::add);
    all.addAll(peerRoutes);
    if (all.isEmpty()) {
      throw new IllegalStateException(
          "plantmesh.uplink.bootstrap-servers: is required: this node has no link of its own and"
              + " no way through a peer");
    }
    forwarder = Forwarder.start(outbox, settings.forwarder(), all, clock);
    LOG.info(
        "Upstream: summaries of the collected tags go to the Outbox at {} and to Kafka via {}",
        settings.outbox().dir(),
        routeNames());
  }

  /** This node's own route to Kafka, when it has one (shared with the mesh's relay). */
  public Optional<KafkaRoute> ownRoute() {
    return ownRoute;
  }

  /** The state of this node's own link, once forwarding started and if it has one. */
  public Optional<LinkStatus> ownLink() {
    Forwarder f = forwarder;
    return ownRoute.isEmpty() || f == null ? Optional.empty() : Optional.of(f.links().get(0));
  }

  private void tick() {
    try {
      decisions.flush();
      appender.append(summaries.advanceTo(clock.instant()));
    } catch (RuntimeException | Error e) {
      // A scheduled task that throws is never run again: log and keep ticking.
      LOG.error("Upstream: a tick failed", e);
    }
  }

  @Override
  public void collecting(String sourceId) {
    Pipeline p = pipeline;
    Instant at = clock.instant();
    if (p == null || closed) {
      return;
    }
    // In order with the source's batches: an earlier episode's last batches go to that episode.
    p.afterQueued(() -> summaries.start(sourceId, at));
  }

  @Override
  public void stopped(String sourceId) {
    Pipeline p = pipeline;
    Instant at = clock.instant();
    if (p == null || closed) {
      return;
    }
    p.afterQueued(() -> summaries.stop(sourceId, at));
  }

  /** Where alarm steps and rule events are appended (ALARM and EVENT priority). */
  DecisionAppender decisions() {
    return decisions;
  }

  public UpstreamSettings settings() {
    return settings;
  }

  /**
   * The routes in order of preference, as their links are named: {@code kafka} (this node's own),
   * then {@code peer}. The active route may name the peer in use ({@code peer:<node>}).
   */
  public List<String> routeNames() {
    Forwarder f = forwarder;
    return f == null ? List.of() : f.links().stream().map(LinkStatus::route).toList();
  }

  /** The forwarder's counters and each route's link; empty before start. */
  public Optional<ForwarderStats> forwarder() {
    Forwarder f = forwarder;
    return f == null ? Optional.empty() : Optional.of(f.stats());
  }

  public OutboxStats outbox() {
    return outbox.stats();
  }

  /** The summaries' counters since the node started. */
  public SummaryMetrics summaries() {
    return summaries.totals();
  }

  /** Sources summarised here now. */
  public int summarisedSources() {
    return summaries.sources();
  }

  /** How appending to the Outbox goes. */
  public Appends appends() {
    return new Appends(
        appender.appended(),
        appender.failedAppends(),
        appender.pendingRecords(),
        appender.pendingBytes(),
        appender.lost(OutboxAppender.Loss.OUTBOX_UNAVAILABLE),
        appender.lost(OutboxAppender.Loss.TOO_LARGE),
        summaries.errors(),
        appender.lastError());
  }

  /**
   * Appending summaries to the Outbox.
   *
   * @param appended summaries appended
   * @param failedAppends appends the Outbox refused (full of what it may not evict, or a storage
   *     error); the summaries were kept in memory and appended again
   * @param pendingRecords summaries in memory now, waiting for the Outbox
   * @param pendingBytes their payload bytes (at most {@link #MAX_PENDING_BYTES})
   * @param lostOutboxUnavailable summaries dropped because more than {@link #MAX_PENDING_BYTES}
   *     waited in memory
   * @param lostTooLarge summaries larger than an Outbox segment, dropped
   * @param batchesNotSummarised batches the aggregators failed on (logged)
   * @param lastError why appends fail now; null while they work
   */
  public record Appends(
      long appended,
      long failedAppends,
      long pendingRecords,
      long pendingBytes,
      long lostOutboxUnavailable,
      long lostTooLarge,
      long batchesNotSummarised,
      String lastError) {}

  /**
   * Closes the open windows (partial) after the pipeline delivered what the stopped sources handed
   * it, appends them, lets records in flight be acknowledged, and closes the Outbox. Call after the
   * sources stopped and before the pipeline closes.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pipeline p = pipeline;
    if (p != null) {
      Instant at = clock.instant();
      try {
        p.afterQueued(() -> summaries.stopAll(at))
            .get(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Upstream: the pipeline did not drain in {}; closing the windows now", DRAIN_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        LOG.warn("Upstream: closing the windows failed", e.getCause());
      }
      summaries.stopAll(at);
      p.removeListener(listener);
      if (!appender.append(summaries.advanceTo(at))) {
        LOG.error(
            "Upstream: {} summaries could not be stored at shutdown and are lost: {}",
            appender.pendingRecords(),
            appender.lastError());
      }
    }
    decisions.close();
    Forwarder f = forwarder;
    if (f != null) {
      f.close(SEND_GRACE);
    }
    ownRoute.ifPresent(KafkaRoute::close);
    outbox.close();
    LOG.info("Upstream closed ({} summaries appended since start)", appender.appended());
  }

  @Override
  public String toString() {
    return "Upstream[" + node + ", " + settings.outbox().dir() + "]";
  }
}
