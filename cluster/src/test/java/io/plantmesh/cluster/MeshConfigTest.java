package io.plantmesh.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshConfigTest {
  private static final Map<String, String> ENV =
      Map.of("MESH_KEY", "0123456789abcdef0123456789abcdef");

  private static Map<String, String> minimal() {
    Map<String, String> p = new HashMap<>();
    p.put("mesh.cluster-name", "plant-1");
    p.put("mesh.cluster-key", "env:MESH_KEY");
    p.put("mesh.member.name", "edge-1");
    return p;
  }

  private static String refused(Map<String, String> props) {
    return assertThrows(IllegalArgumentException.class, () -> MeshConfig.fromProperties(props, ENV))
        .getMessage();
  }

  private static String refused(Map<String, String> base, String key, String value) {
    Map<String, String> p = new HashMap<>(base);
    p.put(key, value);
    return refused(p);
  }

  @Test
  void defaultsAreFloorFriendly() {
    MeshConfig c = MeshConfig.fromProperties(minimal(), ENV);
    assertEquals("plant-1", c.clusterName());
    assertEquals(MemberIdentity.named("edge-1"), c.member());
    assertEquals(Discovery.Multicast.defaults(), c.discovery());
    assertEquals(MeshConfig.Network.defaults(), c.network());
    assertEquals(Duration.ofSeconds(1), c.failureDetection().heartbeatInterval());
    assertEquals(Duration.ofSeconds(5), c.failureDetection().maxNoHeartbeat());
    assertEquals("env:MESH_KEY", c.clusterKey().reference());
    assertEquals(
        new MeshConfig.Ownership(Duration.ofSeconds(1), Duration.ofSeconds(30)), c.ownership());
    // The phase 2 constructor keeps working, with the default handover timeout.
    assertEquals(
        Duration.ofSeconds(30), new MeshConfig.Ownership(Duration.ofSeconds(2)).handoverTimeout());
    assertFalse(c.toString().contains("0123456789abcdef"), "the key must not appear in toString");
  }

  @Test
  void everyKeyIsRead(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, "a-key-from-a-file-0123456789\n");
    Map<String, String> p = minimal();
    p.put("mesh.cluster-key", "file:" + keyFile);
    p.put("mesh.member.site", "plant-a");
    p.put("mesh.member.area", "press-shop");
    p.put("mesh.member.sources", "plc-1, plc-2");
    p.put("mesh.member.uplink", "true");
    p.put("mesh.discovery.mode", "tcp");
    p.put("mesh.discovery.members", "10.0.0.1:5701, edge-2.plant.local, [fe80::1]:5702");
    p.put("mesh.network.interfaces", "10.0.0.*");
    p.put("mesh.network.port", "5801");
    p.put("mesh.network.port-auto-increment", "true");
    p.put("mesh.failure-detection.heartbeat-interval", "2s");
    p.put("mesh.failure-detection.max-no-heartbeat", "PT10S");
    p.put("mesh.failure-detection.detector", "phi-accrual");
    p.put("mesh.table.max-readings-per-message", "500");
    p.put("mesh.table.apply-queue-capacity", "64");
    p.put("mesh.table.snapshot-timeout", "1500ms");
    p.put("mesh.hazelcast.hazelcast.partition.count", "31");
    p.put("mesh.expected-members", "5");
    p.put("mesh.quorum.min-members", "4");
    p.put("mesh.ownership.check-interval", "500ms");
    p.put("mesh.ownership.handover-timeout", "12s");
    p.put("mesh.writes.timeout", "3s");
    p.put("mesh.writes.result-ttl", "1h");
    MeshConfig c = MeshConfig.fromProperties(p, ENV);
    assertEquals(new MeshConfig.Quorum(5, 4), c.quorum());
    assertEquals(
        new MeshConfig.Ownership(Duration.ofMillis(500), Duration.ofSeconds(12)), c.ownership());
    assertEquals(new MeshConfig.Writes(Duration.ofSeconds(3), Duration.ofHours(1)), c.writes());
    assertEquals(
        new MemberIdentity("edge-1", "plant-a", "press-shop", Set.of("plc-1", "plc-2"), true),
        c.member());
    assertEquals(
        Discovery.Tcp.of("10.0.0.1:5701", "edge-2.plant.local", "[fe80::1]:5702"), c.discovery());
    assertEquals(new MeshConfig.Network(List.of("10.0.0.*"), 5801, true), c.network());
    assertEquals(
        new MeshConfig.FailureDetection(
            Duration.ofSeconds(2), Duration.ofSeconds(10), MeshConfig.Detector.PHI_ACCRUAL),
        c.failureDetection());
    assertEquals(new MeshConfig.Table(500, 64, Duration.ofMillis(1500)), c.table());
    assertEquals(Map.of("hazelcast.partition.count", "31"), c.hazelcastProperties());
    assertTrue(c.clusterKey().matches("a-key-from-a-file-0123456789".toCharArray()));
  }

  @Test
  void quorumDefaultsToTheMajorityOfTheExpectedMembers() {
    assertEquals(MeshConfig.Quorum.none(), MeshConfig.fromProperties(minimal(), ENV).quorum());
    assertFalse(MeshConfig.Quorum.none().enabled());
    Map<String, String> p = minimal();
    p.put("mesh.expected-members", "3");
    assertEquals(2, MeshConfig.fromProperties(p, ENV).quorum().minMembers());
    p.put("mesh.expected-members", "4");
    assertEquals(3, MeshConfig.fromProperties(p, ENV).quorum().minMembers());
    p.put("mesh.expected-members", "1");
    assertFalse(MeshConfig.fromProperties(p, ENV).quorum().enabled());
    assertEquals(
        "mesh.quorum.min-members: '2' is not more than half of mesh.expected-members (4): both"
            + " sides of a partition could have quorum and write",
        refused(minimal(), Map.of("mesh.expected-members", "4", "mesh.quorum.min-members", "2")));
    assertEquals(
        "mesh.quorum.min-members: '4' is more than mesh.expected-members (3): never reached",
        refused(minimal(), Map.of("mesh.expected-members", "3", "mesh.quorum.min-members", "4")));
    assertEquals(
        "mesh.quorum.min-members: '1' must be at least 2 (or unset for the majority of"
            + " mesh.expected-members)",
        refused(minimal(), "mesh.quorum.min-members", "1"));
    assertEquals(
        "mesh.expected-members: 'three' is not an integer",
        refused(minimal(), "mesh.expected-members", "three"));
    assertEquals(
        "mesh.writes.result-ttl: 'PT1S' must be at least mesh.writes.timeout (PT5S)",
        refused(minimal(), "mesh.writes.result-ttl", "1s"));
    assertEquals(
        "mesh.ownership.check-interval: 'PT0S' must be positive",
        refused(minimal(), "mesh.ownership.check-interval", "0s"));
    assertEquals(
        "mesh.ownership.handover-timeout: 'PT0S' must be positive",
        refused(minimal(), "mesh.ownership.handover-timeout", "0ms"));
    assertEquals(
        "mesh.ownership.handover-timeout: 'PT2H' must be at most 1h (the owner keeps collecting"
            + " for at most this long)",
        refused(minimal(), "mesh.ownership.handover-timeout", "2h"));
    assertEquals(
        "mesh.ownership.handover-timeout: 'soon' is not a duration (e.g. 500ms, 5s, 1m or PT5S)",
        refused(minimal(), "mesh.ownership.handover-timeout", "soon"));
  }

  private static String refused(Map<String, String> base, Map<String, String> more) {
    Map<String, String> p = new HashMap<>(base);
    p.putAll(more);
    return refused(p);
  }

  @Test
  void sourcePlacementsParseWithMessagesNamingTheKey() {
    assertEquals(SourceSpec.any("plc-1"), SourceSpec.parse("k", "plc-1", " any "));
    assertEquals(
        SourceSpec.preferring("plc-1", "edge-2", "edge-1"),
        SourceSpec.parse("k", "plc-1", "edge-2, edge-1"));
    assertEquals("edge-2,edge-1", SourceSpec.parse("k", "plc-1", "edge-2,edge-1").placement());
    assertEquals(
        "sources.plc-1.placement: 'edge-2,,edge-1' is not 'any' or a list of node names separated"
            + " by commas",
        assertThrows(
                IllegalArgumentException.class,
                () -> SourceSpec.parse("sources.plc-1.placement", "plc-1", "edge-2,,edge-1"))
            .getMessage());
    assertEquals(
        "sources.plc-1.placement: placement of source plc-1[1]: 'edge-2' is listed twice",
        assertThrows(
                IllegalArgumentException.class,
                () -> SourceSpec.parse("sources.plc-1.placement", "plc-1", "edge-2,edge-2"))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SourceSpec.parse("sources.plc-1.placement", "plc-1", ""))
            .getMessage()
            .startsWith("sources.plc-1.placement: is required"));
  }

  @Test
  void kubernetesDiscovery() {
    Map<String, String> p = minimal();
    p.put("mesh.discovery.mode", "kubernetes");
    p.put("mesh.discovery.service-dns", "plantmesh.plant.svc.cluster.local");
    p.put("mesh.discovery.service-port", "5701");
    assertEquals(
        new Discovery.Kubernetes("plantmesh.plant.svc.cluster.local", 5701, Duration.ofSeconds(5)),
        MeshConfig.fromProperties(p, ENV).discovery());
    p.remove("mesh.discovery.service-dns");
    assertEquals("mesh.discovery.service-dns: is required", refused(p));
  }

  @Test
  void messagesNameTheKeyTheValueAndTheReason() {
    Map<String, String> tcp = minimal();
    tcp.put("mesh.discovery.mode", "tcp");
    assertEquals(
        "mesh.discovery.members[1]: 'host:99999' is not a valid host:port (port must be 1-65535)",
        refused(tcp, "mesh.discovery.members", "10.0.0.1:5701,host:99999"));
    assertEquals(
        "mesh.discovery.members[0]: 'bad_host!:5701' is not a valid host:port (host must be a name,"
            + " an IPv4 or an [IPv6])",
        refused(tcp, "mesh.discovery.members", "bad_host!:5701"));
    assertEquals(
        "mesh.discovery.members[0]: '300.1.1.1' is not a valid host:port (host must be a name, an"
            + " IPv4 or an [IPv6])",
        refused(tcp, "mesh.discovery.members", "300.1.1.1"));
    assertTrue(
        refused(tcp, "mesh.discovery.members", "")
            .startsWith("mesh.discovery.members: at least one"));
    assertEquals(
        "mesh.discovery.group: '10.0.0.1' is not a multicast IP address",
        refused(minimal(), "mesh.discovery.group", "10.0.0.1"));
    assertEquals(
        "mesh.discovery.mode: 'gossip' is not one of multicast, tcp, kubernetes",
        refused(minimal(), "mesh.discovery.mode", "gossip"));
    assertEquals(
        "mesh.discovery.members: does not apply to mesh.discovery.mode 'multicast'",
        refused(minimal(), "mesh.discovery.members", "10.0.0.1"));
    assertEquals(
        "mesh.network.port: '70000' is not a TCP/UDP port (1-65535)",
        refused(minimal(), "mesh.network.port", "70000"));
    assertEquals(
        "mesh.network.port: 'x' is not an integer", refused(minimal(), "mesh.network.port", "x"));
    assertEquals(
        "mesh.network.interfaces[1]: '10.0.0.300' is not an IPv4 interface pattern (e.g. 10.3.16.*"
            + " or 10.3.10.4-18)",
        refused(minimal(), "mesh.network.interfaces", "10.0.0.*,10.0.0.300"));
    assertEquals(
        "mesh.failure-detection.heartbeat-interval: 'PT0.5S' must be a whole number of seconds"
            + " (Hazelcast counts heartbeats in s)",
        refused(minimal(), "mesh.failure-detection.heartbeat-interval", "500ms"));
    assertEquals(
        "mesh.failure-detection.max-no-heartbeat: 'PT1S' must be at least twice the heartbeat"
            + " interval (PT1S), or one late heartbeat removes a healthy member",
        refused(minimal(), "mesh.failure-detection.max-no-heartbeat", "1s"));
    assertEquals(
        "mesh.failure-detection.max-no-heartbeat: 'soon' is not a duration (e.g. 500ms, 5s, 1m or"
            + " PT5S)",
        refused(minimal(), "mesh.failure-detection.max-no-heartbeat", "soon"));
    assertEquals(
        "mesh.failure-detection.detector: 'gut-feeling' is not one of deadline, phi-accrual",
        refused(minimal(), "mesh.failure-detection.detector", "gut-feeling"));
    assertTrue(
        refused(minimal(), "mesh.member.name", "edge 1")
            .startsWith("mesh.member.name: 'edge 1' is not a valid name"));
    assertTrue(
        refused(minimal(), "mesh.member.sources", "plc-1,,plc-2")
            .startsWith("mesh.member.sources[1]: is required"));
    assertEquals(
        "mesh.member.uplink: 'yes' is not true or false",
        refused(minimal(), "mesh.member.uplink", "yes"));
    assertEquals(
        "mesh.table.max-readings-per-message: '0' must be 1-100000",
        refused(minimal(), "mesh.table.max-readings-per-message", "0"));
    assertTrue(
        refused(minimal(), "mesh.member.nmae", "x").startsWith("mesh.member.nmae: unknown key"));
  }

  @Test
  void theClusterKeyIsRequiredLongEnoughAndNeverInline() {
    Map<String, String> p = minimal();
    p.remove("mesh.cluster-key");
    assertTrue(refused(p).startsWith("mesh.cluster-key: is required"));
    assertTrue(
        refused(minimal(), "mesh.cluster-key", "hunter2-hunter2-hunter2")
            .startsWith("mesh.cluster-key: secrets must not be written inline"));
    assertEquals(
        "mesh.cluster-key: environment variable 'NOPE' is not set or empty",
        refused(minimal(), "mesh.cluster-key", "env:NOPE"));
    String shortKey =
        assertThrows(
                IllegalArgumentException.class,
                () -> MeshConfig.fromProperties(minimal(), Map.of("MESH_KEY", "short")))
            .getMessage();
    assertEquals(
        "mesh.cluster-key: the secret from env:MESH_KEY is shorter than 16 characters; use at least"
            + " 32 random characters",
        shortKey);
    assertFalse(shortKey.contains("short\""));
  }

  @Test
  void builderRecordsValidateToo() {
    Secret key = Secret.ofValue("0123456789abcdef0123");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MeshConfig.builder("plant 1", MemberIdentity.named("a"), key).build());
    assertEquals(
        "mesh.cluster-name: 'plant 1' is not a valid name (1-64 characters: letters, digits and . _"
            + " ~ : -, starting with a letter or digit)",
        e.getMessage());
    assertEquals(
        "mesh.hazelcast.phone.home: 'x' is not a Hazelcast property (hazelcast.*)",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    MeshConfig.builder("p", MemberIdentity.named("a"), key)
                        .hazelcastProperty("phone.home", "x")
                        .build())
            .getMessage());
  }
}
