package io.plantmesh.cluster;

import io.plantmesh.core.WriteRefusedException;
import java.util.Optional;
import java.util.UUID;

/** A routed write that was refused, or whose outcome is unknown. */
public final class WriteRejectedException extends RuntimeException {
  /** Why; lets callers map it (to an HTTP status, say) without parsing text. */
  public enum Reason {
    /** No live member owns the source (none eligible, or a handover or failover under way). */
    NO_OWNER,
    /** The command was routed for an ownership epoch that has since changed. */
    STALE,
    /** The command expired before the owner could apply it. */
    EXPIRED,
    /** This side of the mesh is cut off from the majority: no writes to any PLC. */
    NO_QUORUM,
    /** The sender is not a trusted member, or the answer did not come from the owner. */
    UNTRUSTED,
    /** The source refused or failed the write (see {@link #sourceRefusal()}). */
    DEVICE_ERROR,
    /** No answer in time: the write may or may not have been applied. */
    TIMEOUT,
    /**
     * The owner checked the command's {@link WriteInterlock} with its own latest readings just
     * before writing, and it was not TRUE (the message names the condition and the input values).
     * Nothing reached the device, so the command id is not spent.
     */
    INTERLOCK
  }

  private final Reason reason;
  private final UUID commandId;
  private final WriteRefusedException.Reason sourceRefusal;

  public WriteRejectedException(
      Reason reason, UUID commandId, String message, WriteRefusedException.Reason sourceRefusal) {
    super(message);
    this.reason = reason;
    this.commandId = commandId;
    this.sourceRefusal = sourceRefusal;
  }

  public WriteRejectedException(Reason reason, UUID commandId, String message) {
    this(reason, commandId, message, null);
  }

  public Reason reason() {
    return reason;
  }

  public UUID commandId() {
    return commandId;
  }

  /**
   * For {@link Reason#DEVICE_ERROR}: the source's own refusal (unknown tag, type mismatch, not
   * writable, not connected) when it did not attempt the write; empty when it attempted and failed.
   */
  public Optional<WriteRefusedException.Reason> sourceRefusal() {
    return Optional.ofNullable(sourceRefusal);
  }
}
