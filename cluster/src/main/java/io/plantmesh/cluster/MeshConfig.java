package io.plantmesh.cluster;

import io.plantmesh.cluster.internal.Checks;
import io.plantmesh.cluster.internal.MeshConfigParser;
import io.plantmesh.core.Secret;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a node needs to join the mesh. Immutable; every record validates on construction with
 * a message naming the key ({@code mesh.…}), the value and the reason. Build it with {@link
 * #builder} in code, or {@link #fromProperties} from flat {@code mesh.*} keys.
 *
 * @param clusterName members join only a cluster of the same name; also salts the key derivation,
 *     so two plants with the same secret still have different keys
 * @param member this node's identity, published to every peer
 * @param discovery how members find each other
 * @param network where this member listens
 * @param failureDetection how fast a silent member is declared dead
 * @param clusterKey the shared secret every payload is sealed under (see the README's security
 *     section); required: a mesh without it would accept readings from anyone on the network
 * @param table tuning of the tag table
 * @param hazelcastProperties raw Hazelcast properties ({@code hazelcast.*}) applied last, for what
 *     this record does not cover
 * @param quorum how many trusted members a side of a partition needs to change ownership or write
 * @param ownership how ownership of sources is kept up to date
 * @param writes how routed writes wait and how long their results are remembered
 */
public record MeshConfig(
    String clusterName,
    MemberIdentity member,
    Discovery discovery,
    Network network,
    FailureDetection failureDetection,
    Secret clusterKey,
    Table table,
    Map<String, String> hazelcastProperties,
    Quorum quorum,
    Ownership ownership,
    Writes writes) {

  public static final int DEFAULT_PORT = 5701;

  /** The phase 1 shape: no split-brain protection, default ownership and write settings. */
  public MeshConfig(
      String clusterName,
      MemberIdentity member,
      Discovery discovery,
      Network network,
      FailureDetection failureDetection,
      Secret clusterKey,
      Table table,
      Map<String, String> hazelcastProperties) {
    this(
        clusterName,
        member,
        discovery,
        network,
        failureDetection,
        clusterKey,
        table,
        hazelcastProperties,
        Quorum.none(),
        Ownership.defaults(),
        Writes.defaults());
  }

  public MeshConfig {
    Checks.name("mesh.cluster-name", clusterName);
    Objects.requireNonNull(member, "mesh.member");
    Objects.requireNonNull(discovery, "mesh.discovery");
    Objects.requireNonNull(network, "mesh.network");
    Objects.requireNonNull(failureDetection, "mesh.failure-detection");
    Objects.requireNonNull(table, "mesh.table");
    Objects.requireNonNull(quorum, "mesh.quorum");
    Objects.requireNonNull(ownership, "mesh.ownership");
    Objects.requireNonNull(writes, "mesh.writes");
    if (clusterKey == null) {
      throw new IllegalArgumentException(
          "mesh.cluster-key: is required (env:NAME or file:/path); every payload on the mesh is"
              + " sealed under it");
    }
    char[] key = clusterKey.chars();
    int keyLength = key.length;
    java.util.Arrays.fill(key, '\0');
    if (keyLength < 16) {
      throw new IllegalArgumentException(
          "mesh.cluster-key: the secret from "
              + clusterKey.reference()
              + " is shorter than 16 characters; use at least 32 random characters");
    }
    Map<String, String> props =
        new TreeMap<>(hazelcastProperties == null ? Map.of() : hazelcastProperties);
    props.forEach(
        (k, v) -> {
          if (!k.startsWith("hazelcast.")) {
            throw Checks.invalid(
                "mesh.hazelcast." + k, v, "is not a Hazelcast property (hazelcast.*)");
          }
          if (v == null) {
            throw new IllegalArgumentException("mesh.hazelcast." + k + ": has no value");
          }
        });
    hazelcastProperties = Collections.unmodifiableMap(props);
  }

  /**
   * Parses flat keys ({@code mesh.cluster-name}, {@code mesh.member.name}, …; lists
   * comma-separated; durations as {@code 500ms}, {@code 5s}, {@code 1m} or ISO-8601). Unknown
   * {@code mesh.*} keys are refused, so that a typo does not silently fall back to a default.
   *
   * @param env the environment {@code env:} secret references are resolved against
   */
  public static MeshConfig fromProperties(Map<String, String> properties, Map<String, String> env) {
    return MeshConfigParser.parse(properties, env);
  }

  /** Where this member listens, and from where it accepts peers. */
  public record Network(
      List<String> interfaces, int port, boolean portAutoIncrement, List<String> allowedMembers) {
    /**
     * @param interfaces the interfaces to bind to (Hazelcast syntax: {@code 10.3.16.*}, {@code
     *     10.3.10.4-18}); empty binds to all, which is rarely what a plant network wants
     * @param port the TCP port
     * @param portAutoIncrement whether to try the next ports when this one is taken (off by
     *     default: firewalls and static member lists expect a fixed port)
     * @param allowedMembers the addresses peers may have (same syntax); a member at another address
     *     is untrusted even with the cluster key (Hazelcast Community cannot refuse the connection
     *     itself). Empty allows any address
     */
    public Network {
      interfaces = patterns("mesh.network.interfaces", interfaces);
      allowedMembers = patterns("mesh.network.allowed-members", allowedMembers);
      Checks.port("mesh.network.port", port);
    }

    /** Any peer address. */
    public Network(List<String> interfaces, int port, boolean portAutoIncrement) {
      this(interfaces, port, portAutoIncrement, List.of());
    }

    private static List<String> patterns(String key, List<String> list) {
      List<String> copy = List.copyOf(list == null ? List.of() : list);
      for (int i = 0; i < copy.size(); i++) {
        if (!Checks.isInterfacePattern(copy.get(i))) {
          throw Checks.invalid(
              key + "[" + i + "]",
              copy.get(i),
              "is not an IPv4 interface pattern (e.g. 10.3.16.* or 10.3.10.4-18)");
        }
      }
      return copy;
    }

    /** Whether a peer at {@code host} (an IPv4 address) is allowed. */
    public boolean allows(String host) {
      return allowedMembers.isEmpty()
          || allowedMembers.stream().anyMatch(p -> Checks.matchesInterfacePattern(p, host));
    }

    public static Network defaults() {
      return new Network(List.of(), DEFAULT_PORT, false);
    }
  }

  /** How fast a member that stopped answering is removed. */
  public record FailureDetection(
      Duration heartbeatInterval, Duration maxNoHeartbeat, Detector detector) {
    public FailureDetection {
      Checks.wholeSeconds("mesh.failure-detection.heartbeat-interval", heartbeatInterval);
      Checks.wholeSeconds("mesh.failure-detection.max-no-heartbeat", maxNoHeartbeat);
      Objects.requireNonNull(detector, "mesh.failure-detection.detector");
      if (maxNoHeartbeat.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
        throw Checks.invalid(
            "mesh.failure-detection.max-no-heartbeat",
            maxNoHeartbeat,
            "must be at least twice the heartbeat interval ("
                + heartbeatInterval
                + "), or one late heartbeat removes a healthy member");
      }
    }

    /** 1 s heartbeats, removed after 5 s of silence: seconds, not Hazelcast's default minute. */
    public static FailureDetection defaults() {
      return new FailureDetection(Duration.ofSeconds(1), Duration.ofSeconds(5), Detector.DEADLINE);
    }
  }

  /** Hazelcast's two heartbeat failure detectors. */
  public enum Detector {
    /** Removed after a fixed time without a heartbeat. */
    DEADLINE,
    /** Adapts to the observed heartbeat jitter (Hayashibara et al.). */
    PHI_ACCRUAL
  }

  /**
   * Tag table tuning.
   *
   * @param maxReadingsPerMessage a batch larger than this is split, so that one message stays small
   *     (tens of kB) and a late joiner's snapshot streams in chunks; live readings are cut further
   *     so that a message's envelope stays near 30 KB (see {@code TagTableImpl.MESSAGE_BYTES})
   * @param applyQueueCapacity batches waiting to be applied to the local view; when full, the
   *     publisher and the receiving threads wait (back-pressure, counted), nothing is dropped
   * @param snapshotTimeout how long a late joiner waits for a peer's snapshot before asking another
   *     peer
   */
  public record Table(int maxReadingsPerMessage, int applyQueueCapacity, Duration snapshotTimeout) {
    public Table {
      if (maxReadingsPerMessage < 1 || maxReadingsPerMessage > 100_000) {
        throw Checks.invalid(
            "mesh.table.max-readings-per-message", maxReadingsPerMessage, "must be 1-100000");
      }
      if (applyQueueCapacity < 1) {
        throw Checks.invalid(
            "mesh.table.apply-queue-capacity", applyQueueCapacity, "must be at least 1");
      }
      Checks.positive("mesh.table.snapshot-timeout", snapshotTimeout);
    }

    public static Table defaults() {
      return new Table(1000, 1024, Duration.ofSeconds(10));
    }
  }

  /**
   * Split-brain protection. A side of a partition with fewer trusted members than {@code
   * minMembers} may not acquire sources, hand them over or write to a PLC: with a majority as the
   * minimum, at most one side of any partition can. Without it (a single node, or a mesh whose size
   * is not configured) every side believes it has quorum.
   *
   * @param expectedMembers how many members the mesh has when whole, or 0 when not said
   * @param minMembers the minimum; 0 derives the majority of {@code expectedMembers} (and disables
   *     the protection when that is not set or is 1)
   */
  public record Quorum(int expectedMembers, int minMembers) {
    public Quorum {
      if (expectedMembers < 0) {
        throw Checks.invalid("mesh.expected-members", expectedMembers, "must not be negative");
      }
      if (minMembers < 0 || minMembers == 1) {
        throw Checks.invalid(
            "mesh.quorum.min-members",
            minMembers,
            "must be at least 2 (or unset for the majority of mesh.expected-members)");
      }
      if (minMembers == 0 && expectedMembers >= 2) {
        minMembers = expectedMembers / 2 + 1;
      }
      if (expectedMembers > 0 && minMembers > expectedMembers) {
        throw Checks.invalid(
            "mesh.quorum.min-members",
            minMembers,
            "is more than mesh.expected-members (" + expectedMembers + "): never reached");
      }
      if (expectedMembers > 0 && minMembers > 0 && minMembers * 2 <= expectedMembers) {
        throw Checks.invalid(
            "mesh.quorum.min-members",
            minMembers,
            "is not more than half of mesh.expected-members ("
                + expectedMembers
                + "): both sides of a partition could have quorum and write");
      }
    }

    /** No split-brain protection. */
    public static Quorum none() {
      return new Quorum(0, 0);
    }

    /** The majority of {@code expectedMembers}. */
    public static Quorum majorityOf(int expectedMembers) {
      return new Quorum(expectedMembers, 0);
    }

    /** Whether a minimum is enforced. */
    public boolean enabled() {
      return minMembers >= 2;
    }
  }

  /**
   * Ownership of sources.
   *
   * @param checkInterval how often ownership is re-evaluated besides membership and ownership
   *     events: the safety net for an event missed or a change refused for lack of quorum
   * @param handoverTimeout how long an owner that should hand a source over keeps collecting while
   *     the next owner is not ready ({@link OwnershipListener#onStandby}); after it, the owner
   *     hands over anyway (a WARN, the next owner starts cold). Failover after the owner died never
   *     waits.
   */
  public record Ownership(Duration checkInterval, Duration handoverTimeout) {
    public static final Duration DEFAULT_HANDOVER_TIMEOUT = Duration.ofSeconds(30);

    public Ownership {
      Checks.positive("mesh.ownership.check-interval", checkInterval);
      Checks.positive("mesh.ownership.handover-timeout", handoverTimeout);
      if (handoverTimeout.compareTo(Duration.ofHours(1)) > 0) {
        throw Checks.invalid(
            "mesh.ownership.handover-timeout",
            handoverTimeout,
            "must be at most 1h (the owner keeps collecting for at most this long)");
      }
    }

    /** The phase 2 shape: the default handover timeout. */
    public Ownership(Duration checkInterval) {
      this(checkInterval, DEFAULT_HANDOVER_TIMEOUT);
    }

    public static Ownership defaults() {
      return new Ownership(Duration.ofSeconds(1), DEFAULT_HANDOVER_TIMEOUT);
    }
  }

  /**
   * Writes routed to a source's owner.
   *
   * @param timeout how long a caller waits for the owner's answer (device included)
   * @param resultTtl how long an owner remembers a command's result, so that a retry with the same
   *     command id returns it instead of writing again; a command may expire at most this far
   *     ahead, or a replay after the result is forgotten would write twice
   * @param auditCapacity how many write attempts the mesh's audit keeps ({@link WriteAudit}), 10 to
   *     1,000,000
   */
  public record Writes(Duration timeout, Duration resultTtl, int auditCapacity) {
    /** The default of {@link #auditCapacity}. */
    public static final int DEFAULT_AUDIT_CAPACITY = 1000;

    public Writes {
      if (auditCapacity < 10 || auditCapacity > 1_000_000) {
        throw Checks.invalid(
            "mesh.writes.audit-capacity", auditCapacity, "must be between 10 and 1000000");
      }
      Checks.positive("mesh.writes.timeout", timeout);
      Checks.positive("mesh.writes.result-ttl", resultTtl);
      if (resultTtl.compareTo(timeout) < 0) {
        throw Checks.invalid(
            "mesh.writes.result-ttl",
            resultTtl,
            "must be at least mesh.writes.timeout (" + timeout + ")");
      }
    }

    /** With the default audit capacity. */
    public Writes(Duration timeout, Duration resultTtl) {
      this(timeout, resultTtl, DEFAULT_AUDIT_CAPACITY);
    }

    public static Writes defaults() {
      return new Writes(Duration.ofSeconds(5), Duration.ofMinutes(10));
    }
  }

  /** A builder with the defaults: multicast discovery, port 5701, 1 s / 5 s failure detection. */
  public static Builder builder(String clusterName, MemberIdentity member, Secret clusterKey) {
    return new Builder(clusterName, member, clusterKey);
  }

  /** Builds a {@link MeshConfig}; validation happens in {@link #build()}. */
  public static final class Builder {
    private final String clusterName;
    private final MemberIdentity member;
    private final Secret clusterKey;
    private Discovery discovery = Discovery.Multicast.defaults();
    private Network network = Network.defaults();
    private FailureDetection failureDetection = FailureDetection.defaults();
    private Table table = Table.defaults();
    private Quorum quorum = Quorum.none();
    private Ownership ownership = Ownership.defaults();
    private Writes writes = Writes.defaults();
    private final Map<String, String> properties = new TreeMap<>();

    private Builder(String clusterName, MemberIdentity member, Secret clusterKey) {
      this.clusterName = clusterName;
      this.member = member;
      this.clusterKey = clusterKey;
    }

    public Builder discovery(Discovery discovery) {
      this.discovery = discovery;
      return this;
    }

    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    public Builder failureDetection(FailureDetection failureDetection) {
      this.failureDetection = failureDetection;
      return this;
    }

    public Builder table(Table table) {
      this.table = table;
      return this;
    }

    public Builder quorum(Quorum quorum) {
      this.quorum = quorum;
      return this;
    }

    public Builder ownership(Ownership ownership) {
      this.ownership = ownership;
      return this;
    }

    public Builder writes(Writes writes) {
      this.writes = writes;
      return this;
    }

    public Builder hazelcastProperty(String name, String value) {
      properties.put(name, value);
      return this;
    }

    public MeshConfig build() {
      return new MeshConfig(
          clusterName,
          member,
          discovery,
          network,
          failureDetection,
          clusterKey,
          table,
          properties,
          quorum,
          ownership,
          writes);
    }
  }
}
