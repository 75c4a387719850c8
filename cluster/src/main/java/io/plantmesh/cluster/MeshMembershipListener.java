package io.plantmesh.cluster;

/**
 * Told when members join and leave. Called on a Hazelcast event thread, after {@link
 * Mesh#members()} reflects the change; keep it quick.
 */
public interface MeshMembershipListener {
  /** A member joined; {@link MeshMember#trusted()} says whether it proved it holds the key. */
  default void memberJoined(MeshMember member) {}

  /** A member left: shut down, crashed, or was removed by failure detection. */
  default void memberLeft(MeshMember member) {}
}
