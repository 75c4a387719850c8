package io.plantmesh.cluster;

/**
 * Counters of this member's part in ownership and routed writes, for metrics. Totals since start.
 *
 * @param ownershipsAcquired sources this member acquired
 * @param ownershipsHandedOver sources it stopped and released for another member
 * @param ownershipsLost sources it stopped because the record named another owner (after a split
 *     brain healed, typically)
 * @param ownershipRecordsRefused ownership records that did not open (forged, another key)
 * @param ownershipListenerFailures exceptions thrown by the node's ownership listener
 * @param commandsRouted write commands this member sent to an owner
 * @param commandsReceived write commands that reached this member as owner
 * @param commandsExecuted commands passed to the write handler (each command id at most once)
 * @param commandsDeduplicated retries answered with a command's first outcome
 * @param commandsRefusedForged commands (or stored outcomes) refused because they did not open
 * @param commandsRefused commands refused by this member as owner (stale, expired, no quorum, …)
 * @param handoversTimedOut handovers this member made without the next owner's ready, after {@code
 *     mesh.ownership.handover-timeout} (the next owner started cold)
 */
public record CoordinationStats(
    long ownershipsAcquired,
    long ownershipsHandedOver,
    long ownershipsLost,
    long ownershipRecordsRefused,
    long ownershipListenerFailures,
    long commandsRouted,
    long commandsReceived,
    long commandsExecuted,
    long commandsDeduplicated,
    long commandsRefusedForged,
    long commandsRefused,
    long handoversTimedOut) {}
