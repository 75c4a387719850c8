package io.plantmesh.cluster.internal;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.MeshMembershipListener;
import io.plantmesh.cluster.Registration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's view of Hazelcast's member list, with a trust verdict per member: a member is trusted
 * only if its attestation verifies under the cluster key and no older member already claims its
 * member id or name (a copy of a genuine member's attributes is caught that way while the genuine
 * member lives).
 */
public final class Membership implements InitialMembershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  /** An immutable view: members oldest first, indexed by both ids. */
  public record View(
      List<MeshMember> members, Map<UUID, MeshMember> byHazelcastUuid, Map<UUID, MeshMember> byId) {
    static final View EMPTY = new View(List.of(), Map.of(), Map.of());
  }

  private final String clusterName;
  private final Attestation attestation;
  private final Counters counters;
  private final MeshConfig.Network network;
  private final List<MeshMembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<UUID, Instant> firstSeen = new ConcurrentHashMap<>();
  private final Set<UUID> warned = ConcurrentHashMap.newKeySet();

  /**
   * Every other member seen and not yet reported gone, by Hazelcast UUID. When Hazelcast removes
   * two members at once, both removal events carry the same member list, without either: the first
   * rebuilds the view without the second, whose departure must still be reported.
   */
  private final Map<UUID, MeshMember> present = new ConcurrentHashMap<>();

  private volatile View view = View.EMPTY;

  public Membership(String clusterName, Attestation attestation, Counters counters) {
    this(clusterName, attestation, counters, MeshConfig.Network.defaults());
  }

  /**
   * @param network whose allow-list ({@code mesh.network.allowed-members}) peers' addresses must
   *     match to be trusted
   */
  public Membership(
      String clusterName, Attestation attestation, Counters counters, MeshConfig.Network network) {
    this.clusterName = clusterName;
    this.attestation = attestation;
    this.counters = counters;
    this.network = network;
  }

  public View view() {
    return view;
  }

  public Registration addListener(MeshMembershipListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void init(InitialMembershipEvent event) {
    rebuild(event.getMembers());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    View v = rebuild(event.getMembers());
    MeshMember m = v.byHazelcastUuid().get(event.getMember().getUuid());
    if (m != null) {
      for (MeshMembershipListener l : listeners) {
        notify(() -> l.memberJoined(m));
      }
    }
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    UUID uuid = event.getMember().getUuid();
    MeshMember seen = present.remove(uuid);
    MeshMember gone = seen != null ? seen : view.byHazelcastUuid().get(uuid);
    rebuild(event.getMembers());
    present.remove(uuid);
    firstSeen.remove(uuid);
    if (gone != null) {
      LOG.info("Member {} ({}) left the mesh", gone.name(), gone.address());
      for (MeshMembershipListener l : listeners) {
        notify(() -> l.memberLeft(gone));
      }
    }
  }

  /**
   * Why a payload claiming {@code sender} must be refused, or null to accept it. A sender that is
   * no longer a member is accepted: its payload opened under the key, and its readings (in flight
   * when it died) are still wanted.
   *
   * @param publisher the member Hazelcast says published it, when it knows
   */
  public String refusal(UUID sender, Member publisher) {
    View v = view;
    if (publisher != null) {
      MeshMember p = v.byHazelcastUuid().get(publisher.getUuid());
      if (p != null && !p.trusted()) {
        return "published by untrusted member " + p.name() + " (" + p.address() + ")";
      }
      if (p != null && !sender.equals(p.memberId())) {
        return "published by " + p.name() + " but claims member id " + sender;
      }
    }
    MeshMember s = v.byId().get(sender);
    if (s != null && !s.trusted()) {
      return "sender " + s.name() + " is untrusted";
    }
    return null;
  }

  private synchronized View rebuild(Collection<Member> hazelcastMembers) {
    List<MeshMember> list = new ArrayList<>();
    Map<UUID, MeshMember> byHz = new HashMap<>();
    Map<UUID, MeshMember> byId = new HashMap<>();
    Map<String, MeshMember> byName = new HashMap<>();
    for (Member hm : hazelcastMembers) {
      MeshMember m = evaluate(hm, byId, byName);
      list.add(m);
      byHz.put(m.hazelcastUuid(), m);
      if (!m.local()) {
        // The local member is never reported gone: its entry would stay after a merge renamed it.
        present.put(m.hazelcastUuid(), m);
      }
      if (m.trusted()) {
        byId.put(m.memberId(), m);
        byName.put(m.name(), m);
      }
    }
    View v = new View(List.copyOf(list), Map.copyOf(byHz), Map.copyOf(byId));
    view = v;
    return v;
  }

  private MeshMember evaluate(
      Member hm, Map<UUID, MeshMember> trustedById, Map<String, MeshMember> trustedByName) {
    Map<String, String> a = hm.getAttributes();
    String address = hm.getAddress().getHost() + ":" + hm.getAddress().getPort();
    UUID id = MemberAttributes.id(a);
    String name = a.getOrDefault(MemberAttributes.NAME, "hazelcast@" + address);
    Optional<MemberIdentity> identity = Optional.empty();
    String problem = "";
    if (!hm.localMember() && !network.allows(hm.getAddress().getHost())) {
      problem = "its address is not in mesh.network.allowed-members " + network.allowedMembers();
    } else if (!a.containsKey(MemberAttributes.ATTESTATION)) {
      problem = "no attestation: not a plantmesh member, or started without the cluster key";
    } else if (!attestation.verify(clusterName, a, a.get(MemberAttributes.ATTESTATION))) {
      problem = "attestation does not verify: a different cluster key, or altered attributes";
    } else if (id == null) {
      problem = "attested but without a valid member id";
    } else {
      try {
        identity = Optional.of(MemberAttributes.identity(a));
      } catch (IllegalArgumentException e) {
        problem = "attested but with a malformed identity: " + e.getMessage();
      }
    }
    if (problem.isEmpty() && trustedById.containsKey(id)) {
      MeshMember first = trustedById.get(id);
      problem = "member id already used by " + first.name() + " at " + first.address();
    } else if (problem.isEmpty() && trustedByName.containsKey(name)) {
      problem = "name already used by the member at " + trustedByName.get(name).address();
    }
    boolean trusted = problem.isEmpty();
    Instant seen = firstSeen.computeIfAbsent(hm.getUuid(), u -> Instant.now());
    Instant since = trusted ? MemberAttributes.started(a) : seen;
    if (!trusted && warned.add(hm.getUuid())) {
      counters.untrustedMembersSeen.increment();
      LOG.warn(
          "Member {} at {} (Hazelcast {}) is UNTRUSTED: {}. Its payloads are refused and it will"
              + " not be given sources, commands or rules.",
          name,
          address,
          hm.getUuid(),
          problem);
    }
    return new MeshMember(
        id,
        hm.getUuid(),
        name,
        address,
        identity,
        trusted,
        problem,
        since == null ? seen : since,
        hm.localMember());
  }

  private static void notify(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("A membership listener failed", e);
    }
  }
}
