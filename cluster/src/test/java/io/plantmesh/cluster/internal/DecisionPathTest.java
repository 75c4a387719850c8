package io.plantmesh.cluster.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.plantmesh.cluster.Discovery;
import io.plantmesh.cluster.IgnoringOwnership;
import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.cluster.TestPorts;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteRejectedException.Reason;
import io.plantmesh.cluster.decisions.internal.FiringRecord;
import io.plantmesh.cluster.decisions.internal.Firings;
import io.plantmesh.cluster.rules.RuleTransition;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of a rule's decision path, on members in this JVM over loopback: the router trusts
 * its own ownership view until the owner refuses it as stale, firings are recorded by one
 * compare-and-set yet stay fenced by epoch, and the write audit is written off the caller's thread
 * without losing a record silently.
 */
class DecisionPathTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Secret KEY = Secret.ofValue("test-cluster-key-0123456789abcdef");
  private static final TagPath SETPOINT = TagPath.of("plant1/press/line-1/setpoint");
  private static final List<SourceSpec> SPECS =
      List.of(SourceSpec.preferring("plc-2", "node-d", "node-b"));

  private final String clusterName = "d-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports = new ArrayList<>();
  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @BeforeEach
  void ports() {
    for (int i = 0; i < 4; i++) {
      ports.add(TestPorts.free());
    }
  }

  @AfterEach
  void tearDown() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Keep closing the others.
      }
    }
  }

  private Mesh start(int index, String name) {
    MeshConfig c =
        MeshConfig.builder(
                clusterName, new MemberIdentity(name, "plant1", "", Set.of("plc-2"), false), KEY)
            .discovery(new Discovery.Tcp(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
            .network(new MeshConfig.Network(List.of("127.0.0.1"), ports.get(index), false))
            .failureDetection(
                new MeshConfig.FailureDetection(
                    Duration.ofSeconds(1), Duration.ofSeconds(4), MeshConfig.Detector.DEADLINE))
            .quorum(MeshConfig.Quorum.majorityOf(3))
            .build();
    Mesh m = Mesh.start(c);
    started.add(m);
    AtomicInteger n = calls.computeIfAbsent(name, k -> new AtomicInteger());
    m.setWriteHandler(
        (sourceId, path, value) -> {
          n.incrementAndGet();
          return CompletableFuture.completedFuture(new WriteResult(path, Quality.GOOD, value));
        });
    m.declareSources(SPECS, IgnoringOwnership.INSTANCE);
    return m;
  }

  private static WriteCommand command(double value) {
    return WriteCommand.of("plc-2", SETPOINT, Value.of(value), Duration.ofMinutes(1), "test");
  }

  @Test
  void theOwnerRefusesAStaleViewAndTheRouterSendsOnceMoreToTheCurrentOwner() {
    start(0, "node-a");
    start(1, "node-b");
    Mesh c = start(2, "node-c");
    await().atMost(WAIT).until(() -> c.ownership().get("plc-2").owner().equals("node-b"));
    CommandRouterImpl router = (CommandRouterImpl) c.commandRouter();
    CommandRouterImpl.Target seen = router.localTarget("plc-2");
    assertEquals("node-b", seen.owner().name());
    assertEquals(Quality.GOOD, router.write(command(1)).status());
    assertEquals(1, calls.get("node-b").get());
    assertEquals(0, router.rerouted(), "a current view is used as it is");

    // node-d, preferred, joins: plc-2 moves to it at the next epoch. node-c's view of before is
    // what a view lagging the handover holds.
    Mesh d = start(3, "node-d");
    await().atMost(WAIT).until(() -> d.ownedSources().containsKey("plc-2"));
    await().atMost(WAIT).until(() -> c.ownership().get("plc-2").owner().equals("node-d"));
    WriteCommand cmd = command(2);
    WriteResult r = router.route(cmd, seen);
    assertEquals(Quality.GOOD, r.status());
    assertEquals(1, router.rerouted(), "refused as stale by node-b, then sent to node-d");
    assertEquals(1, calls.get("node-b").get(), "node-b did not write it");
    assertEquals(1, calls.get("node-d").get());

    // A retry of it is answered with its first result, not written again.
    assertEquals(r, router.write(cmd));
    assertEquals(1, calls.get("node-d").get());

    // A stale epoch of the current owner is refused the same way.
    CommandRouterImpl.Target now = router.localTarget("plc-2");
    assertEquals("node-d", now.owner().name());
    CommandRouterImpl.Target older = new CommandRouterImpl.Target(now.owner(), now.epoch() - 1);
    assertEquals(Quality.GOOD, router.route(command(3), older).status());
    assertEquals(2, router.rerouted());
    assertEquals(2, calls.get("node-d").get());
  }

  @Test
  void aFiringIsRecordedByOneCompareAndSetAndStaysFencedByEpoch() {
    Mesh a = start(0, "node-a");
    Mesh b = start(1, "node-b");
    start(2, "node-c");
    await().atMost(WAIT).until(() -> !a.isPartitioned() && a.members().size() == 3);
    Sealer sealer = ClusterKeys.derive(KEY, clusterName).sealer();
    Firings fa = new Firings(a, sealer);
    Firings fb = new Firings(b, sealer);
    Instant t = Instant.parse("2026-11-25T08:00:00Z");

    assertNull(fa.record("r1", 1, transition(true, t)));
    assertNull(fa.record("r1", 1, transition(false, t.plusSeconds(1))));
    assertFiring(fb, 1, "node-a", false);

    // node-b takes the rule over at epoch 2: node-a's remembered record is outdated, and its
    // compare-and-set fails; read afresh, the newer epoch refuses it.
    assertNull(fb.record("r1", 2, transition(true, t.plusSeconds(2))));
    String refused = fa.record("r1", 1, transition(true, t.plusSeconds(3)));
    assertTrue(refused != null && refused.contains("newer epoch (2)"), refused);
    // Reading the newer record does not let node-a write over it either.
    assertFiring(fa, 2, "node-b", true);
    refused = fa.record("r1", 1, transition(false, t.plusSeconds(4)));
    assertTrue(refused != null && refused.contains("newer epoch (2)"), refused);
    assertNull(fb.record("r1", 2, transition(false, t.plusSeconds(5))));
    assertFiring(fa, 2, "node-b", false);
  }

  private static RuleTransition transition(boolean firing, Instant at) {
    return new RuleTransition("cool", firing, at, Map.of());
  }

  private static void assertFiring(Firings f, long epoch, String owner, boolean firing) {
    FiringRecord r = f.read("r1").orElseThrow();
    assertEquals(epoch, r.epoch());
    assertEquals(owner, r.ownerName());
    assertEquals(firing, r.transition().firing());
  }

  @Test
  void theAuditIsWrittenOffTheCallersThreadInOrderAndReadBackByItsWriterAtOnce() {
    Mesh a = start(0, "node-a");
    Mesh b = start(1, "node-b");
    AuditLog audit = (AuditLog) a.writeAudit();
    Instant t0 = Instant.now();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      WriteAuditRecord r = refused(t0.plusMillis(i));
      ids.add(r.commandId());
      audit.record(r);
      if (i == 0) {
        // Read through the member that queued it: there at once.
        assertEquals(1, a.writeAudit().ofCommand(r.commandId()).size());
      }
    }
    // Another member sees them all once written, in the order they were appended.
    await()
        .atMost(WAIT)
        .until(
            () ->
                b.writeAudit().recent(1000).stream()
                        .filter(x -> ids.contains(x.commandId()))
                        .count()
                    == 200);
    List<UUID> newestFirst =
        b.writeAudit().recent(1000).stream()
            .map(WriteAuditRecord::commandId)
            .filter(ids::contains)
            .toList();
    List<UUID> expected = new ArrayList<>(ids);
    Collections.reverse(expected);
    assertEquals(expected, newestFirst);
    assertEquals(0, audit.lost());
  }

  @Test
  void anAuditRecordThatCannotBeWrittenIsCountedNotDroppedSilently() {
    Config cfg = new Config();
    cfg.setClusterName(clusterName + "-alone");
    cfg.setProperty("hazelcast.logging.type", "slf4j");
    cfg.setProperty("hazelcast.phone.home.enabled", "false");
    cfg.getNetworkConfig().setPort(ports.get(3)).setPortAutoIncrement(false);
    cfg.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    cfg.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(false);
    cfg.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(cfg);
    AuditLog audit =
        new AuditLog(hz, UUID.randomUUID(), "alone", ClusterKeys.derive(KEY, "x").sealer(), 10);
    started.add(audit);
    try {
      audit.record(refused(Instant.now()));
      assertEquals(1, audit.recent(10).size());
    } finally {
      hz.getLifecycleService().terminate();
    }
    // Its map is gone with the member: the writer cannot store it, and counts it.
    audit.record(refused(Instant.now()));
    await().atMost(WAIT).until(() -> audit.lost() == 1);
    // After closing, a record is counted at once.
    audit.close();
    audit.record(refused(Instant.now()));
    assertEquals(2, audit.lost());
  }

  private static WriteAuditRecord refused(Instant at) {
    return new WriteAuditRecord(
        at,
        "rule:cool",
        "node-a",
        UUID.randomUUID(),
        "plc-2",
        SETPOINT,
        Value.of(1.0),
        null,
        Reason.STALE,
        "not sent: a test");
  }
}
