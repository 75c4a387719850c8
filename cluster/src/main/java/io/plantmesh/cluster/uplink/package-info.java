/**
 * Uplink through a peer: a node whose own uplink to Kafka is down, or that has none, hands its
 * records to a trusted peer whose uplink is up, over the mesh, and removes them from its Outbox
 * only after the peer confirms Kafka's acknowledgement.
 *
 * <ul>
 *   <li>{@link io.plantmesh.cluster.uplink.UplinkDirectory}: every member's own uplink state,
 *       published to the mesh, so every node knows which peers can carry records.
 *   <li>{@link io.plantmesh.cluster.uplink.UplinkRelay}: on a node with its own uplink, sends
 *       trusted peers' batches to Kafka ({@code plantmesh-via}) and answers per record.
 *   <li>{@link io.plantmesh.cluster.uplink.PeerRoute}: the forwarder's route through a peer.
 * </ul>
 *
 * <p>Every batch, answer and directory entry is sealed under the cluster key (AES-GCM, bound to its
 * recipient, batch or member): a member without the key can neither read records nor forge an
 * acknowledgement, and a relay refuses members that are not trusted.
 */
package io.plantmesh.cluster.uplink;
