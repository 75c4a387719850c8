package io.plantmesh.node.mesh;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.OwnershipListener;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteResult;
import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node in a mesh of three on loopback: the Quarkus node under test ({@value #NODE}) and two peers
 * in this JVM, real Hazelcast members running the cluster module. The node owns source {@code sim}
 * (a real PLC simulator); peer {@value #PEER_B} owns source {@value #PEER_SOURCE}, whose readings
 * it publishes and whose writes it answers itself.
 */
public class MeshPeers implements QuarkusTestResourceLifecycleManager {
  static final String NODE = "gw-mesh";
  static final String PEER_A = "peer-a";
  static final String PEER_B = "peer-b";
  static final String PEER_SOURCE = "line9";
  static final String TOKEN = "mesh-token-0123456789";
  static final String KEY = "mesh-key-0123456789abcdef0123456789";

  /** The running peers and simulator, for the test. */
  static volatile MeshPeers current;

  PlcSimulator simulator;
  Mesh peerA;
  Mesh peerB;

  /** Writes peer B's handler received. */
  final List<WriteResult> peerBWrites = new CopyOnWriteArrayList<>();

  Path dir;
  private int[] ports;

  @Override
  public Map<String, String> start() {
    simulator =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(40)
                .rate(Duration.ofMillis(200))
                .securityPolicies(EndpointSecurity.NONE)
                .build());
    try {
      dir = Files.createTempDirectory("plantmesh-mesh");
      Files.writeString(dir.resolve("token"), TOKEN + "\n");
      Files.writeString(dir.resolve("key"), KEY + "\n");
      ports = new int[] {freePort(), freePort(), freePort()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    peerA = Mesh.start(peerConfig(PEER_A, ports[1], ""));
    peerA.declareSources(List.of(SourceSpec.any("sim")), new Recorder());
    peerB = Mesh.start(peerConfig(PEER_B, ports[2], PEER_SOURCE));
    peerB.setWriteHandler(
        (sourceId, path, value) -> {
          WriteResult r = new WriteResult(path, Quality.GOOD, value);
          peerBWrites.add(r);
          return CompletableFuture.completedFuture(r);
        });
    peerB.declareSources(
        List.of(SourceSpec.any(PEER_SOURCE), SourceSpec.any("sim")), new Recorder());
    current = this;

    Map<String, String> c = new HashMap<>();
    c.put("plantmesh.node.name", NODE);
    c.put("plantmesh.node.site", "plant1");
    c.putAll(io.plantmesh.node.e2e.SimulatorResource.sourceConfig(simulator, "sim", "sim", dir));
    c.put("plantmesh.mesh.enabled", "true");
    c.put("plantmesh.mesh.cluster-name", "mesh-test");
    c.put("plantmesh.mesh.cluster-key", "file:" + dir.resolve("key"));
    c.put("plantmesh.mesh.discovery.mode", "tcp");
    c.put("plantmesh.mesh.discovery.members", members());
    c.put("plantmesh.mesh.network.interfaces", "127.0.0.1");
    c.put("plantmesh.mesh.network.port", Integer.toString(ports[0]));
    c.put("plantmesh.mesh.expected-members", "3");
    return c;
  }

  MeshConfig peerConfig(String name, int port, String sources) {
    Map<String, String> p = new HashMap<>();
    p.put("mesh.cluster-name", "mesh-test");
    p.put("mesh.cluster-key", "file:" + dir.resolve("key"));
    p.put("mesh.member.name", name);
    p.put("mesh.member.sources", sources);
    p.put("mesh.discovery.mode", "tcp");
    p.put("mesh.discovery.members", members());
    p.put("mesh.network.interfaces", "127.0.0.1");
    p.put("mesh.network.port", Integer.toString(port));
    p.put("mesh.expected-members", "3");
    return MeshConfig.fromProperties(p, Map.of());
  }

  /** A member with the right cluster name but another key: it must be flagged and refused. */
  Mesh startIntruder() throws IOException {
    Path wrong = dir.resolve("wrong-key");
    Files.writeString(wrong, "not-the-key-0123456789abcdef01234\n");
    Map<String, String> p = new HashMap<>();
    p.put("mesh.cluster-name", "mesh-test");
    p.put("mesh.cluster-key", "file:" + wrong);
    p.put("mesh.member.name", "intruder");
    p.put("mesh.member.sources", "sim");
    p.put("mesh.discovery.mode", "tcp");
    p.put("mesh.discovery.members", members());
    p.put("mesh.network.interfaces", "127.0.0.1");
    p.put("mesh.network.port", Integer.toString(freePort()));
    return Mesh.start(MeshConfig.fromProperties(p, Map.of()));
  }

  static TagPath peerTag(int i) {
    return TagPath.of(PEER_SOURCE + "/valve" + i);
  }

  static Value peerValue(double v) {
    return Value.of(v);
  }

  private String members() {
    return "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void stop() {
    current = null;
    for (Mesh m : new Mesh[] {peerA, peerB}) {
      if (m != null) {
        m.close();
      }
    }
    if (simulator != null) {
      simulator.close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A temporary directory left behind is not worth failing the run for.
      }
    }
  }

  /** Peers own nothing real: they only say what the mesh gave them. */
  static final class Recorder implements OwnershipListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onAcquired(String sourceId, long epoch) {
      events.add("acquired " + sourceId + "@" + epoch);
    }

    @Override
    public void onReleased(String sourceId, long epoch) {
      events.add("released " + sourceId + "@" + epoch);
    }
  }
}
