package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hot standby among three members in this JVM on loopback: the owner's successor stands by for as
 * long as the owner lives, takes over warm when the owner dies or leaves, and hands the standby to
 * the next successor; a successor that leaves passes the standby on.
 */
class HotStandbyTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<SourceSpec> HOT =
      List.of(SourceSpec.preferring("s1", "node-a", "node-b", "node-c").withHotStandby());

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

  /** Records what a member is told; ready at once. */
  private final class Node implements OwnershipListener {
    final OwnershipListener recorded;
    final List<String> calls = new CopyOnWriteArrayList<>();

    Node(String name) {
      this.recorded = log.listener(name);
    }

    @Override
    public void onAcquired(String sourceId, long epoch) {
      calls.add("acquired");
      recorded.onAcquired(sourceId, epoch);
    }

    @Override
    public void onReleased(String sourceId, long epoch) {
      calls.add("released");
      recorded.onReleased(sourceId, epoch);
    }

    @Override
    public void onStandby(String sourceId, Runnable ready) {
      calls.add("standby");
      ready.run();
    }

    @Override
    public void onStandbyCancelled(String sourceId) {
      calls.add("cancelled");
    }
  }

  private Mesh start(int index, String name, Node node, List<SourceSpec> specs) {
    Mesh m =
        fixture.start(
            fixture
                .config(
                    index,
                    new MemberIdentity(name, "plant1", "", Set.of("s1"), false),
                    MeshFixture.KEY)
                .build());
    m.declareSources(specs, node);
    return m;
  }

  private static String standbyIn(Mesh m) {
    SourceOwnership o = m.ownership().get("s1");
    return o == null ? null : o.standby();
  }

  /** node-a owns s1, node-b stands by, node-c does not; every member's view names node-b. */
  private Mesh[] startThree(Node a, Node b, Node c, List<SourceSpec> specs) {
    Mesh ma = start(0, "node-a", a, specs);
    await().atMost(WAIT).until(() -> "node-a".equals(log.owners().get("s1")));
    Mesh mb = start(1, "node-b", b, specs);
    Mesh mc = start(2, "node-c", c, specs);
    await().atMost(WAIT).until(() -> ma.members().size() == 3 && mc.members().size() == 3);
    return new Mesh[] {ma, mb, mc};
  }

  @Test
  void placementNamesTheHotStandby() {
    assertEquals("any+hot", SourceSpec.any("s").withHotStandby().placement());
    assertEquals("a,b+hot", SourceSpec.preferring("s", "a", "b").withHotStandby().placement());
    assertEquals("a,b", SourceSpec.preferring("s", "a", "b").placement());
    assertFalse(new SourceSpec("s", List.of("a")).hotStandby());
    assertEquals(SourceSpec.any("s"), SourceSpec.any("s").withHotStandby().withHotStandby(false));
    assertTrue(SourceSpec.parse("k", "s", "a,b").withHotStandby(true).hotStandby());
  }

  @Test
  void theSuccessorStandsByAndTakesOverWarmWhenTheOwnerDies() {
    Node a = new Node("node-a");
    Node b = new Node("node-b");
    Node c = new Node("node-c");
    Mesh[] m = startThree(a, b, c, HOT);
    await().atMost(WAIT).until(() -> m[1].standbySources().equals(Set.of("s1")));
    for (Mesh each : m) {
      await().atMost(WAIT).until(() -> "node-b".equals(standbyIn(each)));
    }
    // Standing by does not hand over: node-a is the desired owner and keeps it; node-c waits.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "node-a".equals(log.owners().get("s1"))
                    && m[2].standbySources().isEmpty()
                    && m[1].standbySources().equals(Set.of("s1")));
    assertEquals(List.of("standby"), b.calls);
    assertEquals(List.of(), c.calls);
    assertEquals(0, m[0].coordinationStats().ownershipsHandedOver());

    log.died("node-a");
    Instant died = Instant.now();
    Hazelcast.getAllHazelcastInstances().stream()
        .filter(h -> h.getConfig().getClusterName().equals(fixture.clusterName))
        .filter(h -> h.getName().startsWith("plantmesh-node-a-"))
        .findFirst()
        .orElseThrow()
        .getLifecycleService()
        .terminate();
    await().atMost(WAIT).until(() -> "node-b".equals(log.owners().get("s1")));
    System.out.println(
        "Hot standby: node-b acquired "
            + Duration.between(died, log.of("s1").get(log.of("s1").size() - 1).at()).toMillis()
            + " ms after node-a was terminated");
    assertEquals(List.of("standby", "acquired"), b.calls);
    assertEquals(Set.of(), m[1].standbySources());

    // node-c is node-b's successor now.
    await().atMost(WAIT).until(() -> m[2].standbySources().equals(Set.of("s1")));
    await().atMost(WAIT).until(() -> "node-c".equals(standbyIn(m[1])));
    assertEquals(List.of("standby"), c.calls);
    log.assertNeverTwoActiveOwners();
  }

  @Test
  void theSuccessorTakesOverWarmWhenTheOwnerLeaves() {
    Node a = new Node("node-a");
    Node b = new Node("node-b");
    Node c = new Node("node-c");
    Mesh[] m = startThree(a, b, c, HOT);
    await().atMost(WAIT).until(() -> m[1].standbySources().equals(Set.of("s1")));

    m[0].close(); // releases s1 first, then leaves
    await().atMost(WAIT).until(() -> "node-b".equals(log.owners().get("s1")));
    assertEquals(List.of("acquired", "released"), a.calls);
    assertEquals(List.of("standby", "acquired"), b.calls);
    await().atMost(WAIT).until(() -> m[2].standbySources().equals(Set.of("s1")));
    assertEquals(List.of("standby"), c.calls);
    log.assertNeverTwoActiveOwners();
  }

  @Test
  void aStandbyThatLeavesPassesItOn() {
    Node a = new Node("node-a");
    Node b = new Node("node-b");
    Node c = new Node("node-c");
    Mesh[] m = startThree(a, b, c, HOT);
    await().atMost(WAIT).until(() -> m[1].standbySources().equals(Set.of("s1")));

    m[1].close();
    assertEquals(List.of("standby", "cancelled"), b.calls);
    await().atMost(WAIT).until(() -> m[2].standbySources().equals(Set.of("s1")));
    await().atMost(WAIT).until(() -> "node-c".equals(standbyIn(m[0])));
    assertEquals(List.of("standby"), c.calls);
    assertEquals(List.of("acquired"), a.calls);
    assertEquals("node-a", log.owners().get("s1"));
    log.assertNeverTwoActiveOwners();
  }

  @Test
  void withoutHotStandbyNobodyStandsBy() {
    List<SourceSpec> cold = List.of(SourceSpec.preferring("s1", "node-a", "node-b", "node-c"));
    Node a = new Node("node-a");
    Node b = new Node("node-b");
    Node c = new Node("node-c");
    Mesh[] m = startThree(a, b, c, cold);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                m[1].standbySources().isEmpty()
                    && m[2].standbySources().isEmpty()
                    && "".equals(standbyIn(m[0]))
                    && "node-a".equals(log.owners().get("s1")));
    assertEquals(List.of(), b.calls);
    assertEquals(List.of(), c.calls);
  }
}
