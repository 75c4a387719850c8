package io.plantmesh.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a source's state and counters.
 *
 * @param sourceId the source's id
 * @param state the current state
 * @param since when the source entered {@code state}
 * @param lastError the last connection or subscription error, or null; never contains secrets
 * @param goodItems tags whose latest reading is GOOD or UNCERTAIN
 * @param badItems tags whose latest reading (or monitored item creation) is BAD
 * @param readingsReceived readings delivered to the sink since start
 * @param reconnects sessions re-established after a loss since start
 */
public record SourceStatus(
    String sourceId,
    SourceState state,
    Instant since,
    String lastError,
    int goodItems,
    int badItems,
    long readingsReceived,
    long reconnects) {
  public SourceStatus {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }
}
