package io.plantmesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at random moments: a {@link CrashChild} JVM appends as fast as it can and says
 * which sequences are durable; after each kill the Outbox is reopened and must hold every one of
 * them (but the alarms it was about to acknowledge and the summaries evicted oldest first), in
 * order, intact, with no corrupt record, within the byte bound.
 */
class CrashTest {
  private static final int ROUNDS = 20;
  private static final long TIME_BUDGET_MS = 60_000;
  private static final long MAX_BYTES = 512 * 1024;
  private static final long SEGMENT_BYTES = 16 * 1024;

  @TempDir Path dir;

  /** What the child said, over all rounds: per class, durable sequence → record index. */
  private final Map<Priority, TreeMap<Long, Long>> durable = new HashMap<>();

  private final Set<Long> alarmAckIntents = new HashSet<>();

  @Test
  void everyDurableRecordSurvivesKillMinusNine() throws Exception {
    durable.put(Priority.ALARM, new TreeMap<>());
    durable.put(Priority.SUMMARY, new TreeMap<>());
    Random random = new Random(20261125);
    long start = System.currentTimeMillis();
    int rounds = 0;
    long tornBytes = 0;
    int tornRounds = 0;
    for (; rounds < ROUNDS && System.currentTimeMillis() - start < TIME_BUDGET_MS; rounds++) {
      // Some rounds die during recovery, most while appending.
      long delayMs = rounds % 5 == 4 ? random.nextInt(5) : 100 + random.nextInt(900);
      runChildAndKill(rounds * 100_000_000L, delayMs);
      long torn = verify(rounds);
      tornBytes += torn;
      tornRounds += torn > 0 ? 1 : 0;
    }
    assertTrue(rounds >= 10, "only " + rounds + " rounds in the time budget");
    long alarms = durable.get(Priority.ALARM).size();
    long summaries = durable.get(Priority.SUMMARY).size();
    System.out.printf(
        "CrashTest: %d kill -9 rounds in %d ms; %d alarms and %d summaries reported durable;"
            + " torn tails cut in %d rounds (%d bytes); no loss, no corruption%n",
        rounds, System.currentTimeMillis() - start, alarms, summaries, tornRounds, tornBytes);
    assertTrue(summaries > 1000, "the child appended: " + summaries);
  }

  private void runChildAndKill(long firstIndex, long delayMs) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(CrashChild.class.getName());
    cmd.addAll(
        List.of(
            dir.toString(),
            Long.toString(MAX_BYTES),
            Long.toString(SEGMENT_BYTES),
            Long.toString(firstIndex)));
    File log = Path.of("target", "crash-child.log").toFile();
    Process p =
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
    CountDownLatch ready = new CountDownLatch(1);
    List<String> lines = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                  if (l.equals("READY")) {
                    ready.countDown();
                  }
                  lines.add(l);
                }
              } catch (IOException e) {
                // The child was killed.
              }
            },
            "crash-child-stdout");
    reader.start();
    assertTrue(ready.await(30, TimeUnit.SECONDS), "the child opened the Outbox (see " + log + ")");
    if (delayMs > 0) {
      // Sleeping the child's lifetime is the point here, not synchronisation.
      Thread.sleep(delayMs);
    }
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    reader.join(10_000);
    for (String l : lines) {
      String[] f = l.split(" ");
      if (f[0].equals("D") && f.length == 5) {
        TreeMap<Long, Long> m = durable.get(Priority.valueOf(f[1]));
        long seq = Long.parseLong(f[2]);
        long index = Long.parseLong(f[3]);
        for (int k = 0; k < Integer.parseInt(f[4]); k++) {
          m.put(seq + k, index + k);
        }
      } else if (f[0].equals("K") && f.length == 2) {
        alarmAckIntents.add(Long.parseLong(f[1]));
      }
    }
  }

  /** Reopens the Outbox and checks it against what the child reported; the torn bytes cut. */
  private long verify(int round) throws IOException {
    OutboxConfig c = OutboxConfig.of(dir).withSizes(MAX_BYTES, SEGMENT_BYTES);
    try (Outbox outbox = Outbox.open(c)) {
      OutboxStats s = outbox.stats();
      assertEquals(0, s.corruptRecords(), "round " + round + ": nothing corrupt");
      assertTrue(segmentBytes() <= MAX_BYTES, "round " + round + ": within the bound");
      TreeMap<Long, StoredRecord> alarms = readAll(outbox, Priority.ALARM, round);
      TreeMap<Long, StoredRecord> summaries = readAll(outbox, Priority.SUMMARY, round);

      for (Map.Entry<Long, Long> e : durable.get(Priority.ALARM).entrySet()) {
        if (!alarmAckIntents.contains(e.getKey())) {
          StoredRecord r = alarms.get(e.getKey());
          assertTrue(r != null, "round " + round + ": durable alarm " + e.getKey() + " lost");
          assertEquals(e.getValue(), Records.index(r), "alarm " + e.getKey() + " is its record");
        }
      }
      long oldestSummary = summaries.isEmpty() ? Long.MAX_VALUE : summaries.firstKey();
      for (Map.Entry<Long, Long> e :
          durable.get(Priority.SUMMARY).tailMap(oldestSummary, true).entrySet()) {
        StoredRecord r = summaries.get(e.getKey());
        assertTrue(r != null, "round " + round + ": durable summary " + e.getKey() + " lost");
        assertEquals(e.getValue(), Records.index(r), "summary " + e.getKey() + " is its record");
      }
      TreeMap<Long, Long> reported = durable.get(Priority.SUMMARY);
      if (!reported.isEmpty()) {
        assertTrue(
            summaries.containsKey(reported.lastKey()), "the newest summary is never evicted");
      }
      return s.tornTailBytes();
    }
  }

  private static TreeMap<Long, StoredRecord> readAll(Outbox outbox, Priority p, int round) {
    TreeMap<Long, StoredRecord> out = new TreeMap<>();
    long last = -1;
    long lastIndex = -1;
    for (List<StoredRecord> got; !(got = outbox.readBacklog(p, 1000)).isEmpty(); ) {
      for (StoredRecord r : got) {
        assertTrue(r.sequence() > last, "round " + round + ": in order");
        assertTrue(Records.index(r) > lastIndex, "round " + round + ": records in append order");
        assertTrue(Records.intact(r, 200), "round " + round + ": " + r + " intact");
        last = r.sequence();
        lastIndex = Records.index(r);
        out.put(r.sequence(), r);
      }
    }
    return out;
  }

  private long segmentBytes() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long n = 0;
      for (Path f : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
        n += Files.size(f);
      }
      return n;
    }
  }
}
