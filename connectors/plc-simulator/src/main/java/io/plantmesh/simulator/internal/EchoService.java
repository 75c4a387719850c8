package io.plantmesh.simulator.internal;

import io.plantmesh.simulator.EchoStats;
import io.plantmesh.simulator.EchoTags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo under {@code Plant/Echo} (see {@link EchoTags}): a Counter set every period on a thread
 * of its own, so the Plant's tick cannot delay it; the Echo a client writes back; and the window's
 * statistics as variables computed when read, and as a log line each second with new echoes.
 */
public final class EchoService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EchoService.class);

  /** How long a computed snapshot serves reads, so that one Read of all statistics agrees. */
  private static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final EchoMeter meter;
  private final long periodNanos;
  private final ValueSlot counter;
  private final NodeId echoNodeId;
  private final ScheduledExecutorService ticker;
  private final ScheduledExecutorService reporter;
  private long lastStartNanos;
  private long lastLoggedVersion;
  private EchoStats snapshot;
  private long snapshotNanos;
  private long snapshotVersion;

  private EchoService(EchoMeter meter, long periodNanos, ValueSlot counter, NodeId echoNodeId) {
    this.meter = meter;
    this.periodNanos = periodNanos;
    this.counter = counter;
    this.echoNodeId = echoNodeId;
    this.ticker = daemon("plc-simulator-echo");
    this.reporter = daemon("plc-simulator-echo-report");
  }

  /** Builds {@code Plant/Echo} into {@code ns} below {@code plant}; {@link #start()} starts it. */
  public static EchoService build(PlcNamespace ns, UaFolderNode plant, Duration period) {
    long periodNanos = period.toNanos();
    EchoMeter meter = new EchoMeter(Math.max(TimeUnit.SECONDS.toNanos(1), periodNanos));
    NodeFactory nodes = new NodeFactory(ns);
    UaFolderNode folder = nodes.folder(plant, EchoTags.FOLDER, "Echo");
    DataValue zero = good(Variant.ofUInt32(UInteger.MIN));

    UaVariableNode counterNode =
        nodes.variable(
            folder,
            EchoTags.COUNTER,
            "Counter",
            NodeIds.UInt32,
            false,
            "Counter, one up every echo period; write the value seen to Echo",
            zero);
    ValueSlot counter = ns.register(counterNode);

    UaVariableNode echo =
        nodes.variable(
            folder,
            EchoTags.ECHO,
            "Echo",
            NodeIds.UInt32,
            true,
            "Echo, where a client writes the Counter value it answers; the simulator measures the"
                + " time from setting that value to the write arriving",
            zero);
    ns.registerWritable(echo);
    EchoService service = new EchoService(meter, periodNanos, counter, echo.getNodeId());
    echo.getFilterChain().addFirst(service.new EchoWrite());

    UaVariableNode reset =
        nodes.variable(
            folder,
            EchoTags.RESET,
            "EchoReset",
            NodeIds.Boolean,
            true,
            "Write true to end the echo's statistics window and start a new one; reads false",
            good(Variant.ofBoolean(false)));
    reset.getFilterChain().addFirst(service.new ResetCommand());

    for (Statistic st : STATISTICS) {
      statistic(nodes, folder, service, st);
    }
    nodes.variable(
        folder,
        EchoTags.PERIOD_MS,
        "EchoPeriodMs",
        NodeIds.Double,
        false,
        "The echo period in ms",
        good(Variant.ofDouble(periodNanos / 1e6)));
    return service;
  }

  /** A statistics variable: its identifier, DataType, what it shows, and its value. */
  private record Statistic(
      String identifier, NodeId type, String description, Function<EchoStats, Variant> value) {}

  private static final List<Statistic> STATISTICS =
      List.of(
          new Statistic(
              EchoTags.RESET_COUNT,
              NodeIds.UInt32,
              "windows started by a reset",
              s -> Variant.ofUInt32(UInteger.valueOf(s.window() & 0xFFFFFFFFL))),
          new Statistic(
              EchoTags.COUNT, NodeIds.Int64, "values echoed", s -> Variant.ofInt64(s.count())),
          new Statistic(
              EchoTags.LATENCY_P50_MS,
              NodeIds.Double,
              "median echo latency in ms",
              s -> Variant.ofDouble(s.p50Millis())),
          new Statistic(
              EchoTags.LATENCY_P99_MS,
              NodeIds.Double,
              "99th percentile echo latency in ms",
              s -> Variant.ofDouble(s.p99Millis())),
          new Statistic(
              EchoTags.LATENCY_MAX_MS,
              NodeIds.Double,
              "highest echo latency in ms",
              s -> Variant.ofDouble(s.maxMillis())),
          new Statistic(
              EchoTags.MISSED,
              NodeIds.Int64,
              "values not echoed within max(1 s, the period)",
              s -> Variant.ofInt64(s.missed())),
          new Statistic(
              EchoTags.DUPLICATES,
              NodeIds.Int64,
              "echoes of a value already echoed",
              s -> Variant.ofInt64(s.duplicates())),
          new Statistic(
              EchoTags.UNEXPECTED,
              NodeIds.Int64,
              "echoes of a value not set in this window",
              s -> Variant.ofInt64(s.unexpected())),
          new Statistic(
              EchoTags.PUBLISHED,
              NodeIds.Int64,
              "Counter values set in this window",
              s -> Variant.ofInt64(s.published())));

  /** A read-only variable whose Value is computed from the window's statistics when read. */
  private static void statistic(
      NodeFactory nodes, UaFolderNode folder, EchoService service, Statistic st) {
    String name = st.identifier().substring(st.identifier().lastIndexOf('/') + 1);
    UaVariableNode node =
        nodes.variable(
            folder,
            st.identifier(),
            name,
            st.type(),
            false,
            "Echo statistics of the current window: " + st.description(),
            good(st.value().apply(service.stats())));
    node.getFilterChain()
        .addFirst(
            new AttributeFilter() {
              @Override
              public Object getAttribute(AttributeFilterContext ctx, AttributeId attributeId) {
                return attributeId == AttributeId.Value
                    ? good(st.value().apply(service.stats()))
                    : ctx.getAttribute(attributeId);
              }
            });
  }

  /** Starts setting the Counter every period and the log line each second. */
  public void start() {
    lastStartNanos = System.nanoTime();
    ticker.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    reporter.scheduleAtFixedRate(this::logIfChanged, 1, 1, TimeUnit.SECONDS);
  }

  /** The Echo variable's NodeId: its accepted writes are counted here, not logged one by one. */
  public NodeId echoNodeId() {
    return echoNodeId;
  }

  /**
   * The current window's statistics. A snapshot serves reads for 20 ms unless an echo or a reset
   * came since, so the variables of one Read agree and reflect every echo before it (only {@code
   * missed}, which grows with time alone, may be up to 20 ms old).
   */
  public synchronized EchoStats stats() {
    long now = System.nanoTime();
    long version = meter.version();
    if (snapshot == null || version != snapshotVersion || now - snapshotNanos > SNAPSHOT_NANOS) {
      snapshot = meter.stats(now);
      snapshotNanos = now;
      snapshotVersion = version;
    }
    return snapshot;
  }

  /** Ends the window and starts a new one. */
  public void reset() {
    EchoStats ended = meter.stats(System.nanoTime());
    meter.reset();
    LOG.info("Echo {} (ended by a reset)", ended.describe());
  }

  private void tick() {
    long start = System.nanoTime();
    if (start - lastStartNanos < periodNanos / 2) {
      // An overdue run after a stall: skip it, as the Ticker does, so values never come in a burst.
      return;
    }
    lastStartNanos = start;
    try {
      DateTime now = DateTime.now();
      // The set time is taken before the value is published, so no echo can precede it.
      long v = meter.next(System.nanoTime());
      DataValue value =
          new DataValue(
              Variant.ofUInt32(UInteger.valueOf(v & 0xFFFFFFFFL)), StatusCode.GOOD, now, now);
      counter.node.setAttribute(AttributeId.Value, value);
      counter.publish(value);
    } catch (RuntimeException e) {
      LOG.error("Echo counter tick failed", e);
    }
  }

  private void logIfChanged() {
    try {
      long version = meter.version();
      if (version != lastLoggedVersion) {
        lastLoggedVersion = version;
        LOG.info("Echo {}", meter.stats(System.nanoTime()).describe());
      }
    } catch (RuntimeException e) {
      LOG.error("Echo report failed", e);
    }
  }

  /** Stops the Counter and logs the window's statistics. */
  @Override
  public void close() {
    ticker.shutdownNow();
    reporter.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Echo {} (at stop)", meter.stats(System.nanoTime()).describe());
  }

  private static DataValue good(Variant v) {
    DateTime now = DateTime.now();
    return new DataValue(v, StatusCode.GOOD, now, now);
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Times a client's write to Echo on arrival, then stores it as any write. */
  private final class EchoWrite implements AttributeFilter {
    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      long arrival = System.nanoTime();
      AttributeFilter.super.writeAttribute(ctx, attributeId, value);
      if (attributeId == AttributeId.Value
          && value instanceof DataValue dv
          && dv.value().value() instanceof UInteger echoed) {
        if (meter.echo(echoed.longValue(), arrival) == EchoMeter.Arrival.FIRST_BEYOND_CAP) {
          LOG.warn(
              "The echo window holds {} latencies: later ones are counted but left out of the"
                  + " percentiles; write EchoReset to start a new window",
              EchoMeter.MAX_SAMPLES);
        }
      }
    }
  }

  /** EchoReset: a momentary command, so the value is never stored. */
  private final class ResetCommand implements AttributeFilter {
    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      if (attributeId != AttributeId.Value) {
        AttributeFilter.super.writeAttribute(ctx, attributeId, value);
        return;
      }
      if (value instanceof DataValue dv && Boolean.TRUE.equals(dv.value().value())) {
        reset();
      }
    }
  }
}
