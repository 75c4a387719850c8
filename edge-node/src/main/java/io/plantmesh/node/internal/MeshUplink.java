package io.plantmesh.node.internal;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.uplink.PeerRoute;
import io.plantmesh.cluster.uplink.PeerRouteStats;
import io.plantmesh.cluster.uplink.PeerUplink;
import io.plantmesh.cluster.uplink.RelayStats;
import io.plantmesh.cluster.uplink.UplinkDirectory;
import io.plantmesh.cluster.uplink.UplinkRelay;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream in the mesh: every node publishes its own link's state to the mesh's uplink
 * directory; a node with a link of its own relays its peers' records to Kafka; and every node has a
 * route through a peer whose link is up, after its own (or as its only one).
 */
public final class MeshUplink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MeshUplink.class);

  /** A relay answers a batch within its delivery timeout plus a margin; wait a little longer. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(10);

  private final UplinkDirectory directory;
  private final PeerRoute route;
  private volatile UplinkRelay relay;

  private MeshUplink(UplinkDirectory directory, PeerRoute route) {
    this.directory = directory;
    this.route = route;
  }

  /**
   * Starts the directory and the route through peers, then forwarding on the upstream (own link
   * first, the peers' second), then the relay and the publication of this node's own link.
   */
  public static MeshUplink start(Mesh mesh, Upstream upstream) {
    UplinkDirectory directory = UplinkDirectory.start(mesh);
    PeerRoute route;
    try {
      PeerRoute.Settings d = PeerRoute.Settings.defaults();
      // The peers' relays answer within their Kafka delivery timeout (assumed like ours).
      Duration delivery =
          upstream
              .settings()
              .ownLink()
              .map(c -> c.tuning().deliveryTimeout())
              .orElse(Duration.ofSeconds(30));
      Duration answer = max(d.answerTimeout(), delivery.plus(ANSWER_MARGIN));
      route =
          new PeerRoute(
              mesh,
              directory,
              new PeerRoute.Settings(
                  d.batchRecords(), d.batchBytes(), d.linger(), d.batchesInFlight(), answer));
    } catch (RuntimeException e) {
      directory.close();
      throw e;
    }
    MeshUplink m = new MeshUplink(directory, route);
    try {
      upstream.startForwarding(List.of(route));
      if (upstream.ownRoute().isPresent()) {
        m.relay =
            UplinkRelay.start(
                mesh,
                upstream.ownRoute().get(),
                () -> upstream.ownLink().orElseGet(MeshUplink::notStarted),
                UplinkRelay.Settings.defaults());
        directory.follow(() -> upstream.ownLink().orElseGet(MeshUplink::notStarted));
      }
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  private static LinkStatus notStarted() {
    return new LinkStatus("kafka", LinkState.DOWN, Instant.now(), "not started", null, null);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The peers' own links, as they published them. */
  public List<PeerUplink> peers() {
    return directory.peers();
  }

  /** The route through peers: the peer in use, batches and records. */
  public PeerRouteStats route() {
    return route.stats();
  }

  /** What this node relayed for its peers; empty without a link of its own. */
  public Optional<RelayStats> relay() {
    UplinkRelay r = relay;
    return r == null ? Optional.empty() : Optional.of(r.stats());
  }

  /** Stops taking peers' batches (those in progress are still answered). */
  public void closeRelay() {
    UplinkRelay r = relay;
    if (r != null) {
      r.close();
    }
  }

  /** Stops relaying, the route (its unconfirmed records stay in the Outbox) and the directory. */
  @Override
  public void close() {
    UplinkRelay r = relay;
    for (AutoCloseable c : new AutoCloseable[] {r, route, directory}) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("Mesh uplink: {} did not close cleanly", c, e);
      }
    }
  }
}
