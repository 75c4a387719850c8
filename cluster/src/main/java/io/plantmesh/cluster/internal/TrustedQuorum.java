package io.plantmesh.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.QuorumState;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Split-brain protection that counts only trusted members: a member counts when its attestation
 * verifies under the cluster key and no member counted before claims its member id or name.
 * Hazelcast's default function counts every member, so anyone who can reach the member port could
 * lend a cut-off minority its quorum by joining it.
 */
public final class TrustedQuorum implements SplitBrainProtectionFunction {
  public static final String NAME = "plantmesh-quorum";

  private final String clusterName;
  private final Attestation attestation;
  private final MeshConfig.Quorum config;
  private volatile HazelcastInstance hz;

  public TrustedQuorum(String clusterName, Attestation attestation, MeshConfig.Quorum config) {
    this.clusterName = clusterName;
    this.attestation = attestation;
    this.config = config;
  }

  public MeshConfig.Quorum config() {
    return config;
  }

  /** Binds to the started member, for {@link #hasQuorum()}. */
  public void attach(HazelcastInstance hz) {
    this.hz = hz;
  }

  @Override
  public boolean apply(Collection<Member> members) {
    return trusted(members) >= config.minMembers();
  }

  /** Distinct members whose attestation verifies. */
  public int trusted(Collection<Member> members) {
    Set<UUID> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    int n = 0;
    for (Member m : members) {
      Map<String, String> a = m.getAttributes();
      UUID id = MemberAttributes.id(a);
      String name = a.get(MemberAttributes.NAME);
      if (id != null
          && name != null
          && attestation.verify(clusterName, a, a.get(MemberAttributes.ATTESTATION))
          && ids.add(id)
          && names.add(name)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether this side may change ownership and write: Hazelcast's split-brain protection state
   * (which also guards the ownership and result maps), or always when the protection is off.
   */
  public boolean hasQuorum() {
    if (!config.enabled()) {
      return true;
    }
    HazelcastInstance h = hz;
    if (h == null || !h.getLifecycleService().isRunning()) {
      return false;
    }
    try {
      return h.getSplitBrainProtectionService().getSplitBrainProtection(NAME).hasMinimumSize();
    } catch (RuntimeException e) {
      // The member is shutting down.
      return false;
    }
  }

  public QuorumState state() {
    HazelcastInstance h = hz;
    Set<Member> members =
        h == null || !h.getLifecycleService().isRunning() ? Set.of() : h.getCluster().getMembers();
    return new QuorumState(
        members.size(),
        trusted(members),
        config.minMembers(),
        config.expectedMembers(),
        hasQuorum());
  }
}
