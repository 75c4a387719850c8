package io.plantmesh.cluster.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.replicatedmap.impl.ReplicatedMapService;
import com.hazelcast.replicatedmap.impl.operation.MergeOperationFactory;
import com.hazelcast.replicatedmap.impl.record.ReplicatedRecord;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.merge.MergingValueFactory;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.spi.merge.SplitBrainMergeTypes.ReplicatedMapMergeTypes;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.TestPorts;
import io.plantmesh.core.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rule host directory's view follows its replicated map also where Hazelcast changes the map
 * without an entry event: the split-brain merge, which stores a merged entry on the partition owner
 * silently. One real Hazelcast member on loopback; the merge is Hazelcast's own merge operation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleHostDirectoryTest {
  private static final Duration RESYNC = Duration.ofMillis(200);

  private final String clusterName = "rhd-" + UUID.randomUUID().toString().substring(0, 8);
  private final Sealer sealer =
      ClusterKeys.derive(Secret.ofValue("test-cluster-key-0123456789abcdef"), clusterName).sealer();
  private final Counters counters = new Counters();
  private HazelcastInstance hz;
  private ReplicatedMap<String, byte[]> map;

  @BeforeAll
  void start() throws IOException {
    Config c = new Config().setClusterName(clusterName);
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.getNetworkConfig().setPort(freePort()).setPortAutoIncrement(false);
    c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = c.getNetworkConfig().getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    hz = Hazelcast.newHazelcastInstance(c);
    map = hz.getReplicatedMap(RuleHostDirectory.MAP);
  }

  @AfterAll
  void stop() {
    if (hz != null) {
      hz.shutdown();
    }
  }

  private static int freePort() {
    return TestPorts.free();
  }

  private RuleHostDirectory directory(UUID self, String name, Runnable onChange) {
    return new RuleHostDirectory(
        hz,
        self,
        sealer,
        new Membership(clusterName, null, counters),
        counters,
        name,
        RESYNC,
        onChange);
  }

  private static MeshMember member(UUID id, String name) {
    return new MeshMember(
        id,
        UUID.randomUUID(),
        name,
        "127.0.0.1:1",
        Optional.empty(),
        true,
        "",
        Instant.now(),
        false);
  }

  /** What Hazelcast does with the minority's entries when a split brain heals. */
  private void mergeAsAfterASplitBrain(String key, byte[] value) throws Exception {
    NodeEngine engine = ((HazelcastInstanceProxy) hz).getOriginal().node.getNodeEngine();
    ReplicatedMapMergeTypes<Object, Object> entry =
        MergingValueFactory.createMergingEntry(
            engine.getSerializationService(), new ReplicatedRecord<>(key, value, 0));
    int partition = hz.getPartitionService().getPartition(key).getPartitionId();
    @SuppressWarnings("unchecked")
    List<ReplicatedMapMergeTypes<Object, Object>>[] entries = new List[] {List.of(entry)};
    engine
        .getOperationService()
        .invokeOnPartitions(
            ReplicatedMapService.SERVICE_NAME,
            new MergeOperationFactory(
                RuleHostDirectory.MAP,
                new int[] {partition},
                entries,
                new PutIfAbsentMergePolicy<>()),
            new int[] {partition});
  }

  @Test
  void anEntryMergedWithoutAnEventIsSeenAtTheNextResync() throws Exception {
    AtomicInteger changes = new AtomicInteger();
    UUID selfId = UUID.randomUUID();
    UUID otherId = UUID.randomUUID();
    MeshMember other = member(otherId, "other");
    RuleHostDirectory self = directory(selfId, "self", changes::incrementAndGet);
    try {
      RuleHostDirectory elsewhere = directory(otherId, "other", () -> {});
      elsewhere.publish(List.of("guard"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !self.eligible(List.of(other), "guard").isEmpty());
      byte[] sealed = map.get(otherId.toString());
      // It leaves: its entry goes, with an event.
      elsewhere.close();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> self.eligible(List.of(other), "guard").isEmpty());
      int before = changes.get();

      mergeAsAfterASplitBrain(otherId.toString(), sealed);
      assertArrayEquals(sealed, map.get(otherId.toString()), "the merge stored the entry");

      await()
          .atMost(RESYNC.multipliedBy(10))
          .until(() -> self.eligible(List.of(other), "guard").equals(List.of(other)));
      assertTrue(changes.get() > before, "the ownership of rules is told the view changed");
    } finally {
      self.close();
    }
  }

  @Test
  void thisMembersEntryRemovedElsewhereIsPublishedAgain() {
    UUID selfId = UUID.randomUUID();
    MeshMember me = member(selfId, "self");
    RuleHostDirectory self = directory(selfId, "self", () -> {});
    try {
      self.publish(List.of("guard"));
      byte[] sealed = map.get(selfId.toString());
      // As the other side of a partition does when it sees this member leave.
      map.remove(selfId.toString());
      await().atMost(RESYNC.multipliedBy(10)).until(() -> map.get(selfId.toString()) != null);
      assertArrayEquals(sealed, map.get(selfId.toString()));
      assertEquals(List.of(me), self.eligible(List.of(me), "guard"));
    } finally {
      self.close();
    }
    assertEquals(null, map.get(selfId.toString()), "closing removes it for good");
  }
}
