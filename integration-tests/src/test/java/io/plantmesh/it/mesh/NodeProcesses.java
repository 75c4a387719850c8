package io.plantmesh.it.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantmesh.bench.JvmProcess;
import io.plantmesh.it.NodeHttp;
import io.plantmesh.it.Packaged;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packaged edge nodes ({@code quarkus-run.jar}) and a PLC simulator as separate processes on
 * loopback, meshed over TCP discovery: what a plant runs, minus the network between the boxes.
 */
final class NodeProcesses implements AutoCloseable {
  static final String CLUSTER_KEY = "it-mesh-key-0123456789abcdef012345";
  static final String TOKEN = "it-mesh-token-0123456789";
  private static final Pattern LOG_TIME =
      Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) ");
  private static final DateTimeFormatter LOG_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  final Path dir;
  final int simulatorPort;
  private final List<String> names;
  private final Map<String, Integer> meshPorts = new LinkedHashMap<>();
  private final Map<String, Integer> httpPorts = new LinkedHashMap<>();

  /** Every process started, in order; a restarted node appears once per run. */
  final List<Run> runs = new ArrayList<>();

  JvmProcess simulator;
  private final NodeHttp http = new NodeHttp(httpPorts);

  /** One run of a process: a node's log spans from its start to its end (or kill). */
  record Run(String name, String log, JvmProcess process, Instant started) {}

  /** The first run of node {@code name}. */
  Run run(String name) {
    return runs.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  NodeProcesses(Path dir, List<String> names) throws IOException {
    this.dir = dir;
    this.names = List.copyOf(names);
    this.simulatorPort = freePort();
    for (String n : names) {
      meshPorts.put(n, freePort());
      httpPorts.put(n, freePort());
    }
    Path key = dir.resolve("cluster.key");
    Files.writeString(key, CLUSTER_KEY + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve("token"), TOKEN + "\n");
  }

  void startSimulator(int tags, int rateMillis) throws IOException {
    simulator =
        JvmProcess.start(
            "simulator",
            List.of("-Xmx512m"),
            List.of(
                "-jar",
                Packaged.simulatorJar().toString(),
                "--tags",
                Integer.toString(tags),
                "--rate",
                rateMillis + "ms",
                "--port",
                Integer.toString(simulatorPort),
                "--security",
                "none",
                "--pki-dir",
                dir.resolve("pki-simulator").toString()),
            Map.of(),
            dir);
    simulator.awaitLine(l -> l.startsWith("PLC simulator ready"), Duration.ofMinutes(2));
  }

  /** Starts node {@code name} and waits until its REST API answers. */
  JvmProcess startNode(String name) throws IOException {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, config(name));
    int run = (int) runs.stream().filter(r -> r.name().equals(name)).count();
    String log = run == 0 ? name : name + "-run" + (run + 1);
    JvmProcess p = Packaged.startNode(log, httpPorts.get(name), config, dir);
    runs.add(new Run(name, log, p, Instant.now()));
    p.awaitLine(l -> l.contains("serves live tags"), Duration.ofMinutes(2));
    return p;
  }

  private String config(String name) {
    StringBuilder members = new StringBuilder();
    for (String n : names) {
      members.append(members.isEmpty() ? "" : ",").append("127.0.0.1:").append(meshPorts.get(n));
    }
    return """
        plantmesh:
          node: { name: %9$s, site: plant1 }
          sources:
            - id: line1
              endpoint-url: opc.tcp://127.0.0.1:%1$d/plantmesh
              placement: [%2$s]
              security: { policy: none, mode: none }
              pki: { dir: %3$s }
              path-prefix: line1
              collection: { sampling-interval: 100ms, publishing-interval: 100ms }
              reconnect: { initial-delay: 200ms, max-delay: 2s }
              browse: [ { root: "nsu=urn:plantmesh:plc-simulator;s=Plant" } ]
            - id: line2
              endpoint-url: opc.tcp://127.0.0.1:%1$d/plantmesh
              placement: [%2$s]
              standby: hot
              security: { policy: none, mode: none }
              pki: { dir: %3$s-line2 }
              path-prefix: line2
              collection: { sampling-interval: 100ms, publishing-interval: 100ms }
              reconnect: { initial-delay: 200ms, max-delay: 2s }
              browse: [ { root: "nsu=urn:plantmesh:plc-simulator;s=Plant" } ]
          api:
            writes: { enabled: true, token: "file:%4$s" }
          mesh:
            enabled: true
            cluster-name: it-mesh
            cluster-key: "file:%5$s"
            discovery: { mode: tcp, members: "%6$s" }
            network: { interfaces: 127.0.0.1, port: %7$d }
            expected-members: %8$d
        """
        .formatted(
            simulatorPort,
            String.join(", ", names),
            dir.resolve("pki-" + name),
            dir.resolve("token"),
            dir.resolve("cluster.key"),
            members,
            meshPorts.get(name),
            names.size(),
            name);
  }

  JsonNode get(String node, String path) {
    return http.get(node, path);
  }

  HttpResponse<String> put(String node, String path, String json) {
    return http.send(
        node,
        HttpRequest.newBuilder(http.uri(node, path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  static JsonNode parse(String body) {
    return NodeHttp.parse(body);
  }

  /** The time a node's log line was written (the node logs in this machine's zone). */
  static Instant logTime(String line) {
    Matcher m = LOG_TIME.matcher(line);
    if (!m.find()) {
      throw new IllegalArgumentException("no time in: " + line);
    }
    return LocalDateTime.parse(m.group(1), LOG_FORMAT).atZone(ZoneId.systemDefault()).toInstant();
  }

  private static int freePort() throws IOException {
    return io.plantmesh.bench.Ports.free();
  }

  @Override
  public void close() throws InterruptedException {
    for (Run r : runs) {
      r.process().close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }
}
