package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.StandbyRecord;
import io.plantmesh.core.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Warm handover among members in this JVM on loopback: the owner keeps collecting until the next
 * owner is ready, or until the handover timeout; a standby is cancelled when another member becomes
 * the desired owner; the owner dying during a standby is a failover that does not wait.
 */
class WarmHandoverTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<SourceSpec> A_THEN_B =
      List.of(SourceSpec.preferring("s1", "node-a", "node-b"));

  private MeshFixture fixture;
  private OwnershipLog log;

  @BeforeEach
  void setUp() {
    fixture = new MeshFixture(3);
    log = new OwnershipLog();
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /** Records what a member is told, and holds its {@code ready} until the test runs it. */
  private final class Node implements OwnershipListener {
    final OwnershipListener recorded;
    final boolean holdReady;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, Runnable> ready = new ConcurrentHashMap<>();

    Node(String name, boolean holdReady) {
      this.recorded = log.listener(name);
      this.holdReady = holdReady;
    }

    @Override
    public void onAcquired(String sourceId, long epoch) {
      calls.add("acquired " + sourceId);
      recorded.onAcquired(sourceId, epoch);
    }

    @Override
    public void onReleased(String sourceId, long epoch) {
      calls.add("released " + sourceId);
      recorded.onReleased(sourceId, epoch);
    }

    @Override
    public void onStandby(String sourceId, Runnable r) {
      calls.add("standby " + sourceId);
      if (holdReady) {
        ready.put(sourceId, r);
      } else {
        r.run();
      }
    }

    @Override
    public void onStandbyCancelled(String sourceId) {
      calls.add("cancelled " + sourceId);
    }
  }

  private Mesh start(
      int index, String name, Node node, Duration handoverTimeout, List<SourceSpec> specs) {
    Mesh m =
        fixture.start(
            fixture
                .config(
                    index,
                    new MemberIdentity(name, "plant1", "", Set.of("s1"), false),
                    MeshFixture.KEY)
                .ownership(new MeshConfig.Ownership(Duration.ofSeconds(1), handoverTimeout))
                .build());
    m.declareSources(specs, node);
    return m;
  }

  /** The Hazelcast member of {@code node} in this test's cluster (to read maps or kill it). */
  private HazelcastInstance hazelcastOf(String node) {
    return Hazelcast.getAllHazelcastInstances().stream()
        .filter(h -> h.getConfig().getClusterName().equals(fixture.clusterName))
        .filter(h -> h.getName().startsWith("plantmesh-" + node + "-"))
        .findFirst()
        .orElseThrow();
  }

  private static boolean recordNames(Mesh m, String owner) {
    SourceOwnership o = m.ownership().get("s1");
    return o != null && o.owner().equals(owner) && o.state() == SourceOwnership.State.ACTIVE;
  }

  private OwnershipLog.Event last(OwnershipLog.Kind kind, String member) {
    return log.of("s1").stream()
        .filter(e -> e.kind() == kind && e.member().equals(member))
        .reduce((x, y) -> y)
        .orElseThrow(() -> new AssertionError("no " + kind + " of " + member + ": " + log.events));
  }

  @Test
  void theOwnerKeepsCollectingUntilTheNextOwnerIsReady() {
    Node nodeB = new Node("node-b", false);
    Mesh b = start(1, "node-b", nodeB, Duration.ofSeconds(30), A_THEN_B);
    await().atMost(WAIT).until(() -> "node-b".equals(log.owners().get("s1")));
    long epoch = b.ownedSources().get("s1");

    Node nodeA = new Node("node-a", true);
    Mesh a = start(0, "node-a", nodeA, Duration.ofSeconds(30), A_THEN_B);
    await().atMost(WAIT).until(() -> a.standbySources().equals(Set.of("s1")));
    assertEquals(List.of("standby s1"), nodeA.calls);

    // A standby record sealed under another key, in node-a's name: refused, not taken as ready.
    Secret other = Secret.ofValue("another-key-0123456789abcdef");
    byte[] forged =
        new StandbyRecord("s1", a.memberId(), epoch, System.currentTimeMillis())
            .seal(ClusterKeys.derive(other, fixture.clusterName).sealer());
    hazelcastOf("node-b")
        .<String, byte[]>getMap(StandbyRecord.MAP)
        .set(StandbyRecord.key("s1", a.memberId()), forged);

    // node-a is not ready: node-b keeps collecting, and every record says so.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(
            () ->
                "node-b".equals(log.owners().get("s1"))
                    && recordNames(a, "node-b")
                    && recordNames(b, "node-b")
                    && a.standbySources().equals(Set.of("s1")));
    assertTrue(b.coordinationStats().ownershipRecordsRefused() > 0);

    Instant readyAt = Instant.now();
    nodeA.ready.get("s1").run();
    await().atMost(WAIT).until(() -> "node-a".equals(log.owners().get("s1")));
    nodeA.ready.get("s1").run(); // twice: harmless
    OwnershipLog.Event released = last(OwnershipLog.Kind.RELEASED, "node-b");
    OwnershipLog.Event acquired = last(OwnershipLog.Kind.ACQUIRED, "node-a");
    System.out.println(
        "Warm handover: ready → node-b released in "
            + Duration.between(readyAt, released.at()).toMillis()
            + " ms, → node-a acquired in "
            + Duration.between(released.at(), acquired.at()).toMillis()
            + " ms");
    assertEquals(epoch + 1, acquired.epoch());
    assertEquals(List.of("standby s1", "acquired s1"), nodeA.calls);
    assertEquals(List.of("acquired s1", "released s1"), nodeB.calls);
    assertEquals(Set.of(), a.standbySources());
    assertEquals(1, b.coordinationStats().ownershipsHandedOver());
    assertEquals(0, b.coordinationStats().handoversTimedOut());
    // node-a's standby record is removed once it acquired.
    await().atMost(WAIT).until(() -> hazelcastOf("node-a").getMap(StandbyRecord.MAP).isEmpty());
    log.assertNeverTwoActiveOwners();
  }

  @Test
  void withoutReadyTheOwnerHandsOverAfterTheHandoverTimeout() {
    Duration timeout = Duration.ofSeconds(2);
    Mesh b = start(1, "node-b", new Node("node-b", false), timeout, A_THEN_B);
    await().atMost(WAIT).until(() -> "node-b".equals(log.owners().get("s1")));

    Node nodeA = new Node("node-a", true); // never runs ready
    Instant beforeA = Instant.now();
    Mesh a = start(0, "node-a", nodeA, timeout, A_THEN_B);
    await().atMost(WAIT).until(() -> "node-a".equals(log.owners().get("s1")));

    // node-b cannot have seen node-a before it started: it waited the timeout from then at least.
    Duration waited = Duration.between(beforeA, last(OwnershipLog.Kind.RELEASED, "node-b").at());
    System.out.println("Handover without ready: node-b released " + waited.toMillis() + " ms");
    assertTrue(waited.compareTo(timeout) >= 0, "released after " + waited);
    assertEquals(1, b.coordinationStats().handoversTimedOut());
    assertEquals(List.of("standby s1", "acquired s1"), nodeA.calls);
    assertEquals(Set.of(), a.standbySources());
    log.assertNeverTwoActiveOwners();
  }

  @Test
  void aMorePreferredMemberJoiningCancelsTheStandby() {
    List<SourceSpec> specs = List.of(SourceSpec.preferring("s1", "node-c", "node-a", "node-b"));
    Mesh b = start(1, "node-b", new Node("node-b", false), Duration.ofSeconds(30), specs);
    await().atMost(WAIT).until(() -> "node-b".equals(log.owners().get("s1")));
    Node nodeA = new Node("node-a", true);
    Mesh a = start(0, "node-a", nodeA, Duration.ofSeconds(30), specs);
    await().atMost(WAIT).until(() -> a.standbySources().equals(Set.of("s1")));

    Node nodeC = new Node("node-c", false); // ready at once
    Mesh c = start(2, "node-c", nodeC, Duration.ofSeconds(30), specs);
    await().atMost(WAIT).until(() -> "node-c".equals(log.owners().get("s1")));
    await().atMost(WAIT).until(() -> nodeA.calls.contains("cancelled s1"));
    assertEquals(List.of("standby s1", "cancelled s1"), nodeA.calls);
    assertEquals(List.of("standby s1", "acquired s1"), nodeC.calls);
    assertEquals(Set.of(), a.standbySources());
    assertEquals(0, b.coordinationStats().handoversTimedOut());

    // node-a's ready, run after the cancel, changes nothing.
    nodeA.ready.get("s1").run();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "node-c".equals(log.owners().get("s1"))
                    && recordNames(a, "node-c")
                    && recordNames(c, "node-c"));
    assertEquals(List.of("standby s1", "cancelled s1"), nodeA.calls);
    log.assertNeverTwoActiveOwners();
  }

  @Test
  void theOwnerDyingDuringAStandbyIsAFailoverWithoutWaiting() {
    start(1, "node-b", new Node("node-b", false), Duration.ofSeconds(30), A_THEN_B);
    await().atMost(WAIT).until(() -> "node-b".equals(log.owners().get("s1")));
    Node nodeA = new Node("node-a", true); // never ready
    Mesh a = start(0, "node-a", nodeA, Duration.ofSeconds(30), A_THEN_B);
    await().atMost(WAIT).until(() -> a.standbySources().equals(Set.of("s1")));

    // node-b dies: its Hazelcast member is terminated, without a release.
    HazelcastInstance hzB = hazelcastOf("node-b");
    log.died("node-b");
    Instant died = Instant.now();
    hzB.getLifecycleService().terminate();
    await().atMost(WAIT).until(() -> "node-a".equals(log.owners().get("s1")));

    Duration took = Duration.between(died, last(OwnershipLog.Kind.ACQUIRED, "node-a").at());
    System.out.println(
        "Owner died during a standby: node-a acquired after " + took.toMillis() + " ms");
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "acquired after " + took);
    assertEquals(List.of("standby s1", "acquired s1"), nodeA.calls);
    assertEquals(Set.of(), a.standbySources());
    log.assertNeverTwoActiveOwners();
  }
}
