package io.plantmesh.cluster.rules.internal;

import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Instant;

/** What an evaluation reads: the latest reading of each tag, and the time. */
public interface InputSource {
  /** The latest reading of {@code path}, or null when there has been none. */
  Reading latest(TagPath path);

  /** The evaluating node's current time. */
  Instant now();
}
