package io.plantmesh.cluster;

/**
 * Whether this member's side of the mesh may change ownership and write to PLCs.
 *
 * @param members members this member sees, itself included
 * @param trustedMembers those of them that proved they hold the cluster key (only they count)
 * @param minMembers the trusted members needed ({@code mesh.quorum.min-members}); 0 when
 *     split-brain protection is off
 * @param expectedMembers the members of the whole mesh ({@code mesh.expected-members}); 0 when not
 *     configured
 * @param hasQuorum whether Hazelcast's split-brain protection says this side has its minimum
 */
public record QuorumState(
    int members, int trustedMembers, int minMembers, int expectedMembers, boolean hasQuorum) {

  /**
   * Whether this member is cut off from the majority: it refuses writes and acquires nothing, and
   * keeps collecting only what it already owned.
   */
  public boolean partitioned() {
    return !hasQuorum;
  }

  /** Whether members are missing from the expected mesh (on either side of a partition). */
  public boolean degraded() {
    return expectedMembers > 0 && trustedMembers < expectedMembers;
  }
}
