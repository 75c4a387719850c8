package io.plantmesh.cluster.internal;

import java.util.concurrent.atomic.LongAdder;

/** The mesh's counters; {@link io.plantmesh.cluster.MeshStats} is their snapshot. */
public final class Counters {
  public final LongAdder untrustedMembersSeen = new LongAdder();
  public final LongAdder messagesPublished = new LongAdder();
  public final LongAdder readingsPublished = new LongAdder();
  public final LongAdder readingsReceived = new LongAdder();
  public final LongAdder readingsApplied = new LongAdder();
  public final LongAdder readingsStale = new LongAdder();
  public final LongAdder refusedUnopenable = new LongAdder();
  public final LongAdder refusedUntrusted = new LongAdder();
  public final LongAdder refusedMalformed = new LongAdder();
  public final LongAdder duplicateMessages = new LongAdder();
  public final LongAdder sequenceGaps = new LongAdder();
  public final LongAdder snapshotsRequested = new LongAdder();
  public final LongAdder snapshotsCompleted = new LongAdder();
  public final LongAdder snapshotsServed = new LongAdder();
  public final LongAdder applyQueueWaits = new LongAdder();
  public final LongAdder listenerFailures = new LongAdder();
  public final LongAdder ownershipsAcquired = new LongAdder();
  public final LongAdder ownershipsHandedOver = new LongAdder();
  public final LongAdder ownershipsLost = new LongAdder();
  public final LongAdder ownershipRecordsRefused = new LongAdder();
  public final LongAdder ownershipListenerFailures = new LongAdder();
  public final LongAdder handoversTimedOut = new LongAdder();
  public final LongAdder commandsRouted = new LongAdder();
  public final LongAdder commandsReceived = new LongAdder();
  public final LongAdder commandsExecuted = new LongAdder();
  public final LongAdder commandsDeduplicated = new LongAdder();
  public final LongAdder commandsRefusedForged = new LongAdder();
  public final LongAdder commandsRefused = new LongAdder();
}
