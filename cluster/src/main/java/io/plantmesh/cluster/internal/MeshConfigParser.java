package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.Discovery;
import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.core.Secret;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link MeshConfig} from flat {@code mesh.*} keys. */
public final class MeshConfigParser {
  static final String PREFIX = "mesh.";
  static final String HAZELCAST_PREFIX = "mesh.hazelcast.";

  static final Set<String> KEYS =
      Set.of(
          "mesh.cluster-name",
          "mesh.cluster-key",
          "mesh.member.name",
          "mesh.member.site",
          "mesh.member.area",
          "mesh.member.sources",
          "mesh.member.uplink",
          "mesh.discovery.mode",
          "mesh.discovery.group",
          "mesh.discovery.port",
          "mesh.discovery.members",
          "mesh.discovery.service-dns",
          "mesh.discovery.service-port",
          "mesh.discovery.dns-timeout",
          "mesh.network.interfaces",
          "mesh.network.port",
          "mesh.network.port-auto-increment",
          "mesh.network.allowed-members",
          "mesh.failure-detection.heartbeat-interval",
          "mesh.failure-detection.max-no-heartbeat",
          "mesh.failure-detection.detector",
          "mesh.table.max-readings-per-message",
          "mesh.table.apply-queue-capacity",
          "mesh.table.snapshot-timeout",
          "mesh.expected-members",
          "mesh.quorum.min-members",
          "mesh.ownership.check-interval",
          "mesh.ownership.handover-timeout",
          "mesh.writes.timeout",
          "mesh.writes.result-ttl",
          "mesh.writes.audit-capacity");

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private final Map<String, String> props;

  private MeshConfigParser(Map<String, String> props) {
    this.props = props;
  }

