package io.plantmesh.cluster.uplink;

/**
 * What a {@link PeerRoute} has done since it started.
 *
 * @param peer the peer records go through now, or null
 * @param batchesSent batches shipped to a relay
 * @param recordsSent records in them
 * @param recordsAcknowledged records a relay confirmed Kafka acknowledged
 * @param recordsFailed records completed with an error (the forwarder sends them again)
 * @param peerChanges how often the route chose a peer anew
 * @param buffered records waiting to be batched
 * @param batchesInFlight batches waiting for their answer
 */
public record PeerRouteStats(
    String peer,
    long batchesSent,
    long recordsSent,
    long recordsAcknowledged,
    long recordsFailed,
    long peerChanges,
    int buffered,
    int batchesInFlight) {}
