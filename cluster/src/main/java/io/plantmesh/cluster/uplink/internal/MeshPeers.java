package io.plantmesh.cluster.uplink.internal;

import com.hazelcast.cluster.Member;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.Sealer;
import java.util.Optional;
import java.util.UUID;

/** What the uplink needs of the mesh: the cluster key's sealer and the trust verdicts. */
public final class MeshPeers {
  private MeshPeers() {}

  /** A sealer under the mesh's cluster key (derived again: the mesh keeps its own private). */
  public static Sealer sealer(Mesh mesh) {
    return ClusterKeys.derive(mesh.config().clusterKey(), mesh.config().clusterName()).sealer();
  }

  /** The member with plantmesh id {@code memberId}, if it is in the mesh now and trusted. */
  public static Optional<MeshMember> trusted(Mesh mesh, UUID memberId) {
    if (memberId == null) {
      return Optional.empty();
    }
    for (MeshMember m : mesh.members()) {
      if (m.trusted() && memberId.equals(m.memberId())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Hazelcast's member for {@code m}, if it is still in the cluster. */
  public static Optional<Member> hazelcastMember(Mesh mesh, MeshMember m) {
    for (Member hm : mesh.hazelcast().getCluster().getMembers()) {
      if (hm.getUuid().equals(m.hazelcastUuid())) {
        return Optional.of(hm);
      }
    }
    return Optional.empty();
  }
}
