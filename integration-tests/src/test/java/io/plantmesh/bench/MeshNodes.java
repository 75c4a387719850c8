package io.plantmesh.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Three packaged edge nodes ({@code n1..n3}) meshed on loopback, each listing the simulator as
 * source {@code sim} with the same placement, each in its own JVM; plus what the benchmark reads
 * from them over HTTP ({@code /q/metrics}, {@code /api/cluster}, {@code /api/tags}).
 */
final class MeshNodes implements AutoCloseable {
  static final String PEER_DELAY = "plantmesh_mesh_peer_delay_seconds";
  static final String SOURCE_DELAY = "plantmesh_mesh_source_delay_seconds";
  static final String TABLE_TAGS = "plantmesh_mesh_table_tags";

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<String> names = List.of("n1", "n2", "n3");
  private final JvmProcess[] processes = new JvmProcess[3];
  private final Path[] configs = new Path[3];
  private final int[] httpPorts = new int[3];
  private final int[] starts = new int[3];
  private final List<String> jvm;
  private final String clusterKey;
  private final Path out;
  private final String label;
  private final HttpClient http = HttpClient.newHttpClient();

  private MeshNodes(String label, List<String> jvm, Path out) {
    this.label = label;
    this.jvm = jvm;
    this.out = out;
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    this.clusterKey = HexFormat.of().formatHex(key);
  }

  /** Writes the three configurations and starts the nodes (not waiting for them). */
  static MeshNodes start(
      String label,
      String endpoint,
      int tags,
      int rateMillis,
      String placement,
      boolean hot,
      List<String> jvm,
      Path out)
      throws IOException {
    MeshNodes m = new MeshNodes(label, jvm, out);
    int[] meshPorts = {freePort(), freePort(), freePort()};
    StringBuilder members = new StringBuilder();
    for (int p : meshPorts) {
      members.append(members.isEmpty() ? "" : ",").append("127.0.0.1:").append(p);
    }
    String cluster = "bench-" + label + "-" + meshPorts[0];
    for (int i = 0; i < 3; i++) {
      m.httpPorts[i] = freePort();
      m.configs[i] = out.resolve("mesh-" + label + "-" + m.names.get(i) + ".yaml");
      String yaml =
          """
          plantmesh:
            node:
              name: %s
            mesh:
              enabled: true
              cluster-name: %s
              cluster-key: env:PLANTMESH_CLUSTER_KEY
              discovery: { mode: tcp, members: "%s" }
              network: { interfaces: "127.0.0.1", port: %d }
              failure-detection: { heartbeat-interval: 1s, max-no-heartbeat: 5s }
              expected-members: 3
            sources:
          """
                  .formatted(m.names.get(i), cluster, members, meshPorts[i])
              + BenchSupport.sourceConfig(
                  endpoint,
                  tags,
                  rateMillis,
                  out.resolve("pki-" + m.names.get(i)).toString(),
                  "placement: " + placement + (hot ? "\nstandby: hot" : ""));
      Files.writeString(m.configs[i], yaml);
    }
    for (int i = 0; i < 3; i++) {
      m.startNode(i);
    }
    return m;
  }

  void startNode(int i) throws IOException {
    // A restarted node logs to a file of its own: the killed one's log stays for reading.
    String suffix = starts[i]++ == 0 ? "" : "-restart" + (starts[i] - 1);
    processes[i] =
        BenchSupport.startNode(
            "mesh-" + label + "-" + names.get(i) + suffix,
            configs[i],
            httpPorts[i],
            jvm,
            Map.of("PLANTMESH_CLUSTER_KEY", clusterKey),
            out);
  }

  JvmProcess process(int i) {
    return processes[i];
  }

  int index(String name) {
    return names.indexOf(name);
  }

