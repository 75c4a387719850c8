package io.plantmesh.cluster;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Starts meshes on loopback with TCP discovery over ports found free, under a cluster name of their
 * own (so parallel builds on the machine cannot join each other), and closes them.
 */
final class MeshFixture implements AutoCloseable {
  static final Secret KEY = Secret.ofValue("test-cluster-key-0123456789abcdef");

  final String clusterName = "t-" + UUID.randomUUID().toString().substring(0, 8);
  final List<Integer> ports = new ArrayList<>();
  private final List<Mesh> started = new ArrayList<>();

  MeshFixture(int size) {
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
  }

  static int freePort() {
    return TestPorts.free();
  }

  List<String> memberList() {
    return ports.stream().map(p -> "127.0.0.1:" + p).toList();
  }

  MeshConfig.Builder config(int index, String name, Secret key) {
    return config(
        index,
        new MemberIdentity(name, "plant1", "area" + index, Set.of("plc-" + index), index == 0),
        key);
  }

  /** Member {@code index} with its own identity (the sources it can reach, say). */
  MeshConfig.Builder config(int index, MemberIdentity identity, Secret key) {
    return MeshConfig.builder(clusterName, identity, key)
        .discovery(new Discovery.Tcp(memberList()))
        .network(new MeshConfig.Network(List.of("127.0.0.1"), ports.get(index), false))
        .failureDetection(
            new MeshConfig.FailureDetection(
                Duration.ofSeconds(1), Duration.ofSeconds(4), MeshConfig.Detector.DEADLINE));
  }

  Mesh start(int index, String name) {
    return start(config(index, name, KEY).build());
  }

  Mesh start(MeshConfig config) {
    Mesh m = Mesh.start(config);
    started.add(m);
    return m;
  }

  static Reading reading(String path, double value, String origin, long seq) {
    Instant now = Instant.now();
    return new Reading(
        TagPath.of(path), new Value.Float64(value), Quality.GOOD, now, now, now, origin, seq);
  }

  static Reading reading(String path, Value value, Instant sourceTime, String origin, long seq) {
    return new Reading(
        TagPath.of(path), value, Quality.GOOD, sourceTime, sourceTime, Instant.now(), origin, seq);
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (RuntimeException e) {
        // Keep closing the others.
      }
    }
  }
}
