package io.plantmesh.kafka.forward;

import java.time.Duration;

/**
 * A way upstream: this node's own Kafka producer ({@link KafkaRoute}), or a peer's through the
 * mesh. The {@link Forwarder} sends on one route at a time and decides from delivery results
 * whether the route works.
 */
public interface Route extends AutoCloseable {
  /** For people and metrics: {@code kafka} or {@code peer:<node>}. */
  String name();

  /**
   * Checks that the route works now: brokers reachable, credentials accepted, topics present.
   * Blocks up to {@code timeout}.
   *
   * @throws UplinkException saying what is wrong, for people (never a secret)
   */
  void probe(Duration timeout);

  /**
   * Sends {@code record}; {@code delivery} is called exactly once, on any thread, with null once
   * Kafka acknowledged it, or with the error. Must not block for long (the producer's buffer is
   * bounded by the forwarder's in-flight window).
   */
  void send(UplinkRecord record, Delivery delivery);

  /** Stops the route; records not yet acknowledged complete with an error. */
  @Override
  void close();

  /** The outcome of one send. */
  @FunctionalInterface
  interface Delivery {
    /**
     * @param error null when Kafka acknowledged the record (acks=all), else why it failed
     */
    void completed(Exception error);
  }
}
