package io.plantmesh.cluster.internal;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.plantmesh.cluster.Discovery;
import io.plantmesh.cluster.MeshConfig;
import java.util.Map;

/** Turns a {@link MeshConfig} into a Hazelcast {@link Config}. */
public final class HazelcastSetup {
  private HazelcastSetup() {}

  public static Config config(MeshConfig mc, String instanceName, Map<String, String> attributes) {
    Config c = new Config();
    c.setClusterName(mc.clusterName());
    c.setInstanceName(instanceName);
    c.getMemberAttributeConfig().setAttributes(attributes);
    // Logging through slf4j, so the node's logging configuration governs Hazelcast too.
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    // The node closes the mesh itself, after its pipeline has stopped.
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Join quickly: a floor mesh has a handful of members, not hundreds arriving at once.
    c.setProperty("hazelcast.wait.seconds.before.join", "1");
    c.setProperty("hazelcast.max.wait.seconds.before.join", "5");
    c.setProperty(
        "hazelcast.heartbeat.interval.seconds",
        Long.toString(mc.failureDetection().heartbeatInterval().toSeconds()));
    c.setProperty(
        "hazelcast.max.no.heartbeat.seconds",
        Long.toString(mc.failureDetection().maxNoHeartbeat().toSeconds()));
    c.setProperty(
        "hazelcast.heartbeat.failuredetector.type",
        mc.failureDetection().detector() == MeshConfig.Detector.PHI_ACCRUAL
            ? "phi-accrual"
            : "deadline");
    // The member list is re-sent this often: keep a member that missed an update from lingering.
    c.setProperty(
        "hazelcast.member.list.publish.interval.seconds",
        Long.toString(Math.max(5, mc.failureDetection().maxNoHeartbeat().toSeconds())));

    // Look for the other side of a healed partition every few seconds, not Hazelcast's default of
    // 5 minutes then 2: until the merge, the minority refuses writes.
    c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

    // Advanced networking with a member endpoint only: no client, REST or memcache protocol is
    // listening, which removes the unauthenticated client protocol from the attack surface.
    AdvancedNetworkConfig net = c.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig member =
        new ServerSocketEndpointConfig()
            .setPort(mc.network().port())
            .setPortAutoIncrement(mc.network().portAutoIncrement());
    member.setProtocolType(com.hazelcast.instance.ProtocolType.MEMBER);
    if (!mc.network().interfaces().isEmpty()) {
      InterfacesConfig ic = new InterfacesConfig().setEnabled(true);
      mc.network().interfaces().forEach(ic::addInterface);
      member.setInterfaces(ic);
      c.setProperty("hazelcast.socket.bind.any", "false");
    }
    net.setMemberEndpointConfig(member);

    JoinConfig join = net.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    Discovery d = mc.discovery();
    if (d instanceof Discovery.Multicast m) {
      join.getMulticastConfig()
          .setEnabled(true)
          .setMulticastGroup(m.group())
          .setMulticastPort(m.port())
          .setMulticastTimeoutSeconds(2);
      if (!mc.network().interfaces().isEmpty()) {
        // Only accept multicast join messages from the interfaces the mesh binds to.
        join.getMulticastConfig()
            .setTrustedInterfaces(new java.util.HashSet<>(mc.network().interfaces()));
      }
    } else if (d instanceof Discovery.Tcp t) {
      join.getTcpIpConfig().setEnabled(true).setMembers(t.members()).setConnectionTimeoutSeconds(2);
    } else if (d instanceof Discovery.Kubernetes k) {
      join.getKubernetesConfig()
          .setEnabled(true)
          .setProperty("service-dns", k.serviceDns())
          .setProperty("service-dns-timeout", Long.toString(k.dnsTimeout().toSeconds()));
      if (k.servicePort() != 0) {
        join.getKubernetesConfig().setProperty("service-port", Integer.toString(k.servicePort()));
      }
    }
    mc.hazelcastProperties().forEach(c::setProperty);
    return c;
  }
}
