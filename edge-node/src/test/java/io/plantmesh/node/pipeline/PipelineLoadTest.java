package io.plantmesh.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A million readings from two concurrent sources into a store of 100,000 tags: every reading
 * reaches the listeners, each counted once as ingested, and the newest round wins everywhere. Speed
 * is measured by the ingest benchmark (integration-tests, -Pbench), not here.
 */
class PipelineLoadTest {
  private static final int TAGS = 100_000;
  private static final int ROUNDS = 10;
  private static final int BATCH = 500;

  @Test
  void carriesAMillionReadingsOverAHundredThousandTags() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TagStore store = new TagStore();
    AtomicLong seenByListener = new AtomicLong();
    try (Pipeline pipeline = new Pipeline(store, 1000, registry)) {
      pipeline.addListener((s, readings) -> seenByListener.addAndGet(readings.size()));
      pipeline.start();
      TagPath[] paths = new TagPath[TAGS];
      for (int i = 0; i < TAGS; i++) {
        paths[i] = TagPath.of("plant/line" + (i % 10) + "/cell" + (i % 100) + "/t" + i);
      }
      long total = (long) TAGS * ROUNDS;

      Thread ta = producer(pipeline.sinkFor("a"), paths, 0, TAGS / 2);
      Thread tb = producer(pipeline.sinkFor("b"), paths, TAGS / 2, TAGS);
      ta.join();
      tb.join();
      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> seenByListener.get() >= total);
      assertEquals(total, seenByListener.get());
      assertEquals(total, registry.get("plantmesh.readings.ingested").counter().count());

      assertEquals(TAGS, store.size());
      // The last round wins everywhere.
      Reading last = store.get(paths[TAGS - 1]).orElseThrow().reading();
      assertEquals(ROUNDS - 1, ((Value.Int) last.value()).value());
    }
  }

  private static Thread producer(ReadingSink sink, TagPath[] paths, int from, int to) {
    Thread t =
        new Thread(
            () -> {
              Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
              long seq = 0;
              for (int round = 0; round < ROUNDS; round++) {
                Instant time = t0.plusSeconds(round);
                Value value = Value.Int.int64(round);
                List<Reading> batch = new ArrayList<>(BATCH);
                for (int i = from; i < to; i++) {
                  batch.add(
                      new Reading(paths[i], value, Quality.GOOD, time, time, time, "n", seq++));
                  if (batch.size() == BATCH) {
                    sink.accept(batch);
                    batch = new ArrayList<>(BATCH);
                  }
                }
                if (!batch.isEmpty()) {
                  sink.accept(batch);
                }
              }
            });
    t.start();
    return t;
  }
}
