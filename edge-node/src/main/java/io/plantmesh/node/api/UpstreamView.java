package io.plantmesh.node.api;

import io.plantmesh.cluster.uplink.PeerRouteStats;
import io.plantmesh.kafka.forward.ForwarderStats;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.summary.SummaryMetrics;
import io.plantmesh.node.internal.MeshUplink;
import io.plantmesh.node.internal.Upstream;
import io.plantmesh.outbox.OutboxStats;
import io.plantmesh.outbox.Priority;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/upstream}: the links to Kafka, what was sent, what waits in the Outbox, and the
 * summaries. With upstream off, only {@code enabled: false} and a message.
 *
 * @param enabled {@code plantmesh.uplink.enabled}
 * @param message with upstream off: how to turn it on
 * @param node this node
 * @param routes each way to Kafka in order of preference, with its link
 * @param activeRoute the route records go on now; null while every route is DOWN
 * @param records what the forwarder sent
 * @param outbox what waits to be sent
 * @param summaries the windows
 * @param mesh in the mesh: the peers' links, the route through them and what this node relayed
 */
public record UpstreamView(
    boolean enabled,
    String message,
    String node,
    List<Link> routes,
    String activeRoute,
    Records records,
    Outbox outbox,
    Summaries summaries,
    Mesh mesh) {

  /**
   * The upstream in the mesh.
   *
   * @param peers each trusted peer's own link, as it published it (UP first)
   * @param viaPeer the route through peers: the peer in use and its records
   * @param relayed what this node sent to Kafka for its peers; null without a link of its own
   */
  public record Mesh(List<PeerLink> peers, ViaPeer viaPeer, Relayed relayed) {}

  /** A peer's own link. */
  public record PeerLink(String node, String state, Instant since, String reason) {}

  /** Records sent through a peer: the peer in use (null while none), sent, confirmed, failed. */
  public record ViaPeer(
      String peer,
      long recordsSent,
      long recordsAcknowledged,
      long recordsFailed,
      long peerChanges) {}

  /**
   * Peers' records this node relayed, and the batches it refused (its link down, overloaded...).
   */
  public record Relayed(
      long recordsRelayed, long recordsAcknowledged, long recordsFailed, long batchesRefused) {}

  /** A route's link. */
  public record Link(
      String route,
      String state,
      Instant since,
      String reason,
      Instant lastAcknowledged,
      Instant nextProbe) {
    static Link of(LinkStatus s) {
      return new Link(
          s.route(), s.state().name(), s.since(), s.reason(), s.lastAcknowledged(), s.nextProbe());
    }
  }

  /**
   * Records Kafka acknowledged live or replayed (stored while no route was up), failed sends (each
   * record sent again), records refused for good, records in flight.
   */
  public record Records(
      long sentLive, long sentReplayed, long failed, long rejected, int inFlight) {}

  /** One priority class of the Outbox. */
  public record OutboxClass(
      long backlogRecords,
      long backlogBytes,
      long inFlightRecords,
      double oldestRecordAgeSeconds,
      long evictedRecords) {}

  /**
   * The Outbox. {@code secondsToDrain} is null while the backlog is not shrinking; {@code
   * pendingInMemory}: summaries the Outbox could not take yet (retried every tick).
   */
  public record Outbox(
      String dir,
      long backlogRecords,
      long backlogBytes,
      long diskBytes,
      long maxBytes,
      double oldestRecordAgeSeconds,
      long evictedRecords,
      long refusedRecords,
      double replayRate,
      Double secondsToDrain,
      Map<String, OutboxClass> classes,
      long pendingInMemory,
      String lastAppendError) {}

  /** The summaries of the readings this node collects: counters since start. */
  public record Summaries(
      int sources,
      int tags,
      long openWindows,
      long emitted,
      long partial,
      long readingsAccepted,
      long readingsBeforeStart,
      long lateDropped,
      long clockSkewDropped,
      long unsupportedDropped,
      long droppedAfterStop,
      long clockJumps,
      long appended,
      long lost) {}

  static UpstreamView off() {
    return new UpstreamView(
        false,
        "upstream is off; set plantmesh.uplink.enabled: true with plantmesh.uplink.bootstrap-servers"
            + " and plantmesh.outbox.dir (see docs/configuration.md) to send summaries to Kafka",
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null);
  }

  static UpstreamView of(String node, Upstream u, java.util.Optional<MeshUplink> meshUplink) {
    ForwarderStats f = u.forwarder().orElse(null);
    List<Link> links = f == null ? List.of() : f.links().stream().map(Link::of).toList();
    Records records =
        f == null
            ? new Records(0, 0, 0, 0, 0)
            : new Records(f.sentLive(), f.sentReplayed(), f.failed(), f.rejected(), f.inFlight());
    OutboxStats o = u.outbox();
    Map<String, OutboxClass> classes = new LinkedHashMap<>();
    for (Priority p : Priority.values()) {
      OutboxStats.ClassStats c = o.of(p);
      classes.put(
          p.name().toLowerCase(Locale.ROOT),
          new OutboxClass(
              c.backlogRecords(),
              c.backlogBytes(),
              c.inFlightRecords(),
              seconds(c.oldestRecordAge()),
              c.evictedRecords()));
    }
    Upstream.Appends a = u.appends();
    Outbox outbox =
        new Outbox(
            u.settings().outbox().dir().toString(),
            o.backlogRecords(),
            o.backlogBytes(),
            o.diskBytes(),
            o.maxBytes(),
            seconds(o.oldestRecordAge()),
            o.evictedRecords(),
            o.refusedRecords(),
            o.replayRate(),
            Double.isFinite(o.secondsToDrain()) ? o.secondsToDrain() : null,
            classes,
            a.pendingRecords(),
            a.lastError());
    SummaryMetrics m = u.summaries();
    Summaries summaries =
        new Summaries(
            u.summarisedSources(),
            m.tags(),
            m.openWindows(),
            m.summaries(),
            m.partialSummaries(),
            m.accepted(),
            m.beforeStart(),
            m.late(),
            m.future(),
            m.unsupported(),
            m.discardedAtStop(),
            m.clockJumps(),
            a.appended(),
            a.lostOutboxUnavailable() + a.lostTooLarge());
    return new UpstreamView(
        true,
        null,
        node,
        links,
        f == null ? null : f.activeRoute(),
        records,
        outbox,
        summaries,
        meshUplink.map(UpstreamView::mesh).orElse(null));
  }

  private static Mesh mesh(MeshUplink m) {
    List<PeerLink> peers =
        m.peers().stream()
            .map(p -> new PeerLink(p.name(), p.state().name(), p.since(), p.reason()))
            .toList();
    PeerRouteStats r = m.route();
    ViaPeer via =
        new ViaPeer(
            r.peer(), r.recordsSent(), r.recordsAcknowledged(), r.recordsFailed(), r.peerChanges());
    Relayed relayed =
        m.relay()
            .map(
                s ->
                    new Relayed(
                        s.recordsRelayed(),
                        s.recordsAcknowledged(),
                        s.recordsFailed(),
                        s.refusedUnopenable()
                            + s.refusedUntrusted()
                            + s.refusedLinkDown()
                            + s.refusedOverloaded()
                            + s.refusedExpired()))
            .orElse(null);
    return new Mesh(peers, via, relayed);
  }

  private static double seconds(java.time.Duration d) {
    return d.toMillis() / 1000.0;
  }
}
