package io.plantmesh.cluster;

/**
 * Told when this member starts or stops owning a source, and when it is to own one next; the node
 * starts, stops or warms up the real source. Called on the mesh's ownership thread, one call at a
 * time, in the order of the changes.
 *
 * <p>{@link #onReleased} must return only once the source has stopped collecting and writing: the
 * mesh marks the source released, and lets the next owner start, after it returns. That is what
 * keeps two members from collecting at once.
 *
 * <p>A handover (the preferred node came back, a member joined and took its rendezvous share) is
 * warm: the member that is to own the source next is told {@link #onStandby} while the current
 * owner keeps collecting; the owner stops only once the next owner has run {@code ready}, or after
 * {@code mesh.ownership.handover-timeout}. Failover after the owner died does not wait: the next
 * owner is told {@link #onAcquired} at once.
 *
 * <p>With {@link SourceSpec#hotStandby()}, the owner's successor is told {@link #onStandby} while
 * the owner lives, and keeps its instance warm until it acquires (the owner died or left) or is
 * told {@link #onStandbyCancelled}; its {@code ready} hands nothing over.
 */
public interface OwnershipListener {
  /**
   * This member now owns {@code sourceId}: start collecting (or open the instance warming up since
   * {@link #onStandby}; when the owner died, this may come before that instance ran {@code ready}).
   *
   * @param epoch the ownership's fencing epoch, higher than any before it for this source
   */
  void onAcquired(String sourceId, long epoch);

  /**
   * This member no longer owns {@code sourceId} (handed over, lost after a split brain healed, or
   * the mesh is closing): stop collecting before returning.
   */
  void onReleased(String sourceId, long epoch);

  /**
   * This member is to own {@code sourceId} next; the owner keeps collecting until this member is
   * ready: connect (an OPC UA Session, its Subscriptions) without publishing, then run {@code
   * ready}. Return without waiting for the connection: {@code ready} may be run on any thread,
   * once; running it after {@link #onStandbyCancelled}, or twice, is harmless. If it is never run,
   * the owner hands over anyway after {@code mesh.ownership.handover-timeout}.
   *
   * <p>The episode ends with {@link #onAcquired} (open the warm instance) or {@link
   * #onStandbyCancelled} (discard it). The default is ready at once: a cold start on acquire.
   */
  default void onStandby(String sourceId, Runnable ready) {
    ready.run();
  }

  /**
   * The handover prepared for since {@link #onStandby} will not happen: another member became the
   * desired owner (or, for a hot standby, the owner's successor), the owner released the source to
   * another member or left (and another member acquired it), this side lost quorum, or the mesh is
   * closing. Discard the warm instance.
   */
  default void onStandbyCancelled(String sourceId) {}
}
