package io.plantmesh.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.plantmesh.cluster.CoordinationStats;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshStats;
import io.plantmesh.core.Reading;
import io.plantmesh.node.internal.MeshNode;
import io.plantmesh.node.internal.OwnedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The mesh as meters: membership and trust, quorum, the tag table's traffic and refusals, ownership
 * and routed writes, and how long readings take to reach this node from their origin.
 */
public final class MeshMetrics {
  /** Buckets fine enough for a p99 on loopback (milliseconds) and coarse enough for a WAN. */
  private static final Duration[] DELAY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3), Duration.ofMillis(4),
    Duration.ofMillis(5), Duration.ofMillis(6), Duration.ofMillis(8), Duration.ofMillis(10),
    Duration.ofMillis(12), Duration.ofMillis(15), Duration.ofMillis(20), Duration.ofMillis(25),
    Duration.ofMillis(30), Duration.ofMillis(40), Duration.ofMillis(50), Duration.ofMillis(75),
    Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(200), Duration.ofMillis(300),
    Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(1500),
    Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private MeshMetrics() {}

  public static void register(
      MeterRegistry registry, MeshNode node, Collection<OwnedSource> sources) {
    Mesh mesh = node.mesh();
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.members",
        "Members this node sees, itself included",
        m -> m.stats().members());
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.untrusted.members",
        "Members that did not prove they hold the cluster key; never given a source or command",
        m -> m.stats().untrustedMembers());
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.partitioned",
        "1 while this node is cut off from the majority (writes refused, nothing acquired)",
        m -> m.isPartitioned() ? 1 : 0);
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.trusted.members",
        "Trusted members this node sees (the quorum counts these)",
        m -> m.quorum().trustedMembers());
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.table.tags",
        "Tags in the plant-wide tag table",
        m -> m.tagTable().size());
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.owned.sources",
        "Sources this node collects now",
        m -> m.ownedSources().size());
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.safe",
        "1 when no partition migrates and every backup is in place (safe to restart the next node)",
        m -> m.isSafe() ? 1 : 0);
    gauge(
        registry,
        mesh,
        "plantmesh.mesh.table.synced",
        "1 once this node holds the table (a peer's snapshot, or it was alone)",
        m -> m.tagTable().isSynced() ? 1 : 0);

    counter(
        registry,
        mesh,
        "readings.published",
        "Readings this node sent to its peers",
        s -> s.readingsPublished());
    counter(
        registry,
        mesh,
        "readings.received",
        "Readings received from peers",
        s -> s.readingsReceived());
    counter(
        registry,
        mesh,
        "readings.stale",
        "Readings older than the held one, not applied",
        s -> s.readingsStale());
    counter(
        registry,
        mesh,
        "payloads.refused",
        "Payloads refused: not sealed under the cluster key, from an untrusted member, or malformed",
        MeshStats::refusedPayloads);
    counter(
        registry,
        mesh,
        "sequence.gaps",
        "Reading messages missed from a peer (repaired)",
        s -> s.sequenceGaps());
    counter(
        registry,
        mesh,
        "untrusted.members.seen",
        "Untrusted members ever seen",
        s -> s.untrustedMembersSeen());
    coordination(
        registry,
        mesh,
        "ownerships.acquired",
        "Sources this node acquired",
        c -> c.ownershipsAcquired());
    coordination(
        registry,
        mesh,
        "ownerships.lost",
        "Sources lost after a split brain",
        c -> c.ownershipsLost());
    coordination(
        registry,
        mesh,
        "commands.routed",
        "Writes this node sent to an owner",
        c -> c.commandsRouted());
    coordination(
        registry,
        mesh,
        "commands.executed",
        "Routed writes applied here",
        c -> c.commandsExecuted());
    coordination(
        registry,
        mesh,
        "commands.refused",
        "Routed writes refused here (stale, expired, no quorum, untrusted or forged)",
        c -> c.commandsRefused() + c.commandsRefusedForged());
    FunctionCounter.builder(
            "plantmesh.mesh.handover.discarded",
            sources,
            ss -> ss.stream().mapToLong(OwnedSource::discardedAtHandover).sum())
        .description(
            "Readings a source delivered while being stopped for a handover, not published")
        .register(registry);

    Timer hop =
        delay(registry, "plantmesh.mesh.peer.delay", "From receipt on the origin node to here");
    Timer change =
        delay(registry, "plantmesh.mesh.source.delay", "From the PLC's source time to here");
    String self = mesh.name();
    mesh.tagTable()
        .subscribeAll(
            false,
            changes -> {
              Instant now = Instant.now();
              for (Reading r : changes) {
                if (!r.originNode().equals(self)) {
                  record(hop, r.receivedTime(), now);
                  if (r.sourceTime() != null) {
                    record(change, r.sourceTime(), now);
                  }
                }
              }
            });
  }

  private static void record(Timer t, Instant from, Instant now) {
    // Not Duration.between: two objects per reading at 100,000 readings/s.
    long nanos =
        (now.getEpochSecond() - from.getEpochSecond()) * 1_000_000_000L
            + (now.getNano() - from.getNano());
    // Clocks of two machines: a negative delay is skew, not speed; count it as zero.
    t.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  private static Timer delay(MeterRegistry registry, String name, String what) {
    return Timer.builder(name)
        .description(what + ", for readings collected on other nodes")
        .serviceLevelObjectives(DELAY_BUCKETS)
        .register(registry);
  }

  private static void gauge(
      MeterRegistry r, Mesh mesh, String name, String description, ToDoubleFunction<Mesh> f) {
    Gauge.builder(name, mesh, f).description(description).register(r);
  }

  private static void counter(
      MeterRegistry r, Mesh mesh, String name, String description, ToDoubleFunction<MeshStats> f) {
    FunctionCounter.builder("plantmesh.mesh." + name, mesh, m -> f.applyAsDouble(m.stats()))
        .description(description)
        .register(r);
  }

  private static void coordination(
      MeterRegistry r,
      Mesh mesh,
      String name,
      String description,
      ToDoubleFunction<CoordinationStats> f) {
    FunctionCounter.builder(
            "plantmesh.mesh." + name, mesh, m -> f.applyAsDouble(m.coordinationStats()))
        .description(description)
        .register(r);
  }
}
