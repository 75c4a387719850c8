package io.plantmesh.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Three member processes, each in a network namespace of its own on a private bridge ({@link
 * NetworkNamespaces}), meshed over TCP with fast failure detection and merge runs: what the
 * partition tests cut and heal. Skips the calling test where namespaces cannot be made.
 */
final class PartitionedTrio implements AutoCloseable {
  private final NetworkNamespaces net;
  private final Map<Integer, ChildMember> members = new HashMap<>();

  private PartitionedTrio(NetworkNamespaces net) {
    this.net = net;
  }

  /** The network, or the test skipped (named {@code what}) with the reason. */
  static PartitionedTrio createOrSkip(String what) throws Exception {
    String why = NetworkNamespaces.unavailable();
    Assumptions.assumeTrue(why == null, what + " skipped: " + why);
    return new PartitionedTrio(NetworkNamespaces.create(3));
  }

  /**
   * Starts the three members at once, named {@code <namePrefix>-1..3} in processes and {@code
   * node-1..3} in the mesh, each offering {@code sources}; returns the cluster's random name.
   */
  String start(String clusterPrefix, String namePrefix, List<String> sources) {
    String cluster = clusterPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<CompletableFuture<ChildMember>> starting = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      starting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return launch(n, cluster, namePrefix, sources);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (int i = 1; i <= 3; i++) {
      members.put(i, starting.get(i - 1).join());
    }
    return cluster;
  }

  private ChildMember launch(int i, String cluster, String namePrefix, List<String> sources)
      throws Exception {
    List<String> props =
        List.of(
            "mesh.cluster-name=" + cluster,
            "mesh.member.name=node-" + i,
            "mesh.member.sources=" + String.join(",", sources),
            "mesh.discovery.mode=tcp",
            "mesh.discovery.members="
                + IntStream.rangeClosed(1, 3)
                    .mapToObj(n -> NetworkNamespaces.address(n) + ":5701")
                    .collect(Collectors.joining(",")),
            "mesh.network.interfaces=" + NetworkNamespaces.address(i),
            "mesh.network.port=5701",
            "mesh.failure-detection.max-no-heartbeat=3s",
            "mesh.expected-members=3",
            "mesh.hazelcast.hazelcast.merge.first.run.delay.seconds=3",
            "mesh.hazelcast.hazelcast.merge.next.run.delay.seconds=3");
    return ChildMember.launch(net.exec(i), namePrefix + "-" + i, props);
  }

  ChildMember m(int i) {
    return members.get(i);
  }

  /** Takes member {@code i}'s link down: its packets are dropped, no connection is reset. */
  void cut(int i) throws Exception {
    net.cut(i);
  }

  void heal(int i) throws Exception {
    net.heal(i);
  }

  @Override
  public void close() throws Exception {
    members.values().forEach(ChildMember::close);
    net.close();
  }
}
