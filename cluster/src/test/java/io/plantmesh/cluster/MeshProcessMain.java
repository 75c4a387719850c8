package io.plantmesh.cluster;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mesh member in a process of its own, for tests: {@code key=value} arguments are the flat {@code
 * mesh.*} config (the cluster key from the environment). Prints {@code READY <member id>} once in
 * sync, then obeys lines on stdin: {@code publish <prefix> <count>} (answers {@code PUBLISHED
 * <count>}), {@code size} (answers {@code SIZE <n>}), {@code record} / {@code latency} (records the
 * time from each reading's receivedTime to its arrival in the change feed, then answers {@code
 * LATENCY <samples> <p50 us> <p99 us> <max us>}), {@code heap} (answers {@code HEAP <bytes used
 * after GC>}), and the ownership and write commands of {@link ProcessCommands}. Closes the mesh at
 * end of input.
 */
public final class MeshProcessMain {
  private static volatile long[] recorder = new long[0];
  private static volatile int recorded;
  private static volatile long lastSequence;
  private static Registration registration = () -> {};

  private MeshProcessMain() {}

  /** On the table's apply thread: one writer, published through the volatile fields. */
  private static void record(List<Reading> changes) {
    long now = micros(Instant.now());
    long[] r = recorder;
    int n = recorded;
    for (Reading x : changes) {
      if (n == r.length) {
        r = java.util.Arrays.copyOf(r, n * 2);
      }
      r[n++] = now - micros(x.receivedTime());
    }
    recorder = r;
    recorded = n;
    lastSequence = changes.get(changes.size() - 1).sequence();
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> props = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      props.put(a.substring(0, eq), a.substring(eq + 1));
    }
    try (Mesh mesh = Mesh.start(MeshConfig.fromProperties(props, System.getenv()))) {
      if (!mesh.tagTable().awaitSynced(Duration.ofSeconds(30))) {
        System.out.println("NOT-SYNCED");
      }
      System.out.println("READY " + mesh.memberId());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      long seq = 0;
      for (String line; (line = in.readLine()) != null; ) {
        String[] cmd = line.strip().split("\\s+");
        switch (cmd[0]) {
          case "publish" -> {
            int n = Integer.parseInt(cmd[2]);
            List<Reading> batch = new ArrayList<>(n);
            Instant now = Instant.now();
            for (int i = 0; i < n; i++) {
              batch.add(
                  new Reading(
                      TagPath.of(cmd[1] + "/tag-" + i),
                      new Value.Float64(i),
                      Quality.GOOD,
                      now,
                      now,
                      now,
                      mesh.name(),
                      ++seq));
            }
            mesh.tagTable().publish("plc-proc", batch);
            System.out.println("PUBLISHED " + n);
          }
          case "size" -> System.out.println("SIZE " + mesh.tagTable().size());
          case "record" -> {
            recorder = new long[1 << 20];
            recorded = 0;
            lastSequence = 0;
            registration = mesh.tagTable().subscribeAll(false, MeshProcessMain::record);
            System.out.println("RECORDING");
          }
          case "latency" -> {
            // Wait for the last reading the publisher sent, then stop recording.
            long last = Long.parseLong(cmd[1]);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lastSequence < last && System.nanoTime() < deadline) {
              Thread.sleep(5);
            }
            registration.close();
            int n = recorded;
            long[] s = java.util.Arrays.copyOf(recorder, n);
            java.util.Arrays.sort(s);
            System.out.println(
                n == 0
                    ? "LATENCY 0 0 0 0"
                    : "LATENCY "
                        + n
                        + " "
                        + s[n / 2]
                        + " "
                        + s[Math.min(n - 1, (int) (n * 0.99))]
                        + " "
                        + s[n - 1]);
          }
          case "heap" -> {
            for (int i = 0; i < 4; i++) {
              System.gc();
              Thread.sleep(200);
            }
            System.out.println(
                "HEAP "
                    + java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage()
                        .getUsed());
          }
          default -> System.out.println(ProcessCommands.run(mesh, cmd, line));
        }
        System.out.flush();
      }
    }
  }
}
