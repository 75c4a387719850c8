package io.plantmesh.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plantmesh.core.Source;
import io.plantmesh.core.SourceState;

/**
 * A source's state and counters as meters. They read {@link Source#status()} when scraped, so the
 * source needs no knowledge of Micrometer. The readings counter and the notification-lag
 * distribution are kept by the pipeline, which sees every reading.
 */
public final class SourceMetrics {
  private SourceMetrics() {}

  public static void register(MeterRegistry registry, Source source) {
    String id = source.id();
    Gauge.builder(
            "plantmesh.source.connected",
            source,
            s -> s.status().state() == SourceState.CONNECTED ? 1 : 0)
        .description("1 while the source has a Session with its server, else 0")
        .tag("source", id)
        .register(registry);
    Gauge.builder("plantmesh.bad.items", source, s -> s.status().badItems())
        .description("Tags of the source whose latest reading or MonitoredItem is BAD")
        .tag("source", id)
        .register(registry);
    Gauge.builder("plantmesh.good.items", source, s -> s.status().goodItems())
        .description("Tags of the source whose latest reading is GOOD or UNCERTAIN")
        .tag("source", id)
        .register(registry);
    FunctionCounter.builder(
            "plantmesh.source.reconnects", source, s -> (double) s.status().reconnects())
        .description("Sessions re-established after a loss")
        .tag("source", id)
        .register(registry);
  }
}
