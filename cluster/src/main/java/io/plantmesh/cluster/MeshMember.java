package io.plantmesh.cluster;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One member of the mesh as this node sees it.
 *
 * @param memberId the plantmesh member id (random per start, published and attested); null when the
 *     member published none (not a plantmesh member)
 * @param hazelcastUuid Hazelcast's own id for the member (changes when a split brain heals)
 * @param name the member's node name, or {@code hazelcast@address} when it published none
 * @param address where it listens, {@code host:port}
 * @param identity what it published about itself; empty when it published nothing usable
 * @param trusted whether it proved it holds the cluster key; an untrusted member's payloads are
 *     refused and it is never given a source, a command or a rule
 * @param problem why it is untrusted; "" when trusted
 * @param joinedSince when it started (its own attested start time), or, for an untrusted member,
 *     when this node first saw it
 * @param local whether this is the member this node runs
 */
public record MeshMember(
    UUID memberId,
    UUID hazelcastUuid,
    String name,
    String address,
    Optional<MemberIdentity> identity,
    boolean trusted,
    String problem,
    Instant joinedSince,
    boolean local) {}
