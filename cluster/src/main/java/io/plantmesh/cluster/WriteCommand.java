package io.plantmesh.cluster;

import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A write to a tag of a source, routed to the source's owner and applied there at most once per
 * command id.
 *
 * @param commandId the idempotency key: a retry with the same id returns the first attempt's result
 *     instead of writing again
 * @param sourceId the source (PLC) that holds the tag
 * @param path the tag
 * @param value the value to write; the source converts it to the tag's type
 * @param expiresAt after this instant the owner refuses the command as stale (a write queued while
 *     the mesh failed over must not land minutes later); compared with the owner's clock
 * @param requestedBy who asked (an operator, {@code rule:<name>}), for the owner's log and the
 *     audit
 * @param interlock a condition the owner checks with its own readings just before writing; null for
 *     none
 */
public record WriteCommand(
    UUID commandId,
    String sourceId,
    TagPath path,
    Value value,
    Instant expiresAt,
    String requestedBy,
    WriteInterlock interlock) {

  /** A command without interlock. */
  public WriteCommand(
      UUID commandId,
      String sourceId,
      TagPath path,
      Value value,
      Instant expiresAt,
      String requestedBy) {
    this(commandId, sourceId, path, value, expiresAt, requestedBy, null);
  }

  public WriteCommand {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(requestedBy, "requestedBy");
    if (requestedBy.length() > 200) {
      throw new IllegalArgumentException(
          "requestedBy: is " + requestedBy.length() + " characters long; at most 200");
    }
  }

  /** The same command, with the owner checking {@code interlock} before it writes. */
  public WriteCommand withInterlock(WriteInterlock interlock) {
    return new WriteCommand(commandId, sourceId, path, value, expiresAt, requestedBy, interlock);
  }

  /** A new command with a random id, expiring {@code ttl} from now. */
  public static WriteCommand of(
      String sourceId, TagPath path, Value value, Duration ttl, String requestedBy) {
    return new WriteCommand(
        UUID.randomUUID(), sourceId, path, value, Instant.now().plus(ttl), requestedBy);
  }
}
