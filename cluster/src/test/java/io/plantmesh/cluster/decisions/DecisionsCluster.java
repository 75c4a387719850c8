package io.plantmesh.cluster.decisions;

import io.plantmesh.cluster.Discovery;
import io.plantmesh.cluster.IgnoringOwnership;
import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.cluster.TestPorts;
import io.plantmesh.cluster.WriteHandler;
import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Members on loopback in this JVM, each with the sources it reaches, a write handler standing in
 * for its PLCs, an alarm store and a rule host; closes everything it started, newest first.
 */
final class DecisionsCluster implements AutoCloseable {
  static final Secret KEY = Secret.ofValue("test-cluster-key-0123456789abcdef");

  /** A write that reached a member's handler: what its PLC would have been sent. */
  record Written(String sourceId, TagPath path, Value value) {}

  /** One member and what it runs. */
  static final class Node {
    final Mesh mesh;
    final List<Written> written = new CopyOnWriteArrayList<>();
    final List<ActionRequest.Event> events = new CopyOnWriteArrayList<>();
    AlarmStore alarms;
    RuleHost host;
    private final AtomicLong sequence = new AtomicLong();

    Node(Mesh mesh) {
      this.mesh = mesh;
    }

    String name() {
      return mesh.name();
    }

    /** Publishes one reading of {@code path} as collected from {@code sourceId} here. */
    void publish(String sourceId, TagPath path, Value value) {
      Instant now = Instant.now();
      mesh.tagTable()
          .publish(
              sourceId,
              List.of(
                  new Reading(
                      path,
                      value,
                      Quality.GOOD,
                      now,
                      now,
                      now,
                      mesh.name(),
                      sequence.incrementAndGet())));
    }

    /** Dies: the Hazelcast member is terminated, nothing is released. */
    void kill() {
      mesh.hazelcast().getLifecycleService().terminate();
    }
  }

  final String clusterName = "r-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports = new ArrayList<>();
  private final List<AutoCloseable> started = new ArrayList<>();

  /** {@code mesh.writes.audit-capacity} of the members started next. */
  int auditCapacity = MeshConfig.Writes.DEFAULT_AUDIT_CAPACITY;

  DecisionsCluster(int size) {
    for (int i = 0; i < size; i++) {
      ports.add(TestPorts.free());
    }
  }

  /**
   * Starts member {@code index}: reaching {@code sources}, declaring {@code specs} (no-op
   * collection), accepting every write with GOOD, quorum a majority of the cluster's size.
   */
  Node start(int index, String name, Set<String> sources, List<SourceSpec> specs) {
    MeshConfig c =
        MeshConfig.builder(clusterName, new MemberIdentity(name, "plant1", "", sources, false), KEY)
            .discovery(new Discovery.Tcp(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
            .network(new MeshConfig.Network(List.of("127.0.0.1"), ports.get(index), false))
            .failureDetection(
                new MeshConfig.FailureDetection(
                    Duration.ofSeconds(1), Duration.ofSeconds(4), MeshConfig.Detector.DEADLINE))
            .quorum(MeshConfig.Quorum.majorityOf(ports.size()))
            .writes(
                new MeshConfig.Writes(Duration.ofSeconds(5), Duration.ofMinutes(10), auditCapacity))
            .build();
    Node n = new Node(Mesh.start(c));
    started.add(n.mesh);
    WriteHandler h =
        (sourceId, path, value) -> {
          n.written.add(new Written(sourceId, path, value));
          return CompletableFuture.completedFuture(new WriteResult(path, Quality.GOOD, value));
        };
    n.mesh.setWriteHandler(h);
    n.mesh.declareSources(specs, IgnoringOwnership.INSTANCE);
    n.alarms = AlarmStore.start(n.mesh);
    return n;
  }

  /** Starts {@code n}'s rule host with {@code rules}; its events are collected. */
  RuleHost host(Node n, CompiledRuleSet rules) {
    n.host = RuleHost.start(n.mesh, rules, n.alarms, n.events::add, RuleHost.Settings.defaults());
    started.add(n.host);
    return n.host;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Keep closing the others.
      }
    }
  }
}
