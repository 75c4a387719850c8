package io.plantmesh.kafka.forward;

/** The state of a way upstream, from real delivery results and probes. */
public enum LinkState {
  /** Records are acknowledged by Kafka in time. */
  UP,
  /**
   * Records still get through, but a send failed recently or acknowledgements are late ({@code
   * uplink.link.degraded-after}).
   */
  DEGRADED,
  /**
   * Nothing gets through: no acknowledgement for {@code uplink.link.down-after}, a failure retrying
   * cannot fix (credentials, missing topic), or not connected yet. Records stay in the Outbox; the
   * route is probed with backoff.
   */
  DOWN
}
