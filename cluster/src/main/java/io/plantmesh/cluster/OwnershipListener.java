package io.plantmesh.cluster;

/**
 * Told when this member starts or stops owning a source; the node starts or stops the real source.
 * Called on the mesh's ownership thread, one call at a time, in the order of the changes.
 *
 * <p>{@link #onReleased} must return only once the source has stopped collecting and writing: the
 * mesh marks the source released, and lets the next owner start, after it returns. That is what
 * keeps two members from collecting at once.
 */
public interface OwnershipListener {
  /**
   * This member now owns {@code sourceId}: start collecting.
   *
   * @param epoch the ownership's fencing epoch, higher than any before it for this source
   */
  void onAcquired(String sourceId, long epoch);

  /**
   * This member no longer owns {@code sourceId} (handed over, lost after a split brain healed, or
   * the mesh is closing): stop collecting before returning.
   */
  void onReleased(String sourceId, long epoch);
}
