package io.plantmesh.it.rules;

import io.plantmesh.bench.JvmProcess;
import io.plantmesh.bench.Ports;
import io.plantmesh.it.Packaged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two simulated PLCs and three packaged edge nodes, each its own JVM on loopback: PLC A is
 * collected by n1, PLC B by n2, and the rules prefer n3. Every node loads the same file ({@link
 * RulesConfig}); the simulators log each write they receive, which the test counts.
 */
final class RulesPlant implements AutoCloseable {
  static final String CLUSTER_KEY = "it-rules-key-0123456789abcdef0123456";
  static final String WRITE_TOKEN = "it-rules-write-token-0123456789";
  static final String ALARM_TOKEN = "it-rules-alarm-token-0123456789";
  static final List<String> NODES = List.of("n1", "n2", "n3");
  private static final Duration START = Duration.ofMinutes(2);

  final Path dir;
  final Map<String, Integer> plcPorts = new LinkedHashMap<>();
  final Map<String, Integer> meshPorts = new LinkedHashMap<>();
  final Map<String, Integer> httpPorts = new LinkedHashMap<>();
  private final Map<String, JvmProcess> processes = new LinkedHashMap<>();

  RulesPlant(Path dir) throws IOException {
    this.dir = dir;
    for (String plc : List.of("a", "b")) {
      plcPorts.put(plc, Ports.free());
    }
    for (String n : NODES) {
      meshPorts.put(n, Ports.free());
      httpPorts.put(n, Ports.free());
    }
    secret("cluster.key", CLUSTER_KEY);
    secret("write.token", WRITE_TOKEN);
    secret("alarm.token", ALARM_TOKEN);
  }

  private void secret(String file, String value) throws IOException {
    Path p = dir.resolve(file);
    Files.writeString(p, value + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
  }

  /** Starts both simulators and the three nodes, the JVMs side by side, and waits for all. */
  void start() throws IOException {
    for (String plc : plcPorts.keySet()) {
      processes.put("sim-" + plc, simulator(plc));
    }
    for (String plc : plcPorts.keySet()) {
      processes
          .get("sim-" + plc)
          .awaitLine(l -> l.startsWith("PLC simulator ready"), Duration.ofMinutes(1));
    }
    for (String n : NODES) {
      Path config = dir.resolve(n + ".yaml");
      Files.writeString(config, RulesConfig.yaml(this, n));
      processes.put(n, node(n, config));
    }
    for (String n : NODES) {
      processes.get(n).awaitLine(l -> l.contains("serves live tags"), START);
    }
  }

  private JvmProcess simulator(String plc) throws IOException {
    return JvmProcess.start(
        "sim-" + plc,
        List.of("-Xmx256m", "-XX:+UseSerialGC"),
        List.of(
            "-jar",
            Packaged.simulatorJar().toString(),
            "--tags",
            "8",
            "--rate",
            "1s",
            "--port",
            Integer.toString(plcPorts.get(plc)),
            "--security",
            "none",
            "--pki-dir",
            dir.resolve("pki-sim-" + plc).toString()),
        Map.of(),
        dir);
  }

  private JvmProcess node(String name, Path config) throws IOException {
    return Packaged.startNode(name, httpPorts.get(name), config, dir);
  }

  String membersList() {
    List<String> members = new ArrayList<>();
    for (String n : NODES) {
      members.add("127.0.0.1:" + meshPorts.get(n));
    }
    return String.join(",", members);
  }

  /** kill -9 of a node, as a power cut would do it. */
  void kill(String node) {
    processes.get(node).kill();
  }

  /**
   * The writes simulator {@code plc} logged to the node {@code identifierSuffix} (e.g. {@code
   * Static/LimitedSetpoint}), in order: one line per write it received.
   */
  List<String> writes(String plc, String identifierSuffix) {
    String marker = identifierSuffix + " = ";
    return processes
        .get("sim-" + plc)
        .linesMatching(l -> l.contains("Write ") && l.contains(marker));
  }

  @Override
  public void close() throws InterruptedException {
    // Nodes first, so that none reports its PLC gone; then the simulators.
    List<JvmProcess> all = new ArrayList<>(processes.values());
    java.util.Collections.reverse(all);
    for (JvmProcess p : all) {
      p.close();
    }
  }
}
