package io.plantmesh.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Ingest benchmark (issue 2): against the PLC simulator in its own JVM, measures in the same run
 * (a) the rate at which a bare Milo client receives notifications and (b) the rate at which the
 * edge node ingests readings end to end (into its tag store), both subscribed at once to the same
 * simulator and counted over the same window, with each process's resident memory and CPU. Prints a
 * table with the ratio b/a and writes {@code target/bench/ingest.json}.
 *
 * <p>Run: {@code ./mvnw -pl integration-tests -am -Pbench verify}. Not part of the normal suite.
 */
class IngestBenchmark {
  /** Scale points: tags and the simulator's change interval. */
  private static final int[][] SCALES = {{1_000, 100}, {10_000, 100}, {100_000, 1_000}};

  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 8));
  private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.window", 20));
  private static final Path OUT = Path.of("target", "bench");
  private static final String ROOT = "nsu=urn:plantmesh:plc-simulator;s=Plant";

  /** Heap settings for the node and the bare client alike: a small gateway, not a server. */
  static final List<String> NODE_JVM =
      List.of(System.getProperty("bench.node.jvm", BenchSupport.GATEWAY_JVM_OPTS).split(" "));

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void ingestRateAgainstBareMiloClient() throws Exception {
    Files.createDirectories(OUT);
    List<Row> rows = new ArrayList<>();
    int only = Integer.getInteger("bench.tags", 0);
    for (int[] scale : SCALES) {
      if (only != 0 && scale[0] != only) {
        continue;
      }
      rows.add(measure(scale[0], scale[1]));
    }
    String table = table(rows);
    System.out.println(table);
    Files.writeString(OUT.resolve("ingest.txt"), table);
    Files.writeString(OUT.resolve("ingest.json"), json(rows));
    for (Row r : rows) {
      assertTrue(r.nodeRate > 0 && r.bareRate > 0, "both paths delivered readings: " + r);
    }
  }

  /**
   * Both paths subscribe to the same simulator at the same time and are counted over the same
   * window, so they see exactly the same changes: the ratio does not depend on how busy the machine
   * was in one window or another.
   */
  private Row measure(int tags, int rateMillis) throws Exception {
    int simPort = freePort();
    try (JvmProcess sim =
        BenchSupport.startSimulator("sim-" + tags, simPort, tags, rateMillis, OUT)) {
      String endpoint = BenchSupport.endpoint(simPort);
      int httpPort = freePort();
      Path config = OUT.resolve("node-" + tags + ".yaml");
      Files.writeString(config, BenchSupport.nodeConfig(endpoint, tags, rateMillis));
      try (JvmProcess bare =
              JvmProcess.start(
                  "bare-" + tags,
                  NODE_JVM,
                  List.of(
                      "-cp",
                      System.getProperty("java.class.path"),
                      BareMiloClient.class.getName(),
                      endpoint,
                      ROOT,
                      Integer.toString(tags),
                      Integer.toString(rateMillis),
                      Integer.toString(rateMillis),
                      "10"),
                  Map.of(),
                  OUT);
          JvmProcess node =
              BenchSupport.startNode("node-" + tags, config, httpPort, NODE_JVM, OUT)) {
        bare.awaitLine(l -> l.startsWith("READY"), Duration.ofMinutes(5));
        String metrics = "http://127.0.0.1:" + httpPort + "/q/metrics";
        Awaitility.await("node has " + tags + " tags")
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions() // the node's HTTP port opens a moment after the process starts
            .until(() -> metric(metrics, BenchSupport.TAGS_METRIC) >= tags);

        long warmEnd = System.nanoTime() + WARMUP.toNanos();
        Awaitility.await().atMost(WARMUP.plusSeconds(5)).until(() -> System.nanoTime() >= warmEnd);
        Sample b0 = bareSample(bare);
        Sample n0 = sample(() -> (long) metric(metrics, BenchSupport.INGESTED_METRIC), node);
        long end = System.nanoTime() + WINDOW.toNanos();
        Awaitility.await().atMost(WINDOW.plusSeconds(5)).until(() -> System.nanoTime() >= end);
        Sample b1 = bareSample(bare);
        Sample n1 = sample(() -> (long) metric(metrics, BenchSupport.INGESTED_METRIC), node);
        return new Row(
            tags,
            rateMillis,
            b1.rateSince(b0),
            n1.rateSince(n0),
            b1.cpuSince(b0),
            n1.cpuSince(n0),
            bare.rssBytes(),
            node.rssBytes());
      }
    }
  }

  /** A counter and the process's CPU time, read at one moment. */
  private record Sample(long count, double cpuSeconds, long nanos) {
    double rateSince(Sample earlier) {
      return (count - earlier.count) / ((nanos - earlier.nanos) / 1e9);
    }

    double cpuSince(Sample earlier) {
      return (cpuSeconds - earlier.cpuSeconds) / ((nanos - earlier.nanos) / 1e9);
    }
  }

  private static Sample sample(Counter counter, JvmProcess p) throws Exception {
    return new Sample(counter.read(), p.cpuSeconds(), System.nanoTime());
  }

  private interface Counter {
    long read() throws Exception;
  }

  /**
   * The bare client's latest {@code COUNT <epochMillis> <total>} line, timed by its own clock: the
   * line is printed every 500 ms, so the harness's clock would be up to half a second off.
   */
  private static Sample bareSample(JvmProcess bare) throws IOException {
    String line = bare.lastLine(l -> l.startsWith("COUNT "));
    if (line == null) {
      throw new IllegalStateException("the bare client reported no count yet");
    }
    String[] f = line.split(" ");
    return new Sample(Long.parseLong(f[2]), bare.cpuSeconds(), Long.parseLong(f[1]) * 1_000_000L);
  }

  private double metric(String url, String name) throws IOException, InterruptedException {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(body);
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  record Row(
      int tags,
      int rateMillis,
      double bareRate,
      double nodeRate,
      double bareCpu,
      double nodeCpu,
      long bareRss,
      long nodeRss) {
    double ratio() {
      return nodeRate / bareRate;
    }
  }

  private static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%-8s %-7s %14s %14s %7s %9s %9s %10s %10s%n",
            "tags",
            "change",
            "bare Milo/s",
            "node/s",
            "ratio",
            "bare CPU",
            "node CPU",
            "bare RSS",
            "node RSS"));
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-8d %-7s %14.0f %14.0f %7.3f %8.0f%% %8.0f%% %8dMB %8dMB%n",
              r.tags,
              r.rateMillis + "ms",
              r.bareRate,
              r.nodeRate,
              r.ratio(),
              r.bareCpu * 100,
              r.nodeCpu * 100,
              r.bareRss >> 20,
              r.nodeRss >> 20));
    }
    return sb.toString();
  }

  private static String json(List<Row> rows) {
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "  {\"tags\": %d, \"changeIntervalMs\": %d, \"bareMiloPerSecond\": %.0f,"
                  + " \"nodePerSecond\": %.0f, \"ratio\": %.4f, \"bareCpuCores\": %.3f,"
                  + " \"nodeCpuCores\": %.3f, \"bareRssBytes\": %d, \"nodeRssBytes\": %d}%s%n",
              r.tags,
              r.rateMillis,
              r.bareRate,
              r.nodeRate,
              r.ratio(),
              r.bareCpu,
              r.nodeCpu,
              r.bareRss,
              r.nodeRss,
              i + 1 < rows.size() ? "," : ""));
    }
    return sb.append("]\n").toString();
  }
}
