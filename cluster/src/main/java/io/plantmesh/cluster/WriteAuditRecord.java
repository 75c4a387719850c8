package io.plantmesh.cluster;

import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One write attempt, as the mesh's audit keeps it: who asked, when, what, and what came of it.
 * Exactly one of {@code status} and {@code refusal} is set.
 *
 * @param at when the attempt ended (the answer came, or it was refused), by the routing member's
 *     clock
 * @param requestedBy who asked: an operator ({@code rest@<node>}, say) or {@code rule:<name>}
 * @param routedBy the node that routed it (where the REST call or the rule's evaluation was)
 * @param commandId the command id (retries of one command share it; each attempt is audited)
 * @param sourceId the source the command was routed to; "" when it could not be known
 * @param path the tag
 * @param value the value asked for
 * @param status the device's answer (its OPC UA status); null when the write was refused
 * @param refusal why the write was refused or its outcome is unknown; null when the device answered
 * @param message the refusal's message (for an interlock: the condition and its input values); ""
 *     when the device answered
 */
public record WriteAuditRecord(
    Instant at,
    String requestedBy,
    String routedBy,
    UUID commandId,
    String sourceId,
    TagPath path,
    Value value,
    Quality status,
    WriteRejectedException.Reason refusal,
    String message) {

  public WriteAuditRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(routedBy, "routedBy");
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    sourceId = sourceId == null ? "" : sourceId;
    message = message == null ? "" : message;
    if ((status == null) == (refusal == null)) {
      throw new IllegalArgumentException("an audit record has either a status or a refusal");
    }
  }

  /** The attempt of {@code c} that the device answered with {@code status}. */
  public static WriteAuditRecord answered(WriteCommand c, String routedBy, Quality status) {
    return new WriteAuditRecord(
        Instant.now(),
        c.requestedBy(),
        routedBy,
        c.commandId(),
        c.sourceId(),
        c.path(),
        c.value(),
        status,
        null,
        "");
  }

  /** The attempt of {@code c} that was refused (or whose outcome is unknown). */
  public static WriteAuditRecord refused(
      WriteCommand c, String routedBy, WriteRejectedException e) {
    return new WriteAuditRecord(
        Instant.now(),
        c.requestedBy(),
        routedBy,
        c.commandId(),
        c.sourceId(),
        c.path(),
        c.value(),
        null,
        e.reason(),
        e.getMessage());
  }

  /** Whether the device applied the value (its status is GOOD). */
  public boolean written() {
    return status != null && status.isGood();
  }

  /** The result in one word: the device's status name, or the refusal's reason. */
  public String result() {
    return status != null ? status.symbolicName() : refusal.name();
  }
}
