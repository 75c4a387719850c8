package io.plantmesh.cluster.uplink;

import io.plantmesh.cluster.MeshMember;
import io.plantmesh.kafka.forward.LinkState;
import java.time.Instant;

/**
 * A trusted peer's own uplink as it published it to the mesh.
 *
 * @param member the peer, as the mesh sees it now
 * @param state its uplink's state
 * @param since when its uplink entered that state
 * @param reason why, for people
 * @param publishedAt when the peer last published it
 */
public record PeerUplink(
    MeshMember member, LinkState state, Instant since, String reason, Instant publishedAt) {
  public String name() {
    return member.name();
  }

  /** For people and messages: {@code node-b UP since ...}. */
  public String describe() {
    return member.name()
        + " "
        + state
        + " since "
        + since
        + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
