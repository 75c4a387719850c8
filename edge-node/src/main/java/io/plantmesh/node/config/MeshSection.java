package io.plantmesh.node.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code plantmesh.mesh:} section: the node's embedded Hazelcast member. The node's identity in
 * the mesh comes from {@code plantmesh.node} (name, site, area) and {@code plantmesh.sources} (the
 * sources it can reach, with their placement). The cluster module checks the values ({@code
 * io.plantmesh.cluster.MeshConfig}); its messages name these keys.
 */
public interface MeshSection {

  /**
   * Whether the node joins a mesh. With the mesh on, each source is collected by one node at a time
   * (see {@code plantmesh.sources[*].placement}) and every node sees the whole plant's tags.
   */
  @WithDefault("false")
  boolean enabled();

  /** Nodes join only a mesh of the same name. Required when the mesh is on. */
  Optional<String> clusterName();

  /**
   * The shared secret every payload on the mesh is sealed under, as {@code env:NAME} or {@code
   * file:/path} (never inline); at least 16 characters. Required when the mesh is on.
   */
  Optional<String> clusterKey();

  /**
   * Whether this node has a link to the upstream; shown to every peer. True by itself when the node
   * has a link to Kafka of its own ({@code plantmesh.uplink.bootstrap-servers}).
   */
  @WithDefault("false")
  boolean uplink();

  /** How members find each other. */
  Discovery discovery();

  /** Where this member listens. */
  Network network();

  /** How fast a silent member is declared dead. */
  FailureDetection failureDetection();

  /** Tuning of the plant-wide tag table. */
  Table table();

  /**
   * The members of the whole mesh; the quorum defaults to its majority. Unset: no split-brain
   * protection (warned at start).
   */
  Optional<Integer> expectedMembers();

  /** Split-brain protection. */
  Quorum quorum();

  /** How ownership of sources is kept up to date. */
  Ownership ownership();

  /** Writes routed to a source's owner. */
  Writes writes();

  /** Discovery of members. */
  interface Discovery {
    /** {@code multicast}, {@code tcp} or {@code kubernetes}. */
    @WithDefault("multicast")
    String mode();

    /** {@code multicast}: the group. */
    @WithDefault("224.2.2.3")
    String group();

    /** {@code multicast}: the UDP port. */
    @WithDefault("54327")
    int port();

    /** {@code tcp}: members as {@code host[:port]}; one live member suffices to join. */
    Optional<List<String>> members();

    /** {@code kubernetes}: the DNS name of a headless service. */
    Optional<String> serviceDns();

    /** {@code kubernetes}: the members' port; default: {@code plantmesh.mesh.network.port}. */
    Optional<Integer> servicePort();

    /** {@code kubernetes}: the DNS lookup timeout. */
    @WithDefault("5s")
    Duration dnsTimeout();
  }

  /** Where this member listens. */
  interface Network {
    /** Interfaces to bind to, e.g. {@code 10.3.16.*}; default all (set it on a plant network). */
    Optional<List<String>> interfaces();

    /** The member's TCP port. */
    @WithDefault("5701")
    int port();

    /** Whether to try the next ports when this one is taken. */
    @WithDefault("false")
    boolean portAutoIncrement();

    /**
     * The addresses peers may have, e.g. {@code 10.0.0.2-4}; a member elsewhere is untrusted even
     * with the cluster key. Default any.
     */
    Optional<List<String>> allowedMembers();
  }

  /** Failure detection. */
  interface FailureDetection {
    /** How often members tell each other they are alive; whole seconds. */
    @WithDefault("1s")
    Duration heartbeatInterval();

    /** A silent member is removed after this; at least twice the interval. */
    @WithDefault("5s")
    Duration maxNoHeartbeat();

    /** {@code deadline} or {@code phi-accrual}. */
    @WithDefault("deadline")
    String detector();
  }

  /** The tag table. */
  interface Table {
    /** Larger batches are split; also the snapshot chunk size. */
    @WithDefault("1000")
    int maxReadingsPerMessage();

    /** Batches waiting to be applied before publishers and receivers wait. */
    @WithDefault("1024")
    int applyQueueCapacity();

    /** A snapshot with no progress for this long is asked of the next peer. */
    @WithDefault("10s")
    Duration snapshotTimeout();
  }

  /** Split-brain protection. */
  interface Quorum {
    /** Trusted members a side needs to acquire sources and write; default the majority. */
    Optional<Integer> minMembers();
  }

  /** Ownership of sources. */
  interface Ownership {
    /** How often ownership is re-evaluated besides on events. */
    @WithDefault("1s")
    Duration checkInterval();

    /**
     * How long an owner that should hand a source over keeps collecting while the next owner warms
     * up; after it, the owner hands over anyway.
     */
    @WithDefault("30s")
    Duration handoverTimeout();
  }

  /** Routed writes. */
  interface Writes {
    /** How long the owner waits for the device. */
    @WithDefault("5s")
    Duration timeout();

    /** How long an owner remembers a command's outcome. */
    @WithDefault("10m")
    Duration resultTtl();

    /** How many write attempts (REST and rules) the mesh's audit keeps, 10 to 1,000,000. */
    @WithDefault("1000")
    int auditCapacity();
  }
}
