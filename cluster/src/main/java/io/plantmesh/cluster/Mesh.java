package io.plantmesh.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.Counters;
import io.plantmesh.cluster.internal.Envelopes;
import io.plantmesh.cluster.internal.Fanout;
import io.plantmesh.cluster.internal.HazelcastSetup;
import io.plantmesh.cluster.internal.MemberAttributes;
import io.plantmesh.cluster.internal.Membership;
import io.plantmesh.cluster.internal.MeshMessages;
import io.plantmesh.cluster.internal.ReadingCodec;
import io.plantmesh.cluster.internal.TagTableImpl;
import io.plantmesh.cluster.internal.TopicFanout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's member of the plantmesh mesh: an embedded Hazelcast member with the node's identity,
 * the trust verdict on every peer, and the plant-wide {@link TagTable}.
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
  private final AtomicBoolean closed = new AtomicBoolean();

  private Mesh(
      MeshConfig config,
      UUID memberId,
      HazelcastInstance hz,
      Membership membership,
      Counters counters,
      TagTableImpl table) {
    this.config = config;
    this.memberId = memberId;
    this.hz = hz;
    this.membership = membership;
    this.counters = counters;
    this.table = table;
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
    Membership membership = new Membership(config.clusterName(), keys.attestation(), counters);
    Config hc =
        HazelcastSetup.config(
            config,
            "plantmesh-" + config.member().name() + "-" + memberId.toString().substring(0, 8),
            attributes);
    // Registered through the config, so that it sees the initial member list before any event.
    hc.addListenerConfig(new ListenerConfig(membership));
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
    TagTableImpl table;
    try {
      Envelopes envelopes =
          new Envelopes(
              memberId, keys.sealer(), new MeshMessages(new ReadingCodec()), membership, counters);
      table =
          new TagTableImpl(
              hz,
              readingsFanout.apply(hz),
              memberId,
              config.member().name(),
              envelopes,
              membership,
              config.table(),
              counters);
      hz.getLifecycleService()
          .addLifecycleListener(
              e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                  table.resync("a split brain healed");
                }
              });
      table.start();
    } catch (RuntimeException e) {
      hz.getLifecycleService().terminate();
      throw e;
    }
    Mesh mesh = new Mesh(config, memberId, hz, membership, counters, table);
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

  /** Whether the Hazelcast member is running (false after {@link #close()} or a fatal error). */
  public boolean isRunning() {
    return !closed.get() && hz.getLifecycleService().isRunning();
  }

  /** Leaves the mesh: stops the table, then shuts the Hazelcast member down gracefully. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
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
