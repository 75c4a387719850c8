package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.impl.MemberImpl;
import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.MeshMembershipListener;
import io.plantmesh.core.Secret;
import java.lang.reflect.Proxy;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Departures reported by {@link Membership} when Hazelcast removes several members at once (a
 * member cut off from the two others, as seen from its side): both removal events carry the same
 * member list, without either member.
 */
class MembershipDeparturesTest {
  private static final String CLUSTER = "departures";
  private final Attestation attestation =
      ClusterKeys.derive(Secret.ofValue("test-cluster-key-0123456789abcdef"), CLUSTER)
          .attestation();

  /** The events' source only: Membership never calls it. */
  private static final Cluster CLUSTER_SOURCE =
      (Cluster)
          Proxy.newProxyInstance(
              Cluster.class.getClassLoader(),
              new Class<?>[] {Cluster.class},
              (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
              });

  private Member member(String name, int lastOctet, boolean local) throws UnknownHostException {
    return new MemberImpl.Builder(new Address("10.213.48." + lastOctet, 5701))
        .uuid(UUID.randomUUID())
        .localMember(local)
        .attributes(
            MemberAttributes.of(
                UUID.randomUUID(),
                new MemberIdentity(name, "plant1", "area1", Set.of(), false),
                Instant.now(),
                CLUSTER,
                attestation))
        .build();
  }

  @Test
  void twoMembersRemovedTogetherAreBothReportedGone() throws Exception {
    Membership membership = new Membership(CLUSTER, attestation, new Counters());
    List<String> left = new CopyOnWriteArrayList<>();
    membership.addListener(
        new MeshMembershipListener() {
          @Override
          public void memberLeft(MeshMember m) {
            left.add(m.name());
          }
        });
    Member one = member("node-1", 1, false);
    Member two = member("node-2", 2, false);
    Member three = member("node-3", 3, true);
    membership.init(
        new InitialMembershipEvent(CLUSTER_SOURCE, new LinkedHashSet<>(List.of(one, two, three))));
    assertEquals(3, membership.view().byId().size(), "all three attested and trusted");

    Set<Member> after = Set.of(three);
    membership.memberRemoved(
        new MembershipEvent(CLUSTER_SOURCE, one, MembershipEvent.MEMBER_REMOVED, after));
    membership.memberRemoved(
        new MembershipEvent(CLUSTER_SOURCE, two, MembershipEvent.MEMBER_REMOVED, after));

    assertEquals(List.of("node-1", "node-2"), left);
    assertEquals(
        List.of("node-3"), membership.view().members().stream().map(m -> m.name()).toList());

    // A removal reported twice is reported gone once.
    membership.memberRemoved(
        new MembershipEvent(CLUSTER_SOURCE, two, MembershipEvent.MEMBER_REMOVED, after));
    assertEquals(List.of("node-1", "node-2"), left);
  }
}
