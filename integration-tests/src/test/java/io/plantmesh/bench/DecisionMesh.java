package io.plantmesh.bench;

import io.plantmesh.simulator.EchoStats;
import io.plantmesh.simulator.EchoTags;
import io.plantmesh.simulator.PlcSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eclipse.milo.opcua.stack.core.UaException;

/**
 * The plantmesh path of the decision benchmark: three packaged edge nodes meshed on loopback.
 * {@code n1} owns the simulator's source (placement {@code n1}) and so collects the echo's Counter
 * and performs the writes; {@code n3} evaluates the echo rule (placement {@code n3}), whose writes
 * the mesh routes to n1; {@code n2} only holds the mesh's quorum. The simulator measures from
 * setting a Counter value to the write arriving, the same figure as for the bare client.
 */
final class DecisionMesh implements AutoCloseable {
  static final String COUNTER = "bench/echo/counter";
  static final String ECHO = "bench/echo/echo";

  static final String RULE = "echo-counter";
  static final String OWNER = "n1";
  static final String EVALUATOR = "n3";

  private final List<String> names = List.of("n1", "n2", "n3");
  private final List<JvmProcess> processes = new ArrayList<>();
  private final int[] httpPorts = new int[3];
  private final DecisionProbe probe;

  private DecisionMesh() throws IOException {
    for (int i = 0; i < 3; i++) {
      httpPorts[i] = Ports.free();
    }
    probe = new DecisionProbe(names, httpPorts);
  }

  /**
   * The echo rule. A rule acts on transitions (it fires when its condition becomes true and clears
   * when it becomes false), so the condition follows the Counter's parity, which changes with every
   * value, and the same write runs on both: every Counter value the rule sees is written back. A
   * value the node never sees (two changes within one publishing interval, queue size 1) goes
   * unanswered and counts as missed, as it does for the bare client. The key {@code "on"} is
   * quoted: YAML 1.1 (SnakeYAML, under the node's configuration) reads a bare {@code on} as the
   * boolean {@code true}.
   */
  static String ruleYaml(String placement) {
    return """
          rules:
            - name: %4$s
              description: writes every Counter value back to Echo (the decision benchmark)
              condition: 'int(tag("%1$s")) %% 2 == 0'
              placement: %2$s
              actions:
                - write: { target: %3$s, value: 'tag("%1$s")' }
                - write: { target: %3$s, value: 'tag("%1$s")', "on": clear }
        """
        .formatted(COUNTER, placement, ECHO, RULE);
  }

  /**
   * The simulator as source {@code sim}, owned by {@code n1}: the echo's two variables with the
   * bare client's settings (sampling and publishing interval {@code intervalMillis}, queue size 1).
   */
  static String sourceYaml(String endpoint, int intervalMillis, String pkiDir) {
    return """
          sources:
            - id: sim
              type: opcua
              endpoint-url: %s
              security: { policy: none, mode: none }
              pki: { dir: %s, auto-accept-untrusted: false }
              placement: %s
              collection:
                mode: subscribe
                sampling-interval: %dms
                publishing-interval: %dms
                queue-size: 1
              tags:
                - node-id: "%s"
                  path: %s
                - node-id: "%s"
                  path: %s
        """
        .formatted(
            endpoint,
            pkiDir,
            OWNER,
            intervalMillis,
            intervalMillis,
            PlcSimulator.expandedNodeId(EchoTags.COUNTER),
            COUNTER,
            PlcSimulator.expandedNodeId(EchoTags.ECHO),
            ECHO);
  }

  /** Writes the three configurations and starts the nodes. */
  static DecisionMesh start(String endpoint, int intervalMillis, List<String> jvm, Path out)
      throws IOException {
    DecisionMesh m = new DecisionMesh();
    int[] meshPorts = {Ports.free(), Ports.free(), Ports.free()};
    StringBuilder members = new StringBuilder();
    for (int p : meshPorts) {
      members.append(members.isEmpty() ? "" : ",").append("127.0.0.1:").append(p);
    }
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    Map<String, String> env = Map.of("PLANTMESH_CLUSTER_KEY", HexFormat.of().formatHex(key));
    List<String> jvmArgs = new ArrayList<>(BenchSupport.HAZELCAST_JVM_FLAGS);
    jvmArgs.addAll(jvm);
    for (int i = 0; i < 3; i++) {
      String name = m.names.get(i);
      String yaml =
          """
          plantmesh:
            node:
              name: %s
            mesh:
              enabled: true
              cluster-name: decision-%d
              cluster-key: env:PLANTMESH_CLUSTER_KEY
              discovery: { mode: tcp, members: "%s" }
              network: { interfaces: "127.0.0.1", port: %d }
              failure-detection: { heartbeat-interval: 1s, max-no-heartbeat: 5s }
              expected-members: 3
          """
                  .formatted(name, meshPorts[0], members, meshPorts[i])
              + sourceYaml(endpoint, intervalMillis, out.resolve("pki-decision-" + name).toString())
              + ruleYaml(EVALUATOR);
      Path config = out.resolve("decision-" + name + ".yaml");
      Files.writeString(config, yaml);
      m.processes.add(
          BenchSupport.startNode("decision-" + name, config, m.httpPorts[i], jvmArgs, env, out));
    }
    return m;
  }

  /**
   * Waits until every node reports the echo rule evaluated by {@link #EVALUATOR} alone and the
   * simulator's source owned by {@link #OWNER}: at start-up the rule may run for a moment on the
   * first member up, until its preferred member joins and takes it over.
   */
  DecisionProbe.Placement awaitPlacement(Duration timeout) {
    DecisionProbe.Placement[] last = {null};
    try {
      Awaitility.await("rule on " + EVALUATOR + ", source owned by " + OWNER)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions() // the HTTP ports open a moment after the processes start
          .until(
              () -> {
                checkAlive();
                last[0] = placement();
                return last[0].is(EVALUATOR, OWNER);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage() + "; last seen: " + (last[0] == null ? "nothing" : last[0].describe()), e);
    }
    return last[0];
  }

  /**
   * Starts a window and waits until the loop is closed through the mesh: the simulator counts
   * echoes in it.
   */
  void awaitEchoes(EchoControl control, Duration timeout) throws UaException {
    control.reset();
    Awaitility.await("echoes through the mesh")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              checkAlive();
              EchoStats s = control.stats();
              return s.count() > 0;
            });
  }

  private void checkAlive() {
    for (int i = 0; i < processes.size(); i++) {
      if (!processes.get(i).isAlive()) {
        throw new AssertionError(names.get(i) + " exited:\n" + processes.get(i).tail(40));
      }
    }
  }

  DecisionProbe.Placement placement() throws IOException, InterruptedException {
    return probe.placement(RULE);
  }

  /** The write attempts the evaluator routed so far, by result, as its metrics count them. */
  Map<String, Long> evaluatorWrites() throws IOException, InterruptedException {
    return probe.writes(names.indexOf(EVALUATOR));
  }

  /**
   * The evaluator's histogram of reading delays from receipt on the owner to its table ({@code
   * plantmesh_mesh_peer_delay_seconds}): the hop from {@link #OWNER} to {@link #EVALUATOR}.
   */
  PromHistogram evaluatorPeerDelay() throws IOException, InterruptedException {
    return PromHistogram.parse(probe.metrics(names.indexOf(EVALUATOR)), MeshNodes.PEER_DELAY);
  }

  @Override
  public void close() throws InterruptedException {
    for (JvmProcess p : processes) {
      p.close();
    }
  }
}
