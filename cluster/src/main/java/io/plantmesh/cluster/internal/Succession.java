package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.SourceOwnership;
import io.plantmesh.cluster.SourceSpec;
import java.util.List;
import java.util.UUID;

/**
 * Who stands by to own a source next: the desired owner while a live owner is to hand it over (warm
 * handover), or, with {@link SourceSpec#hotStandby()}, the successor of a live owner that is the
 * desired one (the member that would own it if the owner disappeared).
 */
final class Succession {
  private Succession() {}

  /**
   * Whether {@code self} is the hot standby of the source {@code rec} describes: hot standby is on,
   * its owner is the desired owner (no planned move, which has its own standby), and {@code self}
   * would be the desired owner without it. Whether the owner is alive is the caller's concern.
   */
  static boolean isHotSuccessor(
      SourceSpec spec,
      OwnershipRecord rec,
      MeshMember desired,
      List<MeshMember> eligible,
      UUID self) {
    if (!spec.hotStandby() || rec == null || desired == null) {
      return false;
    }
    if (!rec.owner().equals(desired.memberId())) {
      return false;
    }
    MeshMember next = Placement.successor(spec, eligible, rec.owner());
    return next != null && self.equals(next.memberId());
  }

  /** Who stands by for {@code o}, as far as this member's view of the mesh says; or null. */
  static MeshMember standbyOf(
      SourceSpec spec,
      SourceOwnership o,
      MeshMember desired,
      List<MeshMember> eligible,
      Membership.View v) {
    UUID owner = o.ownerMemberId();
    if (owner == null || desired == null || !v.byId().containsKey(owner)) {
      return null;
    }
    if (!owner.equals(desired.memberId())) {
      return o.state() == SourceOwnership.State.ACTIVE ? desired : null;
    }
    return spec.hotStandby() ? Placement.successor(spec, eligible, owner) : null;
  }

  /** {@code o} naming {@code standby} (none when null). */
  static SourceOwnership withStandby(SourceOwnership o, MeshMember standby) {
    return new SourceOwnership(
        o.sourceId(),
        o.owner(),
        o.ownerMemberId(),
        o.epoch(),
        o.state(),
        o.since(),
        o.local(),
        standby == null ? "" : standby.name());
  }
}
