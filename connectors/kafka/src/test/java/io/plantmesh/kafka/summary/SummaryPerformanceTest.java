package io.plantmesh.kafka.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The figures the README quotes: readings per second through {@code accept} on one thread, and the
 * heap one aggregator holds for 100,000 tags. The bounds asserted are loose (the build machine is
 * shared); the measured figures are printed.
 */
class SummaryPerformanceTest {
  private static final int TAGS = 100_000;
  private static final int ROUNDS = 10;
  private static final int BATCH = 1000;
  private static final Instant START = Harness.T0;

  private static final SummaryConfig CONFIG =
      SummaryConfig.fromMap(Map.of("default-window", "1s", "allowed-lateness", "2s"));

  @Test
  void acceptThroughputOnOneThreadAndClosing() {
    List<TagPath> tags = tags();
    List<List<Reading>> batches = batches(tags, ROUNDS, true);
    long readings = (long) TAGS * ROUNDS;
    double best = 0;
    for (int pass = 0; pass < 4; pass++) { // the first passes warm the JIT up
      SummaryAggregator agg = new SummaryAggregator(CONFIG, START);
      long t0 = System.nanoTime();
      for (List<Reading> b : batches) {
        agg.accept(b);
      }
      long ns = System.nanoTime() - t0;
      assertEquals(readings, agg.metrics().accepted());
      best = Math.max(best, readings * 1e9 / ns);
      if (pass == 3) {
        // Closing: every tag's windows [0,1) (10 readings each) are emitted.
        long c0 = System.nanoTime();
        List<Summary> out = agg.advanceTo(START.plusSeconds(3));
        long closeNs = System.nanoTime() - c0;
        assertEquals(TAGS, out.size());
        assertTrue(out.stream().allMatch(s -> s.count() == ROUNDS));
        for (int i = 0; i < out.size(); i += 100) {
          SchemaCheck.check(out.get(i));
        }
        System.out.printf(
            "summaries: closed %d windows in %d ms (%.0f summaries/s)%n",
            out.size(), closeNs / 1_000_000, out.size() * 1e9 / closeNs);
      }
    }
    System.out.printf("summaries: accept %.2f million readings/s on one thread%n", best / 1e6);
    assertTrue(best > 250_000, "accept ran at " + best + " readings/s");
  }

  @Test
  void heapPerHundredThousandTags() {
    List<TagPath> tags = tags();
    // one reading per tag, each with its own value object, as a source delivers them
    List<List<Reading>> batches = batches(tags, 1, false);
    long before = usedHeap();
    SummaryAggregator agg = new SummaryAggregator(CONFIG, START);
    for (List<Reading> b : batches) {
      agg.accept(b);
    }
    long after = usedHeap();
    assertEquals(TAGS, agg.metrics().openWindows());
    double mb = (after - before) / 1e6;
    System.out.printf(
        "summaries: heap for %d tags with one open window each: %.1f MB (%.0f bytes per tag)%n",
        TAGS, mb, (after - before) / (double) TAGS);
    assertTrue(mb < 150, "heap per 100k tags: " + mb + " MB");
    // keeps everything reachable until measured
    assertEquals(TAGS, agg.metrics().tags());
    assertEquals(TAGS / BATCH, batches.size());
    assertEquals(TAGS, tags.size());
  }

  private static List<TagPath> tags() {
    List<TagPath> tags = new ArrayList<>(TAGS);
    for (int i = 0; i < TAGS; i++) {
      tags.add(TagPath.of("plant1/line" + (i % 20) + "/cell" + (i % 7) + "/tag" + i));
    }
    return tags;
  }

  /**
   * Rounds 100 ms apart: every tag once per round, in batches as a source delivers them; values
   * from a small pool (so that a million readings fit the test's heap) or each its own.
   */
  private static List<List<Reading>> batches(List<TagPath> tags, int rounds, boolean pooled) {
    Value[] values = new Value[1024];
    for (int i = 0; i < values.length; i++) {
      values[i] = Value.of(i * 0.5);
    }
    List<List<Reading>> batches = new ArrayList<>();
    long seq = 0;
    for (int r = 0; r < rounds; r++) {
      Instant t = START.plusMillis(100L * r);
      for (int from = 0; from < TAGS; from += BATCH) {
        List<Reading> b = new ArrayList<>(BATCH);
        for (int i = from; i < from + BATCH; i++) {
          b.add(
              new Reading(
                  tags.get(i),
                  pooled ? values[(i + r) & 1023] : Value.of(i * 0.5),
                  Quality.GOOD,
                  t,
                  null,
                  t,
                  "n",
                  ++seq));
        }
        batches.add(b);
      }
    }
    return batches;
  }

  private static long usedHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
