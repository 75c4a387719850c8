package io.plantmesh.outbox;

import io.plantmesh.outbox.internal.HeaderArray;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record as the Outbox holds it: the appended {@link OutboxRecord}'s fields plus its {@link
 * Position} and the time it was appended. Handed out by {@link LiveTail#poll} and {@link
 * Outbox#readBacklog}; the forwarder acknowledges it by {@link #position()}.
 */
public record StoredRecord(
    Position position,
    Instant appendedAt,
    String key,
    String id,
    Map<String, String> headers,
    byte[] payload) {

  public StoredRecord {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(appendedAt, "appendedAt");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(id, "id");
    // Headers decoded from disk are immutable already: not copied again on the forwarder's path.
    headers =
        headers instanceof HeaderArray
            ? headers
            : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(payload, "payload");
  }

  public Priority priority() {
    return position.priority();
  }

  public long sequence() {
    return position.sequence();
  }

  /**
   * The payload. Not copied, for speed on the forwarder's path: do not modify it (the Outbox keeps
   * no reference to it once handed out).
   */
  @Override
  public byte[] payload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredRecord r
        && position.equals(r.position)
        && appendedAt.equals(r.appendedAt)
        && key.equals(r.key)
        && id.equals(r.id)
        && headers.equals(r.headers)
        && Arrays.equals(payload, r.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(position, id);
  }

  @Override
  public String toString() {
    return "StoredRecord[" + position + " id=" + id + " " + payload.length + " B]";
  }
}
