package io.plantmesh.kafka.forward;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.kafka.summary.SummaryAggregator;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.outbox.OutboxRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real summaries, window after window: a {@link SummaryAggregator} fed with two readings per tag
 * per 1 s window, on a virtual clock.
 */
final class SummaryFeed {
  static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  private final SummaryAggregator aggregator =
      new SummaryAggregator(
          SummaryConfig.fromMap(Map.of("default-window", "1s", "allowed-lateness", "0s")), T0);
  private final List<TagPath> tags = new ArrayList<>();
  private final String node;
  private long window;
  private long seq;

  SummaryFeed(int tagCount, String node) {
    for (int i = 0; i < tagCount; i++) {
      tags.add(TagPath.of("plant1/line" + (i % 4) + "/cell" + (i / 4) + "/temp"));
    }
    this.node = node;
  }

  /** The summaries of the next window, one per tag, as Outbox records. */
  List<OutboxRecord> next() {
    Instant start = T0.plusSeconds(window);
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      for (int k = 0; k < 2; k++) {
        Instant t = start.plusMillis(100 + 500L * k);
        batch.add(
            new Reading(
                tags.get(i),
                Value.of(20.0 + i + window * 0.01 + k),
                Quality.GOOD,
                t,
                null,
                t,
                node,
                ++seq));
      }
    }
    aggregator.accept(batch);
    window++;
    List<Summary> out = aggregator.advanceTo(T0.plusSeconds(window));
    return UpstreamRecords.summaries(out, node);
  }

  /** {@code windows} windows at once. */
  List<OutboxRecord> next(int windows) {
    List<OutboxRecord> out = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      out.addAll(next());
    }
    return out;
  }

  int tagCount() {
    return tags.size();
  }
}
