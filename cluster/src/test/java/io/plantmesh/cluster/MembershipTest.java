package io.plantmesh.cluster;

import static io.plantmesh.cluster.MeshFixture.reading;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Membership, identity and trust on loopback: members see each other's attested identity, and a
 * member that cannot prove it holds the cluster key is flagged and its payloads refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembershipTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String READINGS = "plantmesh.readings";
  private MeshFixture fixture;
  private Mesh a;
  private Mesh b;

  @BeforeAll
  void start() {
    fixture = new MeshFixture(6);
    a = fixture.start(0, "node-a");
    b = fixture.start(1, "node-b");
    await().atMost(WAIT).until(() -> a.members().size() == 2 && b.members().size() == 2);
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void membersSeeEachOthersIdentityAndListenersHearJoinsAndLeaves() {
    MeshMember bOnA =
        a.members().stream().filter(m -> m.name().equals("node-b")).findFirst().orElseThrow();
    assertTrue(bOnA.trusted());
    assertEquals("", bOnA.problem());
    assertFalse(bOnA.local());
    assertEquals(b.memberId(), bOnA.memberId());
    assertEquals("127.0.0.1:" + fixture.ports.get(1), bOnA.address());
    assertEquals(
        Optional.of(new MemberIdentity("node-b", "plant1", "area1", Set.of("plc-1"), false)),
        bOnA.identity());
    assertEquals(b.localMember().joinedSince(), bOnA.joinedSince());
    assertTrue(a.localMember().local());
    assertEquals(List.of("node-a", "node-b"), a.members().stream().map(MeshMember::name).toList());

    List<String> events = new CopyOnWriteArrayList<>();
    try (Registration r =
        a.addMembershipListener(
            new MeshMembershipListener() {
              @Override
              public void memberJoined(MeshMember m) {
                events.add(
                    "joined "
                        + m.name()
                        + " trusted="
                        + m.trusted()
                        + " "
                        + m.identity().map(MemberIdentity::sources).orElse(Set.of()));
              }

              @Override
              public void memberLeft(MeshMember m) {
                events.add("left " + m.name());
              }
            })) {
      Mesh c = fixture.start(2, "node-c");
      await().atMost(WAIT).until(() -> events.size() == 1);
      assertEquals(3, a.members().size(), "members() reflects the join before listeners hear it");
      c.close();
      await().atMost(WAIT).until(() -> events.size() == 2);
      assertEquals(List.of("joined node-c trusted=true [plc-2]", "left node-c"), events);
    }
    assertEquals(0, a.stats().untrustedMembers());
  }

  @Test
  void aMemberWithAnotherKeyIsFlaggedAndItsReadingsAreRefused() {
    long refusedBefore = a.stats().refusedPayloads();
    long refusedOnBBefore = b.stats().refusedPayloads();
    long seenBefore = a.stats().untrustedMembersSeen();
    Secret wrong = Secret.ofValue("not-the-cluster-key-0123456789");
    try (Mesh intruder = Mesh.start(fixture.config(3, "intruder", wrong).build())) {
      await().atMost(WAIT).until(() -> a.members().size() == 3);
      MeshMember flagged = member(a, "intruder");
      assertFalse(flagged.trusted());
      assertTrue(flagged.problem().startsWith("attestation does not verify"), flagged.problem());
      assertEquals(Optional.empty(), flagged.identity(), "an unverified identity is not believed");
      assertEquals(1, a.stats().untrustedMembers());
      assertEquals(seenBefore + 1, a.stats().untrustedMembersSeen());
      // The intruder, for its part, trusts nobody.
      assertTrue(
          intruder.members().stream().filter(m -> !m.local()).noneMatch(MeshMember::trusted));

      intruder
          .tagTable()
          .publish("plc-x", List.of(reading("forged/by-intruder", 666, "node-a", 1)));
      a.tagTable().publish("plc-0", List.of(reading("forged/marker", 1, "node-a", 1)));
      await().atMost(WAIT).until(() -> b.tagTable().get(TagPath.of("forged/marker")).isPresent());
      await().atMost(WAIT).until(() -> a.stats().refusedPayloads() > refusedBefore);
      await().atMost(WAIT).until(() -> b.stats().refusedPayloads() > refusedOnBBefore);
      assertEquals(Optional.empty(), a.tagTable().get(TagPath.of("forged/by-intruder")));
      assertEquals(Optional.empty(), b.tagTable().get(TagPath.of("forged/by-intruder")));
    }
    await().atMost(WAIT).until(() -> a.stats().untrustedMembers() == 0);
  }

  @Test
  void aPlainHazelcastMemberIsFlaggedAndItsForgedTamperedAndReplayedPayloadsAreRefused()
      throws Exception {
    HazelcastInstance raw = Hazelcast.newHazelcastInstance(rawConfig(4, Map.of()));
    try {
      await().atMost(WAIT).until(() -> a.members().size() == 3);
      MeshMember flagged =
          a.members().stream()
              .filter(m -> m.name().startsWith("hazelcast@"))
              .findFirst()
              .orElseThrow();
      assertFalse(flagged.trusted());
      assertTrue(flagged.problem().startsWith("no attestation"), flagged.problem());
      assertEquals(null, flagged.memberId());

      // The intruder sniffs a genuine envelope off the readings topic (the protocol is clear text).
      ITopic<byte[]> topic = raw.getTopic(READINGS);
      LinkedBlockingQueue<byte[]> sniffed = new LinkedBlockingQueue<>();
      topic.addMessageListener(m -> sniffed.add(m.getMessageObject()));
      a.tagTable().publish("plc-0", List.of(reading("raw/genuine", 1, "node-a", 1)));
      byte[] genuine = sniffed.poll(10, TimeUnit.SECONDS);
      assertTrue(genuine != null, "sniffed an envelope");
      assertFalse(
          new String(genuine, java.nio.charset.StandardCharsets.ISO_8859_1).contains("raw/genuine"),
          "readings cross the mesh encrypted");
      await().atMost(WAIT).until(() -> b.tagTable().get(TagPath.of("raw/genuine")).isPresent());

      long before = b.stats().refusedPayloads();
      byte[] tampered = genuine.clone();
      tampered[tampered.length - 20] ^= 1;
      topic.publish(tampered);
      topic.publish(genuine); // a replay
      topic.publish(
          "plain text pretending to be a reading"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      await().atMost(WAIT).until(() -> b.stats().refusedPayloads() >= before + 3);
      assertEquals(1, b.tagTable().readings(TagPath.of("raw")).size());
    } finally {
      raw.getLifecycleService().terminate();
    }
    await().atMost(WAIT).until(() -> a.members().size() == 2);
  }

  @Test
  void aMemberAtAnAddressOutsideTheAllowListIsUntrustedEvenWithTheKey() {
    // Every member here is at 127.0.0.1; this one allows only 10.9.9.0/24, so it trusts nobody
    // else.
    MeshConfig strict =
        fixture
            .config(3, "node-strict", MeshFixture.KEY)
            .network(
                new MeshConfig.Network(
                    List.of("127.0.0.1"), fixture.ports.get(3), false, List.of("10.9.9.*")))
            .build();
    Mesh c = fixture.start(strict);
    await().atMost(WAIT).until(() -> c.members().size() >= 3);
    MeshMember aOnC =
        c.members().stream().filter(m -> m.name().equals("node-a")).findFirst().orElseThrow();
    assertFalse(aOnC.trusted());
    assertTrue(aOnC.problem().contains("mesh.network.allowed-members"), aOnC.problem());
    assertTrue(c.localMember().trusted(), "a member always trusts itself");
    // The others, with no allow-list, trust it: the verdict is each member's own.
    await()
        .atMost(WAIT)
        .until(
            () ->
                a.members().stream().anyMatch(m -> m.name().equals("node-strict") && m.trusted()));
    c.close();
    await().atMost(WAIT).until(() -> a.members().size() == 2);
  }

  @Test
  void aMemberCopyingAGenuineMembersAttributesIsFlagged() {
    // Attributes are visible to anyone in the cluster; a copy carries a valid attestation.
    HazelcastInstance copy = Hazelcast.newHazelcastInstance(rawConfig(5, attributesOf(a)));
    try {
      await().atMost(WAIT).until(() -> b.members().size() == 3);
      List<MeshMember> named = b.members().stream().filter(m -> m.name().equals("node-a")).toList();
      assertEquals(2, named.size());
      assertTrue(named.get(0).trusted(), "the genuine (older) member stays trusted");
      assertFalse(named.get(1).trusted());
      assertTrue(
          named.get(1).problem().startsWith("member id already used by node-a"),
          named.get(1).problem());
    } finally {
      copy.getLifecycleService().terminate();
    }
    await().atMost(WAIT).until(() -> b.members().size() == 2);
  }

  private static MeshMember member(Mesh on, String name) {
    return on.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  /** What an intruder reads from the member list: the member's published attributes. */
  private static Map<String, String> attributesOf(Mesh m) {
    return Hazelcast.getAllHazelcastInstances().stream()
        .map(h -> h.getCluster().getLocalMember().getAttributes())
        .filter(attrs -> m.memberId().toString().equals(attrs.get("plantmesh.id")))
        .map(Map::copyOf)
        .findFirst()
        .orElseThrow();
  }

  private Config rawConfig(int portIndex, Map<String, String> attributes) {
    Config c = new Config();
    c.setClusterName(fixture.clusterName);
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.wait.seconds.before.join", "1");
    c.getMemberAttributeConfig().setAttributes(attributes);
    c.getNetworkConfig().setPort(fixture.ports.get(portIndex)).setPortAutoIncrement(false);
    c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = c.getNetworkConfig().getJoin();
    j.getAutoDetectionConfig().setEnabled(false);
    j.getMulticastConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true).setMembers(fixture.memberList());
    return c;
  }
}
