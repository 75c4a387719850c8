package io.plantmesh.bench;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.forward.UpstreamRecords;
import io.plantmesh.kafka.summary.SummaryAggregator;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.outbox.OutboxRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real summaries for the upstream benchmark: a {@link SummaryAggregator} over {@code tags} numeric
 * tags with two readings per 1 s window, one window at a time (what a node appends per tick).
 */
final class SummaryBacklog {
  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

  private final SummaryAggregator aggregator =
      new SummaryAggregator(
          SummaryConfig.fromMap(Map.of("default-window", "1s", "allowed-lateness", "0s")), T0);
  private final List<TagPath> tags = new ArrayList<>();
  private long window;
  private long seq;

  SummaryBacklog(int tagCount) {
    for (int i = 0; i < tagCount; i++) {
      tags.add(
          TagPath.of(
              "plant1/area" + (i % 5) + "/line" + (i % 20) + "/cell" + (i / 100) + "/tag" + i));
    }
  }

  /** The summaries of the next window: one per tag. */
  List<OutboxRecord> nextWindow() {
    Instant start = T0.plusSeconds(window);
    List<Reading> batch = new ArrayList<>(tags.size() * 2);
    for (int i = 0; i < tags.size(); i++) {
      for (int k = 0; k < 2; k++) {
        Instant t = start.plusMillis(100 + 500L * k);
        double v = 20.0 + (i % 97) + Math.sin(window * 0.1 + k) * 3.0;
        batch.add(new Reading(tags.get(i), Value.of(v), Quality.GOOD, t, null, t, "bench", ++seq));
      }
    }
    aggregator.accept(batch);
    window++;
    return UpstreamRecords.summaries(aggregator.advanceTo(T0.plusSeconds(window)), "bench");
  }
}
