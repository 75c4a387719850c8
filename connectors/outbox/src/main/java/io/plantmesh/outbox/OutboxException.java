package io.plantmesh.outbox;

/** A failure of the Outbox; the message says what and why. */
public class OutboxException extends RuntimeException {
  public OutboxException(String message) {
    super(message);
  }

  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
