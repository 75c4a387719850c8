package io.plantmesh.node.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.node.config.UpstreamSettings;
import io.plantmesh.node.pipeline.Pipeline;
import io.plantmesh.node.pipeline.TagStore;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxConfig;
import io.plantmesh.outbox.Priority;
import io.plantmesh.outbox.StoredRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Summary windows follow the episodes in which a source delivers on this node: a stop closes the
 * open windows as partial, covered up to the stop, after the source's last batches (even those
 * still queued in the pipeline); a new start begins a new partial window; the node's shutdown
 * closes the rest. A real pipeline, real aggregators and the Outbox on disk, read back afterwards.
 */
class UpstreamEpisodesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TagPath TAG = TagPath.of("line1/oven/temp");

  @TempDir Path dir;
  private long seq;

  private Reading reading(double v) {
    Instant now = Instant.now();
    return new Reading(TAG, Value.of(v), Quality.GOOD, now, null, now, "gw-t", ++seq);
  }

  @Test
  void aStopClosesTheWindowsAfterTheSourcesLastBatchesAndAStartOpensNewOnes() throws Exception {
    OutboxConfig outbox = OutboxConfig.of(dir.resolve("outbox")).withSizes(16L << 20, 1L << 20);
    UpstreamSettings settings =
        new UpstreamSettings(
            true,
            SummaryConfig.fromMap(Map.of("default-window", "1s", "allowed-lateness", "0s")),
            outbox,
            Optional.empty(),
            Forwarder.Settings.defaults("gw-t"));
    Pipeline pipeline = new Pipeline(new TagStore(), 100, new SimpleMeterRegistry());
    // A listener that holds the dispatcher: batches wait in the queue while the source stops.
    CountDownLatch hold = new CountDownLatch(1);
    pipeline.addListener(
        (source, readings) -> {
          try {
            hold.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    pipeline.start();
    Upstream upstream = Upstream.open(settings, "gw-t");
    Instant started;
    Instant stoppedFrom;
    Instant stoppedTo;
    Instant restarted;
    try {
      upstream.startSummaries(pipeline);
      ReadingSink sink = pipeline.sinkFor("plc");
      started = Instant.now();
      upstream.collecting("plc");
      sink.accept(List.of(reading(1.0)));
      sink.accept(List.of(reading(2.0)));
      stoppedFrom = Instant.now();
      upstream.stopped("plc");
      stoppedTo = Instant.now();
      hold.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> upstream.summaries().summaries() > 0);
      assertEquals(2, upstream.summaries().accepted(), "both readings in the first episode");

      restarted = Instant.now();
      upstream.collecting("plc");
      sink.accept(List.of(reading(3.0)));
      await().atMost(Duration.ofSeconds(5)).until(() -> upstream.summaries().accepted() == 3);
      assertEquals(1, upstream.summarisedSources());
    } finally {
      upstream.close();
      pipeline.close();
    }

    List<JsonNode> summaries = new ArrayList<>();
    try (Outbox o = Outbox.open(outbox)) {
      for (StoredRecord r : o.readBacklog(Priority.SUMMARY, 1000)) {
        assertEquals(TAG.toString(), r.key(), "key = tag path");
        assertEquals("gw-t", r.headers().get("plantmesh-node"));
        summaries.add(JSON.readTree(r.payload()));
      }
    }
    // The first episode ends partial at the stop, with both readings; the second starts partial.
    JsonNode first = summaries.get(0);
    assertTrue(first.get("partial").asBoolean(), first.toString());
    assertFalse(Instant.parse(first.get("coveredFrom").asText()).isBefore(started.minusMillis(1)));
    JsonNode endOfFirst =
        summaries.stream()
            .filter(s -> s.has("coveredTo") && within(s.get("coveredTo"), stoppedFrom, stoppedTo))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no window covered up to the stop: " + summaries));
    assertTrue(endOfFirst.get("partial").asBoolean());
    long firstEpisode =
        summaries.stream()
            .filter(s -> !Instant.parse(s.get("coveredTo").asText()).isAfter(stoppedTo))
            .mapToLong(s -> s.get("count").asLong())
            .sum();
    assertEquals(2, firstEpisode, "the queued readings went to the first episode: " + summaries);
    JsonNode secondStart =
        summaries.stream()
            .filter(s -> !Instant.parse(s.get("coveredFrom").asText()).isBefore(restarted))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no window of the second episode: " + summaries));
    assertTrue(secondStart.get("partial").asBoolean(), secondStart.toString());
    JsonNode last = summaries.get(summaries.size() - 1);
    assertTrue(last.get("partial").asBoolean(), "the shutdown closed the last window: " + last);
    assertEquals(3.0, last.get("last").get("value").asDouble());
    assertEquals(
        summaries.size(),
        summaries.stream().map(s -> s.get("id").asText()).distinct().count(),
        "every window of every episode has its own id");
  }

  /** Summaries keep times to the microsecond: {@code from} is compared at that precision. */
  private static boolean within(JsonNode time, Instant from, Instant to) {
    Instant t = Instant.parse(time.asText());
    return !t.isBefore(from.truncatedTo(java.time.temporal.ChronoUnit.MICROS)) && !t.isAfter(to);
  }
}
