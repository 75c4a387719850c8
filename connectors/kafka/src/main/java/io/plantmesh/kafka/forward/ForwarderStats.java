package io.plantmesh.kafka.forward;

import java.util.List;

/**
 * What the forwarder has done since it started.
 *
 * @param links each route's status, in preference order (this node's own uplink first)
 * @param activeRoute the route records go on now, or null when every route is DOWN
 * @param sentLive records Kafka acknowledged that went out as they were appended
 * @param sentReplayed records Kafka acknowledged that were stored during an outage
 * @param failed sends that failed (each record went back to the Outbox and is sent again)
 * @param rejected records Kafka refused for good (too large, invalid): dropped, each logged
 * @param inFlight records sent and not yet acknowledged
 */
public record ForwarderStats(
    List<LinkStatus> links,
    String activeRoute,
    long sentLive,
    long sentReplayed,
    long failed,
    long rejected,
    int inFlight) {
  public ForwarderStats {
    links = List.copyOf(links);
  }

  /** The status of this node's own uplink (the first route). */
  public LinkStatus link() {
    return links.get(0);
  }
}
