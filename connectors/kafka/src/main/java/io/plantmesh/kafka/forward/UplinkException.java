package io.plantmesh.kafka.forward;

/** Why the uplink does not work, for people: the message never holds a secret. */
public final class UplinkException extends RuntimeException {
  /** What kind of failure: decides what the forwarder does next. */
  public enum Kind {
    /** Brokers unreachable or not answering in time: retried with backoff. */
    UNREACHABLE,
    /**
     * The route could not even take a record: no metadata for the topic or a full buffer within the
     * producer's max.block.ms. The link is DOWN at once (waiting would only stall the sender).
     */
    STALLED,
    /** Credentials refused: retried with backoff (they may be fixed), logged as an error. */
    AUTHENTICATION,
    /** The principal may not write to (or create) a topic. */
    AUTHORIZATION,
    /** A topic does not exist and is not created (or cannot be). */
    TOPIC_MISSING,
    /** The producer's session is broken (sequence, epoch): a new producer is made. */
    PRODUCER_STATE,
    /** This one record can never be sent (too large, invalid): counted and dropped with a log. */
    REJECTED,
    /** A peer route: no peer with a working uplink, or the peer went away. */
    NO_PEER
  }

  private final Kind kind;

  public UplinkException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public UplinkException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * What a send's failure means for the forwarder: the {@link Kind} of an {@code UplinkException},
   * else the kind of Kafka's exception (retriable ones are {@link Kind#UNREACHABLE}). For relays
   * that answer for another node's forwarder.
   */
  public static Kind kindOf(Throwable failure) {
    return io.plantmesh.kafka.forward.internal.Failures.classify(failure);
  }

  /** A failure for people: its type and message (Kafka never echoes a secret). */
  public static String describe(Throwable failure) {
    return io.plantmesh.kafka.forward.internal.Failures.describe(failure);
  }
}
