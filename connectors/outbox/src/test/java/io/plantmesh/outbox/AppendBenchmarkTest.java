package io.plantmesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for the README, printed (surefire's output file): append rate with fsync per batch and
 * with the interval policy (batches of 100 records of 200 B payload), disk bytes per record,
 * backlog replay rate and recovery (open) time. Time-bounded; asserts only that it worked.
 */
class AppendBenchmarkTest {
  private static final int BATCH = 100;
  private static final long BUDGET_NANOS = Duration.ofSeconds(2).toNanos();

  /** A cap on the bytes written (about 56 MiB a run): the build machine's disk is shared. */
  private static final int MAX_BATCHES = 2000;

  @TempDir Path dir;

  @Test
  void measure() {
    List<OutboxRecord> batch = Records.batch(Priority.SUMMARY, 0, BATCH);
    OutboxConfig every = OutboxConfig.of(dir.resolve("every"));
    long n = appendFor(every, batch);
    OutboxConfig interval =
        OutboxConfig.of(dir.resolve("interval"))
            .withFsync(FsyncPolicy.INTERVAL, Duration.ofSeconds(1));
    long m = appendFor(interval, batch);

    long t0 = System.nanoTime();
    try (Outbox outbox = Outbox.open(every)) {
      long open = System.nanoTime() - t0;
      OutboxStats s = outbox.stats();
      assertEquals(n, s.backlogRecords());
      double perRecord = s.diskBytes() / (double) s.backlogRecords();
      long t1 = System.nanoTime();
      long replayed = 0;
      for (List<StoredRecord> got;
          !(got = outbox.readBacklog(Priority.SUMMARY, 1000)).isEmpty(); ) {
        replayed += got.size();
        outbox.acknowledge(Records.positions(got));
      }
      double replaySecs = (System.nanoTime() - t1) / 1e9;
      assertEquals(n, replayed);
      System.out.printf(
          "Outbox benchmark: fsync every batch: %d records (%d MiB) appended;"
              + " disk bytes per record %.1f (200 B payload, key, id, one header);"
              + " replay+ack %.0f records/s; open (recovery scan) of %d MiB in %d ms%n",
          n,
          s.diskBytes() >> 20,
          perRecord,
          replayed / replaySecs,
          s.diskBytes() >> 20,
          open / 1_000_000);
    }
    assertTrue(n > 0 && m > 0);
  }

  private long appendFor(OutboxConfig c, List<OutboxRecord> batch) {
    long batches = 0;
    long start = System.nanoTime();
    long elapsed;
    try (Outbox outbox = Outbox.open(c)) {
      do {
        outbox.append(batch);
        batches++;
        elapsed = System.nanoTime() - start;
      } while (elapsed < BUDGET_NANOS && batches < MAX_BATCHES);
    }
    double secs = elapsed / 1e9;
    System.out.printf(
        "Outbox benchmark: %s: %d batches of %d in %.2f s = %.0f batches/s, %.0f records/s%n",
        c.fsyncPolicy().key(), batches, BATCH, secs, batches / secs, batches * BATCH / secs);
    return batches * BATCH;
  }
}
