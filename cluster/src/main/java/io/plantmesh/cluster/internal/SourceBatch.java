package io.plantmesh.cluster.internal;

import io.plantmesh.core.Reading;
import java.util.List;
import java.util.Objects;

/**
 * Readings delivered by one source: a published batch, a peer's message, or one source's share of a
 * snapshot chunk. The unit the local view applies, so that each held reading knows its source.
 *
 * @param sourceId the source that delivered the readings (a PLC's id), never empty
 */
public record SourceBatch(String sourceId, List<Reading> readings) {
  public SourceBatch {
    Objects.requireNonNull(readings, "readings");
    if (sourceId == null || sourceId.isEmpty()) {
      throw new IllegalArgumentException(
          "sourceId of "
              + readings.size()
              + " readings is "
              + (sourceId == null ? "null" : "empty"));
    }
  }
}
