package io.plantmesh.cluster;

/**
 * Counters of one member's mesh, for metrics. Totals since start unless marked as current.
 *
 * @param members members in the cluster now, this one included
 * @param untrustedMembers members now in the cluster that did not prove they hold the key
 * @param untrustedMembersSeen distinct untrusted members seen since start
 * @param messagesPublished sealed reading messages this member sent
 * @param readingsPublished readings this member sent
 * @param readingsReceived readings received from peers (live and snapshots), before applying
 * @param readingsApplied readings that changed the local view (local and remote)
 * @param readingsStale readings not applied because the view held a newer or equal one
 * @param refusedUnopenable payloads refused because they did not open (tampered, another key, not
 *     an envelope)
 * @param refusedUntrusted payloads refused because they came from an untrusted member or claimed
 *     another member as sender
 * @param refusedMalformed payloads that opened but did not decode
 * @param duplicateMessages reading messages dropped because their sequence was already seen
 *     (replays)
 * @param sequenceGaps reading messages missing from a peer's sequence (each gap triggers a
 *     snapshot)
 * @param snapshotsRequested snapshots this member asked for
 * @param snapshotsCompleted snapshots this member received in full
 * @param snapshotsServed snapshots this member sent to others
 * @param applyQueueWaits times a publisher or receiver waited for room in the apply queue
 * @param listenerFailures exceptions thrown by change listeners
 */
public record MeshStats(
    int members,
    int untrustedMembers,
    long untrustedMembersSeen,
    long messagesPublished,
    long readingsPublished,
    long readingsReceived,
    long readingsApplied,
    long readingsStale,
    long refusedUnopenable,
    long refusedUntrusted,
    long refusedMalformed,
    long duplicateMessages,
    long sequenceGaps,
    long snapshotsRequested,
    long snapshotsCompleted,
    long snapshotsServed,
    long applyQueueWaits,
    long listenerFailures) {

  /** Every payload refused, for whatever reason. */
  public long refusedPayloads() {
    return refusedUnopenable + refusedUntrusted + refusedMalformed;
  }
}