  /** Waits until every node's plant-wide table holds at least {@code tags} tags. */
  void awaitTables(int tags, Duration timeout) {
    try {
      Awaitility.await("every table holds " + tags + " tags")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions() // the HTTP ports open a moment after the processes start
          .until(
              () -> {
                boolean all = true;
                for (int i = 0; i < 3; i++) {
                  if (!processes[i].isAlive()) {
                    throw new AssertionError(names.get(i) + " exited:\n" + processes[i].tail(40));
                  }
                  all &= metric(i, TABLE_TAGS) >= tags;
                }
                return all;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; " + status(), e);
    }
  }

  /** Each node's table size, readings ingested and mesh members, for a failure message. */
  String status() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      sb.append(names.get(i)).append(": ");
      try {
        String body = metrics(i);
        sb.append("table ")
            .append((long) sum(body, TABLE_TAGS))
            .append(", ingested ")
            .append((long) sum(body, BenchSupport.INGESTED_METRIC))
            .append(", alive ")
            .append(processes[i].isAlive());
      } catch (IOException | InterruptedException | RuntimeException e) {
        sb.append(e);
      }
      sb.append("; ");
    }
    return sb.toString();
  }

  void awaitTable(int i, int tags, Duration timeout) {
    Awaitility.await(names.get(i) + "'s table holds " + tags + " tags")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions() // the HTTP port opens a moment after the process starts
        .until(
            () -> {
              if (!processes[i].isAlive()) {
                throw new AssertionError(names.get(i) + " exited:\n" + processes[i].tail(40));
              }
              return metric(i, TABLE_TAGS) >= tags;
            });
  }

  String metrics(int i) throws IOException, InterruptedException {
    return get(i, "/q/metrics");
  }

  double metric(int i, String name) throws IOException, InterruptedException {
    return sum(metrics(i), name);
  }

  /** Sum of a counter or gauge over its label sets in a scrape. */
  static double sum(String body, String name) {
    double sum = 0;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(body);
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  /** The owner of source {@code sim} as node {@code i} sees it, or null while there is none. */
  String owner(int i) throws IOException, InterruptedException {
    JsonNode cluster = JSON.readTree(get(i, "/api/cluster"));
    for (JsonNode o : cluster.path("ownership")) {
      if (o.path("source").asText().equals("sim")
          && o.path("state").asText().equalsIgnoreCase("ACTIVE")) {
        return o.path("owner").asText(null);
      }
    }
    return null;
  }

  /**
   * The node that stands by for source {@code sim} (a hot standby's successor, or the next owner of
   * a planned move) as node {@code i} sees it, or null while there is none.
   */
  String standby(int i) throws IOException, InterruptedException {
    for (JsonNode o : JSON.readTree(get(i, "/api/cluster")).path("ownership")) {
      if (o.path("source").asText().equals("sim")) {
        return o.path("standby").asText(null);
      }
    }
    return null;
  }

  /**
   * When {@code owner}'s ownership record of {@code sim} was written, as node {@code i} sees it.
   */
  Instant ownedSince(int i, String owner) throws IOException, InterruptedException {
    for (JsonNode o : JSON.readTree(get(i, "/api/cluster")).path("ownership")) {
      if (o.path("source").asText().equals("sim") && owner.equals(o.path("owner").asText())) {
        String since = o.path("since").asText(null);
        return since == null ? null : Instant.parse(since);
      }
    }
    return null;
  }

  /**
   * Whether node {@code i} reports the mesh safe (no partition migrating): a member killed in the
   * middle of a migration stalls Hazelcast's repartitioning for a fixed 3 s. A node without the
   * field counts as safe.
   */
  boolean safe(int i) throws IOException, InterruptedException {
    JsonNode safe = JSON.readTree(get(i, "/api/cluster")).path("safe");
    return safe.isMissingNode() || safe.asBoolean();
  }

  int members(int i) throws IOException, InterruptedException {
    return JSON.readTree(get(i, "/api/cluster")).path("members").size();
  }

  /** The plant-wide table's tags under {@code bench} on node {@code i} (one page, ≤ 10,000). */
  JsonNode tags(int i, int limit) throws IOException, InterruptedException {
    return JSON.readTree(get(i, "/api/tags?prefix=bench&limit=" + limit)).path("tags");
  }

  private String get(int i, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[i] + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " on " + names.get(i) + ": HTTP " + r.statusCode());
    }
    return r.body();
  }

  static int freePort() throws IOException {
    return Ports.free();
  }

  @Override
  public void close() throws InterruptedException {
    List<JvmProcess> live = new ArrayList<>();
    for (JvmProcess p : processes) {
      if (p != null) {
        live.add(p);
      }
    }
    for (JvmProcess p : live) {
      p.close();
    }
  }
}
