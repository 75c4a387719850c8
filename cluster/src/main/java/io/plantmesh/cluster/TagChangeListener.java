package io.plantmesh.cluster;

import io.plantmesh.core.Reading;
import java.util.List;

/**
 * Receives changes of the tag table under a subscribed prefix.
 *
 * <p>Called on the table's single apply thread, one call at a time, so changes of a tag arrive in
 * order and each is newer than the one before (source time, then sequence). A change is a reading
 * that replaced an older one (or the first of its tag), whether it was collected on this node or a
 * peer. Keep it quick, as for the pipeline's listeners: a slow listener delays the whole table. An
 * exception is logged and counted and does not stop delivery.
 */
@FunctionalInterface
public interface TagChangeListener {
  /**
   * @param changes the accepted readings under the prefix from one batch, never empty; may be kept
   */
  void onChanges(List<Reading> changes);
}
