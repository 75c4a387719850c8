package io.plantmesh.node.config;

import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@code plantmesh.mesh} (and the node's name, site, area and sources) into the cluster
 * module's {@link MeshConfig}. The cluster module validates; its messages name {@code mesh.*} keys,
 * which this class puts back under {@code plantmesh.}.
 */
final class MeshConfigMapper {
  private final Map<String, String> env;

  MeshConfigMapper(Map<String, String> env) {
    this.env = env;
  }

  /**
   * @param sourceIds the ids of the sources this node lists: the ones it can reach, so may own
   * @param ownUplink whether the node has a link to Kafka of its own ({@code
   *     plantmesh.uplink.bootstrap-servers}): then peers see it as having an uplink, whatever
   *     {@code plantmesh.mesh.uplink} says
   */
  Optional<MeshConfig> map(
      MeshSection m,
      String nodeName,
      PlantmeshConfig.Node node,
      Set<String> sourceIds,
      boolean ownUplink,
      List<String> errors) {
    if (!m.enabled()) {
      return Optional.empty();
    }
    Map<String, String> p = new LinkedHashMap<>();
    put(p, "mesh.cluster-name", m.clusterName());
    put(p, "mesh.cluster-key", m.clusterKey());
    p.put("mesh.member.name", nodeName);
    put(p, "mesh.member.site", node.site());
    put(p, "mesh.member.area", node.area());
    p.put("mesh.member.sources", String.join(",", new LinkedHashSet<>(sourceIds)));
    p.put("mesh.member.uplink", Boolean.toString(m.uplink() || ownUplink));
    MeshSection.Discovery d = m.discovery();
    String mode = d.mode().strip().toLowerCase(java.util.Locale.ROOT);
    p.put("mesh.discovery.mode", mode);
    // Keys with a default are passed for their mode only; keys the user set are always passed, so
    // that the parser refuses one given for another mode.
    if (mode.equals("multicast")) {
      p.put("mesh.discovery.group", d.group());
      p.put("mesh.discovery.port", Integer.toString(d.port()));
    }
    if (mode.equals("kubernetes")) {
      p.put("mesh.discovery.dns-timeout", millis(d.dnsTimeout()));
    }
    putList(p, "mesh.discovery.members", d.members());
    put(p, "mesh.discovery.service-dns", d.serviceDns());
    d.servicePort().ifPresent(v -> p.put("mesh.discovery.service-port", v.toString()));
    MeshSection.Network n = m.network();
    putList(p, "mesh.network.interfaces", n.interfaces());
    p.put("mesh.network.port", Integer.toString(n.port()));
    p.put("mesh.network.port-auto-increment", Boolean.toString(n.portAutoIncrement()));
    putList(p, "mesh.network.allowed-members", n.allowedMembers());
    MeshSection.FailureDetection f = m.failureDetection();
    p.put("mesh.failure-detection.heartbeat-interval", millis(f.heartbeatInterval()));
    p.put("mesh.failure-detection.max-no-heartbeat", millis(f.maxNoHeartbeat()));
    p.put("mesh.failure-detection.detector", f.detector());
    MeshSection.Table t = m.table();
    p.put("mesh.table.max-readings-per-message", Integer.toString(t.maxReadingsPerMessage()));
    p.put("mesh.table.apply-queue-capacity", Integer.toString(t.applyQueueCapacity()));
    p.put("mesh.table.snapshot-timeout", millis(t.snapshotTimeout()));
    m.expectedMembers().ifPresent(v -> p.put("mesh.expected-members", v.toString()));
    m.quorum().minMembers().ifPresent(v -> p.put("mesh.quorum.min-members", v.toString()));
    p.put("mesh.ownership.check-interval", millis(m.ownership().checkInterval()));
    p.put("mesh.ownership.handover-timeout", millis(m.ownership().handoverTimeout()));
    p.put("mesh.writes.timeout", millis(m.writes().timeout()));
    p.put("mesh.writes.result-ttl", millis(m.writes().resultTtl()));
    p.put("mesh.writes.audit-capacity", Integer.toString(m.writes().auditCapacity()));
    try {
      return Optional.of(MeshConfig.fromProperties(p, env));
    } catch (IllegalArgumentException e) {
      errors.add(fullKey(e.getMessage()));
      return Optional.empty();
    }
  }

  /** The placement of each source, as every node listing the source must declare it. */
  static List<SourceSpec> placements(List<SourceSection> sources, List<String> errors) {
    List<SourceSpec> specs = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceSection s = sources.get(i);
      String key = "plantmesh.sources[" + i + "].placement";
      Set<String> seen = new java.util.HashSet<>();
      String duplicate = null;
      for (int j = 0; j < s.placement().size() && duplicate == null; j++) {
        if (!seen.add(s.placement().get(j).strip())) {
          duplicate = key + "[" + j + "]: '" + s.placement().get(j) + "' is listed twice";
        }
      }
      if (duplicate != null) {
        errors.add(duplicate);
        continue;
      }
      try {
        specs.add(
            SourceSpec.parse(key, s.id(), String.join(",", s.placement()))
                .withHotStandby(s.standby() == StandbyMode.HOT));
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    return specs;
  }

  /** {@code mesh.x: why} → {@code plantmesh.mesh.x: why}; the member's identity → its real keys. */
  static String fullKey(String message) {
    if (message.startsWith("mesh.member.name")) {
      return "plantmesh.node.name" + message.substring("mesh.member.name".length());
    }
    if (message.startsWith("mesh.member.site") || message.startsWith("mesh.member.area")) {
      return "plantmesh.node." + message.substring("mesh.member.".length());
    }
    if (message.startsWith("mesh.member.uplink")) {
      return "plantmesh.mesh.uplink" + message.substring("mesh.member.uplink".length());
    }
    return message.startsWith("mesh.") ? "plantmesh." + message : "plantmesh.mesh: " + message;
  }

  private static void put(Map<String, String> p, String key, Optional<String> value) {
    value.ifPresent(v -> p.put(key, v));
  }

  private static void putList(Map<String, String> p, String key, Optional<List<String>> value) {
    value.ifPresent(v -> p.put(key, String.join(",", v)));
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }
}
