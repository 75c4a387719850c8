package io.plantmesh.cluster;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The publishing and recording halves of {@link TagTableBench}. */
final class BenchSupport {
  static final int TAGS = 10_000;
  static final long BATCH_INTERVAL_NANOS = 10_000_000L;

  private BenchSupport() {}

  /** Latencies in microseconds, recorded on one thread per peer. */
  static final class Recorder {
    long[] samples = new long[1 << 20];
    int n;
    volatile boolean on;
    volatile long lastSeq;

    void add(long micros) {
      if (!on) {
        return;
      }
      if (n == samples.length) {
        samples = Arrays.copyOf(samples, n * 2);
      }
      samples[n++] = micros;
    }
  }

  /** Publishes batches every 10 ms at a target rate, as an OPC UA source delivers them. */
  static final class Pacer {
    final TagTable table;
    final String origin;
    final List<TagPath> paths = new ArrayList<>();
    long seq;

    Pacer(TagTable table, String origin) {
      this.table = table;
      this.origin = origin;
      for (int i = 0; i < BenchSupport.TAGS; i++) {
        paths.add(TagPath.of("bench/line-" + (i % 20) + "/cell-" + (i % 7) + "/tag-" + i));
      }
    }

    /** Warms up for half of {@code seconds}, then measures; returns the achieved rate. */
    double run(int rate, int seconds, Runnable atMeasureStart) throws InterruptedException {
      int perBatch =
          Math.max(1, (int) ((long) rate * BenchSupport.BATCH_INTERVAL_NANOS / 1_000_000_000L));
      long start = System.nanoTime();
      long measureFrom = start + Math.max(1, seconds / 2) * 1_000_000_000L;
      long end = measureFrom + seconds * 1_000_000_000L;
      long next = start;
      long published = 0;
      long measuredFrom = -1;
      while (System.nanoTime() < end) {
        if (measuredFrom < 0 && System.nanoTime() >= measureFrom) {
          atMeasureStart.run();
          measuredFrom = published;
        }
        List<Reading> batch = new ArrayList<>(perBatch);
        Instant now = Instant.now();
        for (int i = 0; i < perBatch; i++) {
          seq++;
          batch.add(
              new Reading(
                  paths.get((int) (seq % BenchSupport.TAGS)),
                  new Value.Float64(seq),
                  Quality.GOOD,
                  now,
                  now,
                  now,
                  origin,
                  seq));
        }
        table.publish("plc-bench", batch);
        published += perBatch;
        next += BenchSupport.BATCH_INTERVAL_NANOS;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      return (published - measuredFrom) / (double) seconds;
    }
  }
}
