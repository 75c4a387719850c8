package io.plantmesh.node.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.node.config.UpstreamSettings;
import io.plantmesh.node.internal.Upstream;
import io.plantmesh.node.pipeline.Pipeline;
import io.plantmesh.node.pipeline.TagStore;
import io.plantmesh.outbox.OutboxConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every upstream meter a dashboard relies on is in the scrape, under the documented name and tags,
 * and reads (no NaN): here with the link down (its broker port has no listener).
 */
class UpstreamMetricsTest {
  static final Set<String> FAMILIES =
      Set.of(
          "plantmesh_uplink_link_state",
          "plantmesh_uplink_route_active",
          "plantmesh_uplink_records_total",
          "plantmesh_uplink_records_in_flight",
          "plantmesh_outbox_backlog_records",
          "plantmesh_outbox_backlog_bytes",
          "plantmesh_outbox_evicted_records_total",
          "plantmesh_outbox_oldest_record_age_seconds",
          "plantmesh_outbox_replay_rate",
          "plantmesh_outbox_drain_seconds",
          "plantmesh_outbox_disk_bytes",
          "plantmesh_outbox_max_bytes",
          "plantmesh_outbox_appended_records_total",
          "plantmesh_outbox_refused_records_total",
          "plantmesh_summaries_emitted_total",
          "plantmesh_summaries_partial_total",
          "plantmesh_summaries_readings_dropped_total",
          "plantmesh_summaries_open_windows",
          "plantmesh_summaries_pending",
          "plantmesh_summaries_lost_total");

  @TempDir Path dir;

  @Test
  void everyFamilyIsScrapedWithItsTags() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    UplinkConfig link = UplinkConfig.of("127.0.0.1:" + closedPort, "gw-m");
    UpstreamSettings settings =
        new UpstreamSettings(
            true,
            SummaryConfig.defaults(),
            OutboxConfig.of(dir).withSizes(16L << 20, 1L << 20),
            Optional.of(link),
            Forwarder.Settings.of(link));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Pipeline pipeline = new Pipeline(new TagStore(), 10, registry);
        Upstream upstream = Upstream.open(settings, "gw-m")) {
      pipeline.start();
      upstream.startSummaries(pipeline);
      upstream.startForwarding(List.of());
      UpstreamMetrics.register(registry, upstream);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  registry
                      .scrape()
                      .contains("plantmesh_uplink_link_state{route=\"kafka\",state=\"down\"} 1.0"));
      String scrape = registry.scrape();
      TreeSet<String> missing = new TreeSet<>();
      for (String f : FAMILIES) {
        if (scrape.lines().noneMatch(l -> l.startsWith(f + " ") || l.startsWith(f + "{"))) {
          missing.add(f);
        }
      }
      assertTrue(missing.isEmpty(), "not scraped: " + missing + "\n" + scrape);
      for (String line :
          List.of(
              "plantmesh_uplink_route_active{route=\"kafka\"} 0.0",
              "plantmesh_uplink_records_total{outcome=\"sent-live\"} 0.0",
              "plantmesh_uplink_records_total{outcome=\"sent-replayed\"} 0.0",
              "plantmesh_uplink_records_total{outcome=\"failed\"} 0.0",
              "plantmesh_uplink_records_total{outcome=\"rejected\"} 0.0",
              "plantmesh_outbox_backlog_records{priority=\"alarm\"} 0.0",
              "plantmesh_outbox_backlog_records{priority=\"event\"} 0.0",
              "plantmesh_outbox_backlog_records{priority=\"summary\"} 0.0",
              "plantmesh_outbox_evicted_records_total{priority=\"summary\"} 0.0",
              "plantmesh_summaries_readings_dropped_total{reason=\"late\"} 0.0",
              "plantmesh_summaries_readings_dropped_total{reason=\"clock-skew\"} 0.0",
              "plantmesh_summaries_lost_total{reason=\"outbox-unavailable\"} 0.0",
              "plantmesh_outbox_max_bytes 1.6777216E7")) {
        assertTrue(scrape.contains(line + "\n"), "missing: " + line + "\n" + scrape);
      }
      assertFalse(
          scrape.lines().anyMatch(l -> l.startsWith("plantmesh_") && l.endsWith("NaN")), scrape);
    }
  }
}
