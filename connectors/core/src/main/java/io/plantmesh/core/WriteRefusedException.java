package io.plantmesh.core;

/**
 * A write that was not sent to the device: unknown tag, value not convertible to the tag's type,
 * tag not writable, or source not connected. The message names the tag, the value and the reason. A
 * write the device itself refused is not this: it is a {@link WriteResult} with a BAD status.
 */
public class WriteRefusedException extends RuntimeException {
  /** Why a write was refused; lets callers map it (to an HTTP status, say) without parsing text. */
  public enum Reason {
    UNKNOWN_TAG,
    TYPE_MISMATCH,
    NOT_WRITABLE,
    NOT_CONNECTED
  }

  private final Reason reason;

  public WriteRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