  public static MeshConfig parse(Map<String, String> properties, Map<String, String> env) {
    Map<String, String> props = new TreeMap<>();
    Map<String, String> hazelcast = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(HAZELCAST_PREFIX)) {
            hazelcast.put(k.substring(HAZELCAST_PREFIX.length()), v);
          } else if (k.startsWith(PREFIX)) {
            if (!KEYS.contains(k)) {
              throw new IllegalArgumentException(
                  k
                      + ": unknown key; known keys are "
                      + new TreeSet<>(KEYS)
                      + " and mesh.hazelcast.*");
            }
            props.put(k, v == null ? "" : v.strip());
          }
        });
    return new MeshConfigParser(props).build(hazelcast, env);
  }

  private MeshConfig build(Map<String, String> hazelcast, Map<String, String> env) {
    MemberIdentity member =
        new MemberIdentity(
            get("mesh.member.name", null),
            get("mesh.member.site", ""),
            get("mesh.member.area", ""),
            new LinkedHashSet<>(list("mesh.member.sources")),
            bool("mesh.member.uplink", false));
    String keyRef = get("mesh.cluster-key", null);
    if (keyRef == null) {
      throw new IllegalArgumentException(
          "mesh.cluster-key: is required (env:NAME or file:/path); every payload on the mesh is"
              + " sealed under it");
    }
    Secret key = Secret.resolve("mesh.cluster-key", keyRef, env);
    MeshConfig.FailureDetection fd = MeshConfig.FailureDetection.defaults();
    MeshConfig.Table td = MeshConfig.Table.defaults();
    MeshConfig.Ownership od = MeshConfig.Ownership.defaults();
    MeshConfig.Writes wd = MeshConfig.Writes.defaults();
    return new MeshConfig(
        get("mesh.cluster-name", null),
        member,
        discovery(),
        new MeshConfig.Network(
            list("mesh.network.interfaces"),
            integer("mesh.network.port", MeshConfig.DEFAULT_PORT),
            bool("mesh.network.port-auto-increment", false),
            list("mesh.network.allowed-members")),
        new MeshConfig.FailureDetection(
            duration("mesh.failure-detection.heartbeat-interval", fd.heartbeatInterval()),
            duration("mesh.failure-detection.max-no-heartbeat", fd.maxNoHeartbeat()),
            detector()),
        key,
        new MeshConfig.Table(
            integer("mesh.table.max-readings-per-message", td.maxReadingsPerMessage()),
            integer("mesh.table.apply-queue-capacity", td.applyQueueCapacity()),
            duration("mesh.table.snapshot-timeout", td.snapshotTimeout())),
        hazelcast,
        new MeshConfig.Quorum(
            integer("mesh.expected-members", 0), integer("mesh.quorum.min-members", 0)),
        new MeshConfig.Ownership(
            duration("mesh.ownership.check-interval", od.checkInterval()),
            duration("mesh.ownership.handover-timeout", od.handoverTimeout())),
        new MeshConfig.Writes(
            duration("mesh.writes.timeout", wd.timeout()),
            duration("mesh.writes.result-ttl", wd.resultTtl()),
            integer("mesh.writes.audit-capacity", wd.auditCapacity())));
  }

  private Discovery discovery() {
    String mode = get("mesh.discovery.mode", "multicast").toLowerCase(Locale.ROOT);
    List<String> others = new ArrayList<>();
    Discovery d;
    switch (mode) {
      case "multicast" -> {
        d =
            new Discovery.Multicast(
                get("mesh.discovery.group", Discovery.Multicast.DEFAULT_GROUP),
                integer("mesh.discovery.port", Discovery.Multicast.DEFAULT_PORT));
        others.addAll(
            List.of(
                "mesh.discovery.members",
                "mesh.discovery.service-dns",
                "mesh.discovery.service-port",
                "mesh.discovery.dns-timeout"));
      }
      case "tcp" -> {
        d = new Discovery.Tcp(list("mesh.discovery.members"));
        others.addAll(
            List.of(
                "mesh.discovery.group",
                "mesh.discovery.port",
                "mesh.discovery.service-dns",
                "mesh.discovery.service-port",
                "mesh.discovery.dns-timeout"));
      }
      case "kubernetes" -> {
        d =
            new Discovery.Kubernetes(
                get("mesh.discovery.service-dns", null),
                integer("mesh.discovery.service-port", 0),
                duration("mesh.discovery.dns-timeout", Duration.ofSeconds(5)));
        others.addAll(
            List.of("mesh.discovery.group", "mesh.discovery.port", "mesh.discovery.members"));
      }
      default ->
          throw Checks.invalid(
              "mesh.discovery.mode", mode, "is not one of multicast, tcp, kubernetes");
    }
    for (String k : others) {
      if (props.containsKey(k)) {
        throw new IllegalArgumentException(
            k + ": does not apply to mesh.discovery.mode '" + mode + "'");
      }
    }
    return d;
  }

  private MeshConfig.Detector detector() {
    String v = get("mesh.failure-detection.detector", "deadline");
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "deadline" -> MeshConfig.Detector.DEADLINE;
      case "phi-accrual" -> MeshConfig.Detector.PHI_ACCRUAL;
      default ->
          throw Checks.invalid(
              "mesh.failure-detection.detector", v, "is not one of deadline, phi-accrual");
    };
  }

  private String get(String key, String fallback) {
    String v = props.get(key);
    return v == null || v.isEmpty() ? fallback : v;
  }

  private List<String> list(String key) {
    String v = props.get(key);
    List<String> out = new ArrayList<>();
    if (v == null || v.isBlank()) {
      return out;
    }
    for (String part : v.split(",", -1)) {
      out.add(part.strip());
    }
    return out;
  }

  private boolean bool(String key, boolean fallback) {
    String v = get(key, null);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Checks.invalid(key, v, "is not true or false");
    };
  }

  private int integer(String key, int fallback) {
    String v = get(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw Checks.invalid(key, v, "is not an integer");
    }
  }

  private Duration duration(String key, Duration fallback) {
    String v = get(key, null);
    return v == null ? fallback : parseDuration(key, v);
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT5S}). */
  public static Duration parseDuration(String key, String v) {
    Matcher m = DURATION.matcher(v.strip());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(v.strip());
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw Checks.invalid(key, v, "is not a duration (e.g. 500ms, 5s, 1m or PT5S)");
    }
  }
}
