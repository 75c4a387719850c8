package io.plantmesh.core;

import java.util.List;

/**
 * Receives batches of readings from a {@link Source}. See the threading contract on {@link Source}:
 * calls for one source never overlap, and the sink must hand batches on quickly.
 */
@FunctionalInterface
public interface ReadingSink {
  /** Takes a batch; the list is not modified afterwards by the source and may be kept. */
  void accept(List<Reading> batch);
}
