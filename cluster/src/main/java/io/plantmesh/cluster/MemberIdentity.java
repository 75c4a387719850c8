package io.plantmesh.cluster;

import io.plantmesh.cluster.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who a member is on the floor: published to every peer (as authenticated member attributes) so
 * that later phases can place sources on members that reach them and route uplink traffic.
 *
 * @param name the node's name, unique in the mesh; also the {@code originNode} of its readings
 * @param site the ISA-95 site it sits in, or "" when not set
 * @param area the ISA-95 area it sits in, or "" when not set
 * @param sources the ids of the sources (PLCs) this node can reach, sorted
 * @param uplink whether this node has a link to the upstream (Kafka) side
 */
public record MemberIdentity(
    String name, String site, String area, Set<String> sources, boolean uplink) {

  public MemberIdentity {
    Checks.name("mesh.member.name", name);
    site = Checks.optionalName("mesh.member.site", site);
    area = Checks.optionalName("mesh.member.area", area);
    List<String> list = sources == null ? List.of() : new ArrayList<>(sources);
    for (int i = 0; i < list.size(); i++) {
      Checks.name("mesh.member.sources[" + i + "]", list.get(i));
      if (list.get(i).indexOf(',') >= 0) {
        throw Checks.invalid("mesh.member.sources[" + i + "]", list.get(i), "contains a comma");
      }
    }
    sources = java.util.Collections.unmodifiableSet(new TreeSet<>(list));
  }

  /** A member with just a name: no site, area, sources or uplink. */
  public static MemberIdentity named(String name) {
    return new MemberIdentity(name, "", "", Set.of(), false);
  }
}
