package io.plantmesh.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * One window of the bare Hazelcast baseline: listeners B and C start first, publisher A joins,
 * subscribes to the simulator and puts every change; after a warm-up B and C record a window.
 * Optionally measures memory and, by killing A, Hazelcast's own failure detection.
 */
final class BarePhase {
  /** What a window of the baseline measured. */
  record Result(
      String mode,
      double receivedPerSecond,
      double setPerSecond,
      double deliveredPerSecond,
      LatencySamples.Window window,
      long[] rss,
      long[] heap,
      double detectionSeconds) {}

  private BarePhase() {}

  static Result run(
      String mode,
      String endpoint,
      String root,
      int tags,
      int rateMillis,
      List<String> jvm,
      Duration warmup,
      Duration window,
      boolean memory,
      boolean killPublisher,
      Path out)
      throws Exception {
    int[] ports = {MeshNodes.freePort(), MeshNodes.freePort(), MeshNodes.freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
    String cluster = "bare-" + ports[0];
    String label = "bare-" + mode + "-" + tags + "-" + rateMillis + "ms";
    List<String> jvmArgs = new ArrayList<>(BenchSupport.HAZELCAST_JVM_FLAGS);
    jvmArgs.addAll(jvm);
    // The JBoss LogManager is on the test class path: install it before anything logs.
    jvmArgs.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    try (JvmProcess b = listener(label + "-B", jvmArgs, cluster, ports[1], members, out);
        JvmProcess c = listener(label + "-C", jvmArgs, cluster, ports[2], members, out)) {
      b.awaitLine(l -> l.equals("LISTENING"), Duration.ofMinutes(2));
      c.awaitLine(l -> l.equals("LISTENING"), Duration.ofMinutes(2));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-cp",
                  System.getProperty("java.class.path"),
                  BareMeshMember.class.getName(),
                  "publisher",
                  cluster,
                  Integer.toString(ports[0]),
                  members,
                  mode,
                  endpoint,
                  root,
                  Integer.toString(tags),
                  Integer.toString(rateMillis),
                  Integer.toString(rateMillis),
                  "10"));
      try (JvmProcess a = JvmProcess.start(label + "-A", jvmArgs, args, Map.of(), out)) {
        a.awaitLine(l -> l.startsWith("READY"), Duration.ofMinutes(5));
        pause(warmup);
        b.send("record");
        c.send("record");
        b.awaitLine(l -> l.equals("RECORDING"), Duration.ofSeconds(30));
        c.awaitLine(l -> l.equals("RECORDING"), Duration.ofSeconds(30));
        long[] a0 = count(a);
        long t0 = System.nanoTime();
        pause(window);
        long[] a1 = count(a);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path fb = out.resolve(label + "-B.samples");
        Path fc = out.resolve(label + "-C.samples");
        b.send("dump " + fb.toAbsolutePath());
        c.send("dump " + fc.toAbsolutePath());
        b.awaitLine(l -> l.startsWith("DUMPED"), Duration.ofMinutes(1));
        c.awaitLine(l -> l.startsWith("DUMPED"), Duration.ofMinutes(1));
        LatencySamples.Window w = LatencySamples.Window.read(fb, fc);
        double countSeconds = (a1[0] - a0[0]) / 1000.0;
        long[] rss = new long[3];
        long[] heap = new long[3];
        if (memory) {
          JvmProcess[] all = {a, b, c};
          for (int i = 0; i < 3; i++) {
            heap[i] = all[i].liveHeapBytes();
            rss[i] = all[i].rssBytes();
          }
        }
        double detection = Double.NaN;
        if (killPublisher) {
          long killMicros = BareMeshMember.nowMicros();
          a.kill();
          String removed = b.awaitLine(l -> l.startsWith("REMOVED"), Duration.ofSeconds(30));
          detection = (Long.parseLong(removed.split(" ")[1]) - killMicros) / 1e6;
        }
        // Milo hands over a whole publish response per callback, so a slow callback makes the
        // received count jump: count it from the first report on, not over the window.
        long[] first = parse(a.linesMatching(l -> l.startsWith("COUNT ")).get(0));
        return new Result(
            mode,
            (a1[1] - first[1]) / ((a1[0] - first[0]) / 1000.0),
            (a1[2] - a0[2]) / countSeconds,
            w.peerMicros().length / 2.0 / seconds,
            w,
            rss,
            heap,
            detection);
      }
    }
  }

  private static JvmProcess listener(
      String name, List<String> jvm, String cluster, int port, String members, Path out)
      throws java.io.IOException {
    return JvmProcess.start(
        name,
        jvm,
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BareMeshMember.class.getName(),
            "listener",
            cluster,
            Integer.toString(port),
            members),
        Map.of(),
        out);
  }

  /** The publisher's latest {@code COUNT <epochMillis> <received> <set>}, by its own clock. */
  private static long[] count(JvmProcess a) {
    String line = a.lastLine(l -> l.startsWith("COUNT "));
    if (line == null) {
      throw new IllegalStateException("the bare publisher reported no count yet");
    }
    return parse(line);
  }

  private static long[] parse(String line) {
    String[] f = line.split(" ");
    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
  }

  static void pause(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    Awaitility.await().atMost(d.plusSeconds(5)).until(() -> System.nanoTime() >= end);
  }
}
