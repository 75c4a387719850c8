package io.plantmesh.outbox;

/**
 * An append refused because it would exceed {@code outbox.max-bytes} and nothing the policy allows
 * could be evicted (e.g. the log is all alarms). Nothing of the batch was written; the caller
 * counts the refusal and may retry once the forwarder has drained some of the backlog.
 */
public class OutboxFullException extends OutboxException {
  private final long neededBytes;

  public OutboxFullException(String message, long neededBytes) {
    super(message);
    this.neededBytes = neededBytes;
  }

  /** The bytes the batch needed beyond what could be freed. */
  public long neededBytes() {
    return neededBytes;
  }
}
