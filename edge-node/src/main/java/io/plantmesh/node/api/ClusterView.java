package io.plantmesh.node.api;

import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.QuorumState;
import io.plantmesh.cluster.SourceOwnership;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The mesh as {@code GET /api/cluster} shows it, from whichever node is asked.
 *
 * @param clusterName the mesh's name
 * @param node the node that answered
 * @param partitioned whether that node is cut off from the majority: it refuses writes and acquires
 *     no source, and its view of the plant may be incomplete
 * @param quorum the members it sees and the trusted members it needs
 * @param tableSynced whether it holds the whole tag table (a peer's snapshot arrived)
 * @param safe whether no partition is migrating and every backup is in place: restart the next node
 *     of a rolling update only once this is true
 * @param tags tags in its copy of the plant-wide table
 * @param members every member it sees, oldest first; untrusted ones are flagged
 * @param ownership each source's owner, epoch and state, by source id
 */
public record ClusterView(
    String clusterName,
    String node,
    boolean partitioned,
    Quorum quorum,
    boolean tableSynced,
    boolean safe,
    int tags,
    List<Member> members,
    List<Ownership> ownership) {

  /** Split-brain protection as the answering node sees it. */
  public record Quorum(
      int members, int trustedMembers, int minMembers, int expectedMembers, boolean hasQuorum) {}

  /**
   * One member.
   *
   * @param trusted whether it proved it holds the cluster key; an untrusted member is never given a
   *     source, a command or a rule
   * @param problem why it is untrusted; null when trusted
   * @param since when it started (as it attests), or when an untrusted one was first seen
   * @param owns the sources it collects now
   */
  public record Member(
      String name,
      String memberId,
      String address,
      String site,
      String area,
      Set<String> sources,
      boolean uplink,
      boolean trusted,
      String problem,
      String since,
      boolean local,
      List<String> owns) {}

  /**
   * A source's ownership record.
   *
   * @param state {@code active} (the owner collects it), {@code released} (handed over, the next
   *     owner is starting) or {@code unowned}
   * @param since when the record last changed, by the writer's clock
   * @param standby the node warming up to take the source over (a planned move, or a hot standby's
   *     successor); null when none
   */
  public record Ownership(
      String source,
      String owner,
      long epoch,
      String state,
      String since,
      boolean local,
      String standby) {}

  static ClusterView of(Mesh mesh) {
    java.util.Collection<SourceOwnership> records = mesh.plantOwnership().values();
    List<Ownership> owners =
        records.stream()
            .map(
                o ->
                    new Ownership(
                        o.sourceId(),
                        o.owner().isEmpty() ? null : o.owner(),
                        o.epoch(),
                        o.state().name().toLowerCase(Locale.ROOT),
                        o.since() == null ? null : o.since().toString(),
                        o.local(),
                        o.standby().isEmpty() ? null : o.standby()))
            .toList();
    List<Member> members = mesh.members().stream().map(m -> member(m, records)).toList();
    QuorumState q = mesh.quorum();
    return new ClusterView(
        mesh.config().clusterName(),
        mesh.name(),
        mesh.isPartitioned(),
        new Quorum(
            q.members(), q.trustedMembers(), q.minMembers(), q.expectedMembers(), q.hasQuorum()),
        mesh.tagTable().isSynced(),
        mesh.isSafe(),
        mesh.tagTable().size(),
        members,
        owners);
  }

  private static Member member(MeshMember m, java.util.Collection<SourceOwnership> owners) {
    MemberIdentity id = m.identity().orElse(null);
    List<String> owns =
        m.memberId() == null
            ? List.of()
            : owners.stream()
                .filter(
                    o ->
                        o.state() == SourceOwnership.State.ACTIVE
                            && m.memberId().equals(o.ownerMemberId()))
                .map(SourceOwnership::sourceId)
                .sorted()
                .toList();
    return new Member(
        m.name(),
        m.memberId() == null ? null : m.memberId().toString(),
        m.address(),
        id == null || id.site().isEmpty() ? null : id.site(),
        id == null || id.area().isEmpty() ? null : id.area(),
        id == null ? Set.of() : id.sources(),
        id != null && id.uplink(),
        m.trusted(),
        m.trusted() ? null : m.problem(),
        m.joinedSince() == null ? null : m.joinedSince().toString(),
        m.local(),
        owns);
  }
}
