package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.instance.EndpointQualifier;
import io.plantmesh.cluster.Discovery;
import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.core.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Hazelcast member is told; the discovery that cannot run here (Kubernetes) included. */
class HazelcastSetupTest {
  private final MeshConfig.Builder base =
      MeshConfig.builder(
          "plant", MemberIdentity.named("edge-1"), Secret.ofValue("0123456789abcdef0123"));

  @Test
  void floorDefaultsQuietLoggingAndNoClientEndpoint() {
    Config c = HazelcastSetup.config(base.build(), "x", Map.of("plantmesh.name", "edge-1"));
    assertEquals("plant", c.getClusterName());
    assertEquals("1", c.getProperty("hazelcast.heartbeat.interval.seconds"));
    assertEquals("5", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("deadline", c.getProperty("hazelcast.heartbeat.failuredetector.type"));
    assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("slf4j", c.getProperty("hazelcast.logging.type"));
    assertEquals("edge-1", c.getMemberAttributeConfig().getAttribute("plantmesh.name"));
    assertTrue(c.getAdvancedNetworkConfig().isEnabled());
    assertEquals(
        List.of(EndpointQualifier.MEMBER),
        List.copyOf(c.getAdvancedNetworkConfig().getEndpointConfigs().keySet()),
        "only the member protocol listens: no client, REST or memcache endpoint");
    JoinConfig j = c.getAdvancedNetworkConfig().getJoin();
    assertTrue(j.getMulticastConfig().isEnabled());
    assertEquals("224.2.2.3", j.getMulticastConfig().getMulticastGroup());
    assertFalse(
        j.getTcpIpConfig().isEnabled()
            || j.getKubernetesConfig().isEnabled()
            || j.getAutoDetectionConfig().isEnabled());
    assertNull(c.getProperty("hazelcast.socket.bind.any"));
  }

  @Test
  void tcpInterfacesPhiAccrualAndRawProperties() {
    Config c =
        HazelcastSetup.config(
            base.discovery(Discovery.Tcp.of("10.0.0.1:5701", "10.0.0.2"))
                .network(new MeshConfig.Network(List.of("10.0.0.*"), 5801, false))
                .failureDetection(
                    new MeshConfig.FailureDetection(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(9),
                        MeshConfig.Detector.PHI_ACCRUAL))
                .hazelcastProperty("hazelcast.partition.count", "31")
                .build(),
            "x",
            Map.of());
    JoinConfig j = c.getAdvancedNetworkConfig().getJoin();
    assertTrue(j.getTcpIpConfig().isEnabled());
    assertFalse(j.getMulticastConfig().isEnabled());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), j.getTcpIpConfig().getMembers());
    var member = c.getAdvancedNetworkConfig().getEndpointConfigs().get(EndpointQualifier.MEMBER);
    assertEquals(List.of("10.0.0.*"), List.copyOf(member.getInterfaces().getInterfaces()));
    assertTrue(member.getInterfaces().isEnabled());
    assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
    assertEquals("2", c.getProperty("hazelcast.heartbeat.interval.seconds"));
    assertEquals("9", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("phi-accrual", c.getProperty("hazelcast.heartbeat.failuredetector.type"));
    assertEquals("31", c.getProperty("hazelcast.partition.count"));
  }

  @Test
  void kubernetesUsesTheHeadlessServicesDns() {
    Config c =
        HazelcastSetup.config(
            base.discovery(
                    new Discovery.Kubernetes(
                        "plantmesh.plant.svc.cluster.local", 5701, Duration.ofSeconds(3)))
                .build(),
            "x",
            Map.of());
    JoinConfig j = c.getAdvancedNetworkConfig().getJoin();
    assertTrue(j.getKubernetesConfig().isEnabled());
    assertFalse(j.getMulticastConfig().isEnabled());
    assertEquals(
        "plantmesh.plant.svc.cluster.local", j.getKubernetesConfig().getProperty("service-dns"));
    assertEquals("3", j.getKubernetesConfig().getProperty("service-dns-timeout"));
    assertEquals("5701", j.getKubernetesConfig().getProperty("service-port"));
  }

  @Test
  void healedPartitionsAreLookedForWithinSeconds() {
    Config c = HazelcastSetup.config(base.build(), "x", Map.of());
    assertEquals("5", c.getProperty("hazelcast.merge.first.run.delay.seconds"));
    assertEquals("5", c.getProperty("hazelcast.merge.next.run.delay.seconds"));
  }

  @Test
  void ownershipAndResultsAreProtectedByTheTrustedQuorumAndMergeByEpoch() {
    MeshConfig mc = base.quorum(MeshConfig.Quorum.majorityOf(5)).build();
    ClusterKeys keys = ClusterKeys.derive(mc.clusterKey(), mc.clusterName());
    Config c = HazelcastSetup.config(mc, "x", Map.of());
    TrustedQuorum quorum = new TrustedQuorum(mc.clusterName(), keys.attestation(), mc.quorum());
    CoordinationSetup.configure(c, quorum, e -> {});
    var sbp = c.getSplitBrainProtectionConfig(TrustedQuorum.NAME);
    assertTrue(sbp.isEnabled());
    assertEquals(3, sbp.getMinimumClusterSize());
    assertEquals(quorum, sbp.getFunctionImplementation());
    assertEquals(
        com.hazelcast.splitbrainprotection.SplitBrainProtectionOn.WRITE, sbp.getProtectOn());
    var ownership = c.getMapConfig(OwnershipRecord.MAP);
    assertEquals(TrustedQuorum.NAME, ownership.getSplitBrainProtectionName());
    assertEquals(EpochMergePolicy.class.getName(), ownership.getMergePolicyConfig().getPolicy());
    var results = c.getMapConfig(CoordinationSetup.RESULTS_MAP);
    assertEquals(TrustedQuorum.NAME, results.getSplitBrainProtectionName());
    assertEquals(
        com.hazelcast.spi.merge.PutIfAbsentMergePolicy.class.getName(),
        results.getMergePolicyConfig().getPolicy());

    Config off = HazelcastSetup.config(base.build(), "y", Map.of());
    CoordinationSetup.configure(
        off, new TrustedQuorum("plant", keys.attestation(), MeshConfig.Quorum.none()), e -> {});
    assertTrue(off.getSplitBrainProtectionConfigs().isEmpty());
    assertNull(off.getMapConfig(OwnershipRecord.MAP).getSplitBrainProtectionName());
  }
}
