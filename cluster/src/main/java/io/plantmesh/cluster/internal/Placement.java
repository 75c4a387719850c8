package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.SourceSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Which member should own a source: the first live eligible member of the preference list, else the
 * eligible member with the highest rendezvous weight. Weights hash the node name (not the member
 * id, which changes at every start), so a restarted node gets its sources back and a member that
 * comes or goes moves only its own share.
 */
public final class Placement {
  private Placement() {}

  /** Trusted members whose identity says they reach {@code sourceId}. */
  public static List<MeshMember> eligible(Collection<MeshMember> members, String sourceId) {
    return members.stream()
        .filter(MeshMember::trusted)
        .filter(m -> m.identity().map(i -> i.sources().contains(sourceId)).orElse(false))
        .toList();
  }

  /** The desired owner among {@code eligible}, or null when there is none. */
  public static MeshMember desired(SourceSpec spec, List<MeshMember> eligible) {
    for (String preferred : spec.preference()) {
      for (MeshMember m : eligible) {
        if (m.name().equals(preferred)) {
          return m;
        }
      }
    }
    MeshMember best = null;
    long bestWeight = 0;
    for (MeshMember m : eligible) {
      long w = weight(m.name(), spec.id());
      if (best == null
          || Long.compareUnsigned(w, bestWeight) > 0
          || (w == bestWeight && m.name().compareTo(best.name()) < 0)) {
        best = m;
        bestWeight = w;
      }
    }
    return best;
  }

  /**
   * The owner's successor: the member that would be the desired owner if {@code owner} left, or
   * null when there is none (hot standby).
   */
  public static MeshMember successor(SourceSpec spec, List<MeshMember> eligible, UUID owner) {
    return desired(spec, eligible.stream().filter(m -> !owner.equals(m.memberId())).toList());
  }

  /** The rendezvous weight of {@code node} for {@code sourceId}: 64 bits of SHA-256. */
  static long weight(String node, String sourceId) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(node.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(sourceId.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
