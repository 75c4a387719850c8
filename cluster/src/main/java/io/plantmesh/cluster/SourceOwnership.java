package io.plantmesh.cluster;

import java.time.Instant;
import java.util.UUID;

/**
 * Who owns a source, as the authoritative record in the mesh says.
 *
 * @param sourceId the source
 * @param owner the owning (or last owning) member's node name; "" when nobody ever owned it
 * @param ownerMemberId that member's id; null when nobody ever owned it
 * @param epoch the fencing epoch; 0 when nobody ever owned it
 * @param state whether the owner is collecting, or released it for the next owner
 * @param since when the record last changed (acquired or released), by the writer's clock
 * @param local whether this member is collecting it now
 * @param standby the node name of the member that stands by to own it next, as this member's view
 *     of the mesh says: the desired owner while the owner is to hand over to it, or the owner's
 *     successor with {@link SourceSpec#hotStandby()}; "" when none (or not known: a source this
 *     member did not declare)
 */
public record SourceOwnership(
    String sourceId,
    String owner,
    UUID ownerMemberId,
    long epoch,
    State state,
    Instant since,
    boolean local,
    String standby) {

  public SourceOwnership {
    standby = standby == null ? "" : standby;
  }

  /** Without a standby. */
  public SourceOwnership(
      String sourceId,
      String owner,
      UUID ownerMemberId,
      long epoch,
      State state,
      Instant since,
      boolean local) {
    this(sourceId, owner, ownerMemberId, epoch, state, since, local, "");
  }

  /** The state of an ownership record. */
  public enum State {
    /** Nobody owns it yet (no live, trusted, eligible member, or no quorum to acquire it). */
    UNOWNED,
    /** The owner collects it. */
    ACTIVE,
    /** The owner stopped it for a handover; the next owner acquires it at the next epoch. */
    RELEASED
  }
}
