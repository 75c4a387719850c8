package io.plantmesh.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.plantmesh.cluster.internal.AuditLog;
import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.CommandExecutor;
import io.plantmesh.cluster.internal.CommandRouterImpl;
import io.plantmesh.cluster.internal.CoordinationSetup;
import io.plantmesh.cluster.internal.Counters;
import io.plantmesh.cluster.internal.Fanout;
import io.plantmesh.cluster.internal.HazelcastSetup;
import io.plantmesh.cluster.internal.MemberAttributes;
import io.plantmesh.cluster.internal.Membership;
import io.plantmesh.cluster.internal.MeshParts;
import io.plantmesh.cluster.internal.OwnershipManager;
import io.plantmesh.cluster.internal.RuleHostDirectory;
import io.plantmesh.cluster.internal.TagTableImpl;
import io.plantmesh.cluster.internal.TopicFanout;
import io.plantmesh.cluster.internal.TrustedQuorum;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's member of the plantmesh mesh: an embedded Hazelcast member with the node's identity,
 * the trust verdict on every peer, the plant-wide {@link TagTable}, ownership of sources with
 * failover ({@link #declareSources}) and writes routed to a source's owner ({@link
 * #commandRouter()}).
 *
 * <p>Thread-safe. {@link #close()} leaves the mesh gracefully; a node that dies instead is removed
 * by the others' failure detection (seconds, see {@link MeshConfig.FailureDetection}).
 */
public final class Mesh implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mesh.class);

  private final MeshConfig config;
  private final UUID memberId;
  private final HazelcastInstance hz;
  private final Membership membership;
  private final Counters counters;
  private final TagTableImpl table;
  private final TrustedQuorum quorum;
  private final OwnershipManager ownership;
  private final CommandRouterImpl router;
  private final CommandExecutor commands;
  private final AuditLog audit;
  private final OwnershipManager rules;
  private final RuleHostDirectory ruleHosts;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Mesh(
      MeshConfig config,
      UUID memberId,
      HazelcastInstance hz,
      Membership membership,
      Counters counters,
      TrustedQuorum quorum,
      MeshParts p) {
    this.config = config;
    this.memberId = memberId;
    this.hz = hz;
    this.membership = membership;
    this.counters = counters;
    this.table = p.table();
    this.quorum = quorum;
    this.ownership = p.ownership();
    this.router = p.router();
    this.commands = p.commands();
    this.audit = p.audit();
    this.rules = p.rules();
    this.ruleHosts = p.ruleHosts();
  }

  /**
   * Starts the Hazelcast member, joins (or forms) the cluster and brings the tag table up to date
   * in the background ({@link TagTable#awaitSynced}).
   *
   * @throws IllegalStateException when the member cannot start (the port is taken, say), naming the
   *     key to look at
   */
  public static Mesh start(MeshConfig config) {
    return start(config, c -> {}, hz -> new TopicFanout(hz, TagTableImpl.READINGS));
  }

  /** The same mesh with readings over another Hazelcast structure: for the measurements. */
  static Mesh start(
      MeshConfig config,
      Consumer<Config> customize,
      Function<HazelcastInstance, Fanout> readingsFanout) {
    // Hazelcast's static loggers read this system property only (the config property governs the
    // rest): without it a few start-up messages bypass slf4j and go to java.util.logging.
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    ClusterKeys keys = ClusterKeys.derive(config.clusterKey(), config.clusterName());
    UUID memberId = UUID.randomUUID();
    Counters counters = new Counters();
    Map<String, String> attributes =
        MemberAttributes.of(
            memberId, config.member(), Instant.now(), config.clusterName(), keys.attestation());
    Membership membership =
        new Membership(config.clusterName(), keys.attestation(), counters, config.network());
    Config hc =
        HazelcastSetup.config(
            config,
            "plantmesh-" + config.member().name() + "-" + memberId.toString().substring(0, 8),
            attributes);
    // Hazelcast loads the merge policy and other classes by name, by default through the thread's
    // context class loader; in a container (Quarkus, a test harness) that may not be the loader of
    // plantmesh's own classes.
    hc.setClassLoader(Mesh.class.getClassLoader());
    // Registered through the config, so that it sees the initial member list before any event.
    hc.addListenerConfig(new ListenerConfig(membership));
    TrustedQuorum quorum =
        new TrustedQuorum(config.clusterName(), keys.attestation(), config.quorum());
    AtomicReference<OwnershipManager> owners = new AtomicReference<>();
    AtomicReference<OwnershipManager> ruleOwners = new AtomicReference<>();
    CoordinationSetup.configure(
        hc,
        quorum,
        e -> {
          OwnershipManager o = owners.get();
          if (e.isPresent()) {
            LOG.info(
                "Quorum regained: {} member(s) in view, {} trusted needed",
                e.getCurrentMembers().size(),
                e.getThreshold());
          } else {
            LOG.warn(
                "Quorum LOST: {} member(s) in view, {} trusted needed; this side refuses writes"
                    + " and acquires no source until the partition heals",
                e.getCurrentMembers().size(),
                e.getThreshold());
          }
          if (o != null) {
            o.trigger();
          }
          OwnershipManager r = ruleOwners.get();
          if (r != null) {
            r.trigger();
          }
        });
    if (!config.quorum().enabled()) {
      LOG.warn(
          "No split-brain protection (mesh.expected-members / mesh.quorum.min-members not set):"
              + " after a network partition every side would take over sources and write");
    }
    customize.accept(hc);
    HazelcastInstance hz;
    try {
      hz = Hazelcast.newHazelcastInstance(hc);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "mesh: the Hazelcast member could not start on port "
              + config.network().port()
              + " (mesh.network.port, mesh.network.interfaces): "
              + e.getMessage(),
          e);
    }
    MeshParts parts;
    try {
      parts =
          MeshParts.assemble(
              hz,
              config,
              memberId,
              keys,
              membership,
              counters,
              quorum,
              readingsFanout.apply(hz),
              owners,
              ruleOwners);
    } catch (RuntimeException e) {
      hz.getLifecycleService().terminate();
      throw e;
    }
    Mesh mesh = new Mesh(config, memberId, hz, membership, counters, quorum, parts);
    LOG.info(
        "Joined mesh '{}' as {} (member id {}) at {}; {} member(s)",
        config.clusterName(),
        config.member().name(),
        memberId,
        mesh.localMember().address(),
        mesh.members().size());
    return mesh;
  }

  /** The node's name in the mesh. */
  public String name() {
    return config.member().name();
  }

  /** This member's id (random per start; peers know it from its attested attributes). */
  public UUID memberId() {
    return memberId;
  }

  public MeshConfig config() {
    return config;
  }

  /**
   * The Hazelcast member, for the mesh's own services in {@code io.plantmesh.cluster}'s
   * sub-packages (the uplink relay): what they put through it is sealed under the cluster key. Not
   * for applications: they use the typed views above.
   */
  public HazelcastInstance hazelcast() {
    return hz;
  }

  /** Every member now in the cluster, oldest first, with its trust verdict. */
  public List<MeshMember> members() {
    return membership.view().members();
  }

  /** This member as the others see it. */
  public MeshMember localMember() {
    MeshMember m =
        membership.view().byHazelcastUuid().get(hz.getCluster().getLocalMember().getUuid());
    if (m == null) {
      throw new IllegalStateException("the local member is not in the member list");
    }
    return m;
  }

  /** Told when members join and leave, on a Hazelcast event thread. */
  public Registration addMembershipListener(MeshMembershipListener listener) {
    return membership.addListener(listener);
  }

  /** The plant-wide tag table. */
  public TagTable tagTable() {
    return table;
  }

  /**
   * Declares the sources this member takes part in owning, once, and starts taking part: {@code
   * listener} is told when this member acquires or releases one. Every member should declare the
   * same specs; this member can own only the ones its {@link MemberIdentity#sources()} names.
   *
   * @throws IllegalArgumentException when a source id is declared twice, or when {@code
   *     mesh.member.sources} names a source not declared (the others would hand it to this member,
   *     which would never collect it)
   * @throws IllegalStateException when sources were declared already
   */
  public void declareSources(Collection<SourceSpec> sources, OwnershipListener listener) {
    java.util.Set<String> undeclared = new java.util.TreeSet<>(config.member().sources());
    sources.forEach(s -> undeclared.remove(s.id()));
    if (!undeclared.isEmpty()) {
      throw new IllegalArgumentException(
          "mesh.member.sources: names "
              + undeclared
              + ", not among the declared sources: other members would hand them to this member,"
              + " which would never collect them; declare them or remove them from the list");
    }
    ownership.declare(sources, listener);
  }

  /**
   * Who owns each declared source (owner, epoch, since), as of the last evaluation: at most a check
   * interval old. Empty before {@link #declareSources}.
   */
  public Map<String, SourceOwnership> ownership() {
    return ownership.view();
  }

  /**
   * Who owns every source of the mesh, the ones other members declared included: read from the
   * ownership records now (a network round trip; for views, not for hot paths).
   */
  public Map<String, SourceOwnership> plantOwnership() {
    return ownership.plantView();
  }

  /** The sources this member collects now, with their epochs. */
  public Map<String, Long> ownedSources() {
    return ownership.held();
  }

  /**
   * The sources this member stands by for, and the listener was told {@link
   * OwnershipListener#onStandby}: it is their desired owner and their owner still collects (warm
   * handover), or, for a {@link SourceSpec#hotStandby()} source, the successor of its owner.
   */
  public java.util.Set<String> standbySources() {
    return ownership.standby();
  }

  /** Sends writes to the owner of their source, from this member. */
  public CommandRouter commandRouter() {
    return router;
  }

  /** Applies the writes routed to the sources this member owns; until set, they are refused. */
  public void setWriteHandler(WriteHandler handler) {
    commands.setHandler(handler);
  }

  /**
   * The mesh's audit of write attempts: every write through {@link #commandRouter()} is recorded,
   * cluster-wide, with its result.
   */
  public WriteAudit writeAudit() {
    return audit;
  }

  /**
   * Declares the rules this member takes part in evaluating, once (the rule host does this; see
   * {@code io.plantmesh.cluster.decisions.RuleHost}): each rule is owned, and evaluated, by one
   * live trusted member among those that declared it, with fencing epochs and failover as for
   * sources. The spec's id is the rule's ownership id, its preference list the rule's placement.
   *
   * @throws IllegalStateException when rules were declared already
   */
  public void declareRules(Collection<SourceSpec> ruleSpecs, OwnershipListener listener) {
    ruleHosts.publish(ruleSpecs.stream().map(SourceSpec::id).toList());
    rules.declare(ruleSpecs, listener);
  }

  /** Who evaluates each declared rule (by ownership id), as of the last evaluation. */
  public Map<String, SourceOwnership> ruleOwnership() {
    return rules.view();
  }

  /** The rules (by ownership id) this member evaluates now, with their epochs. */
  public Map<String, Long> ownedRules() {
    return rules.held();
  }

  /** Whether this side of the mesh may change ownership and write, and how many members it sees. */
  public QuorumState quorum() {
    return quorum.state();
  }

  /**
   * Whether this member is cut off from the majority (split-brain protection says its side is too
   * small): it refuses writes and acquires nothing, and keeps collecting what it already owned.
   */
  public boolean isPartitioned() {
    return !quorum.hasQuorum();
  }

  public CoordinationStats coordinationStats() {
    return new CoordinationStats(
        counters.ownershipsAcquired.sum(),
        counters.ownershipsHandedOver.sum(),
        counters.ownershipsLost.sum(),
        counters.ownershipRecordsRefused.sum(),
        counters.ownershipListenerFailures.sum(),
        counters.commandsRouted.sum(),
        counters.commandsReceived.sum(),
        counters.commandsExecuted.sum(),
        counters.commandsDeduplicated.sum(),
        counters.commandsRefusedForged.sum(),
        counters.commandsRefused.sum(),
        counters.handoversTimedOut.sum());
  }

  public MeshStats stats() {
    List<MeshMember> members = members();
    return new MeshStats(
        members.size(),
        (int) members.stream().filter(m -> !m.trusted()).count(),
        counters.untrustedMembersSeen.sum(),
        counters.messagesPublished.sum(),
        counters.readingsPublished.sum(),
        counters.readingsReceived.sum(),
        counters.readingsApplied.sum(),
        counters.readingsStale.sum(),
        counters.refusedUnopenable.sum(),
        counters.refusedUntrusted.sum(),
        counters.refusedMalformed.sum(),
        counters.duplicateMessages.sum(),
        counters.sequenceGaps.sum(),
        counters.snapshotsRequested.sum(),
        counters.snapshotsCompleted.sum(),
        counters.snapshotsServed.sum(),
        counters.applyQueueWaits.sum(),
        counters.listenerFailures.sum());
  }

  /**
   * Whether every partition of the mesh's maps has its backups in place, with no migration under
   * way. Restart the next node of a rolling update only once this holds: a member that dies while
   * partitions still migrate to it delays failover by Hazelcast's fixed 3 s pause after a failed
   * migration.
   */
  public boolean isSafe() {
    try {
      return hz.getPartitionService().isClusterSafe();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether the Hazelcast member is running (false after {@link #close()} or a fatal error). */
  public boolean isRunning() {
    return !closed.get() && hz.getLifecycleService().isRunning();
  }

  /**
   * Leaves the mesh: stops and releases the sources this member owns (so the next owners start at
   * once), stops the table, then shuts the Hazelcast member down gracefully.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    rules.close();
    ruleHosts.close();
    ownership.close();
    hz.getUserContext().remove(CommandExecutor.CONTEXT_KEY);
    router.close();
    audit.close();
    table.close();
    try {
      hz.shutdown();
    } catch (RuntimeException e) {
      LOG.warn("Hazelcast shutdown failed; terminating: {}", e.toString());
      hz.getLifecycleService().terminate();
    }
    LOG.info("Left mesh '{}'", config.clusterName());
  }
}
