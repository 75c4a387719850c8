package io.plantmesh.cluster.uplink;

/**
 * What a relay has done since it started.
 *
 * @param batchesRelayed batches sent on to Kafka (pings not counted)
 * @param recordsRelayed records in them
 * @param recordsAcknowledged records Kafka acknowledged (each answered as such to its sender)
 * @param recordsFailed records answered with an error (the sender sends them again)
 * @param pings empty batches answered: senders' probes
 * @param refusedUnopenable batches that did not open under the cluster key (another key, forged)
 * @param refusedUntrusted batches sealed by a member id that is not a trusted member now
 * @param refusedLinkDown batches refused because this node's own uplink was DOWN
 * @param refusedOverloaded batches refused because as many were in progress as allowed
 * @param refusedExpired batches that arrived after their expiry (late, replayed, or clocks apart)
 * @param orderWaitsExpired batches sent on without an earlier batch of their stream, which never
 *     came within {@link UplinkRelay.Settings#orderWait()}
 * @param batchesInProgress batches waiting for Kafka now
 */
public record RelayStats(
    long batchesRelayed,
    long recordsRelayed,
    long recordsAcknowledged,
    long recordsFailed,
    long pings,
    long refusedUnopenable,
    long refusedUntrusted,
    long refusedLinkDown,
    long refusedOverloaded,
    long refusedExpired,
    long orderWaitsExpired,
    int batchesInProgress) {}
