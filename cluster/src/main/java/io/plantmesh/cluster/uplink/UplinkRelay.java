package io.plantmesh.cluster.uplink;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.uplink.internal.MeshPeers;
import io.plantmesh.cluster.uplink.internal.RelayHandler;
import io.plantmesh.cluster.uplink.internal.RelayTask;
import io.plantmesh.kafka.forward.KafkaRoute;
import io.plantmesh.kafka.forward.LinkStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Sends peers' records to Kafka through this node's own {@link KafkaRoute}, for peers whose own
 * uplink is down or who have none ({@link PeerRoute} is their side). Each record goes out with the
 * header {@code plantmesh-via: <this node>}; the peer is answered per record, acknowledged or the
 * error, only once Kafka has answered (or the route's delivery timeout has passed), so a peer
 * removes a record from its Outbox only after Kafka acknowledged it.
 *
 * <p>Refuses, with the reason, a batch from a member that is not trusted, a batch that does not
 * open under the cluster key, any batch while this node's own uplink is DOWN, and batches beyond
 * {@link Settings#maxConcurrentBatches()}.
 *
 * <p>One relay per mesh member. Batches run on Hazelcast's {@code plantmesh.uplink.relay} executor.
 */
public final class UplinkRelay implements AutoCloseable {
  /**
   * How much a relay takes on.
   *
   * @param maxConcurrentBatches batches waiting for Kafka at once; more are refused as overloaded
   *     (the executor has 16 threads, so a refusal is answered at once)
   * @param orderWait how long a batch waits for an earlier batch of the same sender's stream to be
   *     handed to the producer first (per-tag order), before it goes without it
   * @param failureHold after a batch failed entirely (Kafka unreachable from here, say), how long
   *     the relay refuses batches as if its link were DOWN, so that peers try another relay
   */
  public record Settings(int maxConcurrentBatches, Duration orderWait, Duration failureHold) {
    public Settings {
      if (maxConcurrentBatches < 1 || maxConcurrentBatches > 12) {
        throw new IllegalArgumentException(
            "uplink relay max-concurrent-batches: "
                + maxConcurrentBatches
                + " is out of range; between 1 and 12 (the relay executor has 16 threads)");
      }
      Objects.requireNonNull(orderWait, "orderWait");
      Objects.requireNonNull(failureHold, "failureHold");
      if (orderWait.isNegative() || orderWait.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException(
            "uplink relay order-wait: " + orderWait + " is out of range; between 0 and 10s");
      }
      if (failureHold.isNegative()) {
        throw new IllegalArgumentException(
            "uplink relay failure-hold: " + failureHold + " must not be negative");
      }
    }

    /** 8 batches, 1 s order wait, 5 s hold after a failed batch. */
    public static Settings defaults() {
      return new Settings(8, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
  }

  private final Mesh mesh;
  private final RelayHandler handler;

  private UplinkRelay(Mesh mesh, RelayHandler handler) {
    this.mesh = mesh;
    this.handler = handler;
  }

  /**
   * Starts relaying for the mesh's trusted members.
   *
   * @param route this node's own route to Kafka (shared with its own forwarder)
   * @param ownLink the state of that route as this node's forwarder sees it (e.g. {@code () ->
   *     forwarder.links().get(0)}): while DOWN, batches are refused
   * @throws IllegalStateException when this member relays already
   */
  public static UplinkRelay start(
      Mesh mesh, KafkaRoute route, Supplier<LinkStatus> ownLink, Settings settings) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(ownLink, "ownLink");
    RelayHandler h =
        new RelayHandler(
            new RelayHandler.Context(
                mesh.memberId(),
                mesh.name(),
                MeshPeers.sealer(mesh),
                id -> MeshPeers.trusted(mesh, id),
                route,
                ownLink),
            settings.maxConcurrentBatches(),
            settings.orderWait(),
            settings.failureHold());
    ConcurrentMap<String, Object> context = mesh.hazelcast().getUserContext();
    if (context.putIfAbsent(RelayTask.CONTEXT_KEY, h) != null) {
      throw new IllegalStateException("member " + mesh.name() + " relays already: one relay each");
    }
    return new UplinkRelay(mesh, h);
  }

  /**
   * The longest a batch may take at this relay once it runs (the route's delivery timeout, the
   * order wait and a margin): a {@link PeerRoute}'s answer timeout must exceed it.
   */
  public Duration longestBatch() {
    return handler.longestBatch();
  }

  public RelayStats stats() {
    return handler.stats();
  }

  /** Stops taking batches; batches in progress still finish and are answered. */
  @Override
  public void close() {
    handler.close();
    try {
      mesh.hazelcast().getUserContext().remove(RelayTask.CONTEXT_KEY, handler);
    } catch (RuntimeException e) {
      // The member is gone already: nothing can reach the relay any more.
    }
  }
}
