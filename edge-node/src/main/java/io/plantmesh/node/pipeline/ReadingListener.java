package io.plantmesh.node.pipeline;

import io.plantmesh.core.Reading;
import java.util.List;

/**
 * Told about every batch the pipeline delivers, after the {@link TagStore} has applied it. Called
 * on the pipeline's single dispatcher thread, so batches arrive one at a time and, per source, in
 * the order the source delivered them. Keep it quick: a slow listener slows the whole node and, via
 * back-pressure, the sources. An exception is logged and counted; it does not stop delivery to
 * other listeners.
 */
@FunctionalInterface
public interface ReadingListener {
  /**
   * @param sourceId the source that delivered the batch
   * @param readings the batch as delivered, including readings the store kept out because it
   *     already held a newer one; never modified, may be kept
   */
  void onReadings(String sourceId, List<Reading> readings);
}
