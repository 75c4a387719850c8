package io.plantmesh.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pipeline must carry 100,000+ readings/s into a store of 100,000 tags on a 2-core gateway. Two
 * producers stand in for two sources' publish loops; readings are built before the clock starts so
 * that only the node's own path is measured.
 */
class PipelineThroughputTest {
  private static final int TAGS = 100_000;
  private static final int ROUNDS = 5;
  private static final int BATCH = 500;

  @Test
  void carriesAHundredThousandReadingsPerSecondOverAHundredThousandTags() throws Exception {
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
      List<List<Reading>> a = batches(paths, 0, TAGS / 2);
      List<List<Reading>> b = batches(paths, TAGS / 2, TAGS);
      long total = (long) TAGS * ROUNDS;

      long start = System.nanoTime();
      Thread ta = producer(pipeline.sinkFor("a"), a);
      Thread tb = producer(pipeline.sinkFor("b"), b);
      ta.join();
      tb.join();
      while (seenByListener.get() < total) {
        Thread.onSpinWait();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = total / seconds;
      System.out.printf(
          "pipeline: %d readings in %.3f s = %.0f readings/s%n", total, seconds, rate);

      assertEquals(TAGS, store.size());
      // The last round wins everywhere.
      Reading last = store.get(paths[TAGS - 1]).orElseThrow().reading();
      assertEquals(ROUNDS - 1, ((Value.Int) last.value()).value());
      assertTrue(rate > 100_000, "throughput " + rate + " readings/s is below 100,000");
    }
  }

  private static List<List<Reading>> batches(TagPath[] paths, int from, int to) {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<List<Reading>> out = new ArrayList<>();
    long seq = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Instant t = t0.plusSeconds(round);
      List<Reading> batch = new ArrayList<>(BATCH);
      for (int i = from; i < to; i++) {
        batch.add(new Reading(paths[i], Value.Int.int64(round), Quality.GOOD, t, t, t, "n", seq++));
        if (batch.size() == BATCH) {
          out.add(batch);
          batch = new ArrayList<>(BATCH);
        }
      }
      if (!batch.isEmpty()) {
        out.add(batch);
      }
    }
    return out;
  }

  private static Thread producer(ReadingSink sink, List<List<Reading>> batches) {
    Thread t = new Thread(() -> batches.forEach(sink::accept));
    t.start();
    return t;
  }
}
