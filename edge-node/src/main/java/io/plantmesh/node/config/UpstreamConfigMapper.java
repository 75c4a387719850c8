package io.plantmesh.node.config;

import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.outbox.OutboxConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads {@code plantmesh.summaries}, {@code plantmesh.outbox} and {@code plantmesh.uplink} into
 * {@link UpstreamSettings}. Each section goes whole to its module ({@link SummaryConfig#fromMap},
 * {@link OutboxConfig#fromProperties}, {@link UplinkConfig#fromMap}), which defines and checks its
 * keys; this class adds the node's rules and puts the module's {@code uplink.x} keys back under
 * {@code plantmesh.}.
 *
 * <p>With upstream off the sections are still checked (a typo is an error either way, and {@code
 * enable: true} must not pass for "off"), but secrets are not resolved and nothing is required:
 * nobody should have to provide a password for a link that is not used.
 */
final class UpstreamConfigMapper {
  /**
   * The Outbox's keys ({@code io.plantmesh.outbox.OutboxConfig}). The module ignores other keys;
   * the node refuses them, so that a misspelt key does not silently keep its default.
   */
  static final List<String> OUTBOX_KEYS =
      List.of(
          "dir",
          "max-bytes",
          "segment-bytes",
          "fsync",
          "fsync-interval",
          "checkpoint-interval",
          "evictable-classes");

  /** Stands in for every secret reference while upstream is off. */
  private static final String UNUSED_SECRET = "PLANTMESH_UPLINK_OFF";

  /**
   * Keys of a node's own link, meaningless for a node that forwards through peers only: the peer's
   * link decides topics, security and batching.
   */
  static final List<String> OWN_LINK_ONLY =
      List.of(
          "client-id", "topics", "security", "compression", "linger", "batch-bytes", "producer");

  /** Stands in for the brokers when the node forwards through peers only. */
  static final String NO_BROKERS = "peers-only:9092";

  private final Map<String, String> env;

  UpstreamConfigMapper(Map<String, String> env) {
    this.env = env;
  }

  /**
   * @param meshOn whether the node is in a mesh (then it may forward through peers)
   */
  UpstreamSettings map(
      PlantmeshConfig config, String nodeName, boolean meshOn, List<String> errors) {
    boolean enabled = config.uplink().enabled();
    Map<String, String> flat = new LinkedHashMap<>(config.uplink().settings());
    flat.remove("enabled");
    Map<String, Object> uplink = ConfigTree.of(flat);
    Map<String, Object> summariesTree = ConfigTree.of(config.summaries());

    SummaryConfig summaries = SummaryConfig.defaults();
    try {
      summaries = SummaryConfig.fromMap(summariesTree);
    } catch (IllegalArgumentException e) {
      errors.add(full("summaries", e));
    }
    OutboxConfig outbox = outbox(config.outbox(), enabled, errors);

    boolean ownBrokers = uplink.get("bootstrap-servers") != null;
    Map<String, String> secrets = env;
    if (!enabled) {
      uplink = neutralised(uplink);
      secrets = Map.of(UNUSED_SECRET, "unused");
    }
    if (!ownBrokers) {
      if (enabled && !meshOn) {
        errors.add(
            "plantmesh.uplink.bootstrap-servers: is required when plantmesh.uplink.enabled is true"
                + " and the mesh is off (host:port of one or more Kafka brokers); without it a"
                + " node forwards only through peers of its mesh (plantmesh.mesh.enabled: true)");
      }
      if (enabled && meshOn) {
        for (String k : OWN_LINK_ONLY) {
          if (uplink.containsKey(k)) {
            errors.add(
                "plantmesh.uplink."
                    + k
                    + ": has no effect without plantmesh.uplink.bootstrap-servers: this node"
                    + " forwards through its peers, whose own links decide it; remove it or give"
                    + " the node a link of its own");
          }
        }
      }
      uplink.put("bootstrap-servers", NO_BROKERS);
    }
    UplinkConfig link = null;
    try {
      link = UplinkConfig.fromMap(uplink, nodeName, secrets);
    } catch (IllegalArgumentException e) {
      errors.add(full("uplink", e));
    }
    if (!enabled || link == null || outbox == null) {
      return UpstreamSettings.off();
    }
    return new UpstreamSettings(
        true,
        summaries,
        outbox,
        ownBrokers ? Optional.of(link) : Optional.empty(),
        Forwarder.Settings.of(link));
  }

  private static OutboxConfig outbox(
      Map<String, String> section, boolean enabled, List<String> errors) {
    Map<String, String> props = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, String> e : section.entrySet()) {
      String key = e.getKey();
      int index = key.indexOf('[');
      String name = index < 0 ? key : key.substring(0, index);
      if (!OUTBOX_KEYS.contains(name)) {
        errors.add(
            "plantmesh.outbox."
                + key
                + " is not a known key; known: "
                + String.join(", ", new TreeSet<>(OUTBOX_KEYS)));
        ok = false;
      } else if (index < 0) {
        // A YAML list comes both indexed and comma-joined: the joined form is what the Outbox
        // reads.
        props.put("outbox." + key, e.getValue());
      }
    }
    String dir = props.get("outbox.dir");
    if (dir == null || dir.isBlank()) {
      if (enabled) {
        errors.add(
            "plantmesh.outbox.dir: is required when plantmesh.uplink.enabled is true: the directory"
                + " (on persistent storage) where summaries wait until Kafka has them");
        return null;
      }
      props.put("outbox.dir", "unused");
    }
    try {
      OutboxConfig c = OutboxConfig.fromProperties(props);
      return ok ? c : null;
    } catch (IllegalArgumentException e) {
      errors.add(full("outbox", e));
      return null;
    }
  }

  /** Every secret reference replaced by one that resolves, for checking keys while off. */
  private static Map<String, Object> neutralised(Map<String, Object> tree) {
    Map<String, Object> out = new LinkedHashMap<>();
    tree.forEach((k, v) -> out.put(k, neutralisedValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object neutralisedValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return neutralised((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(e -> out.add(neutralisedValue(e)));
      return out;
    }
    if (v instanceof String s && (s.startsWith("env:") || s.startsWith("file:"))) {
      return "env:" + UNUSED_SECRET;
    }
    return v;
  }

  /**
   * A module's message ({@code uplink.x: ...}) with the node's key ({@code plantmesh.uplink.x}).
   */
  static String full(String section, IllegalArgumentException e) {
    String m = e.getMessage();
    return m != null && m.startsWith(section)
        ? "plantmesh." + m
        : "plantmesh." + section + ": " + m;
  }
}
