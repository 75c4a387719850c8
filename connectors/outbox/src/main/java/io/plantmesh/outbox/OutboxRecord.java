package io.plantmesh.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record to append: its priority class, a key (the Kafka record key, e.g. the ISA-95 equipment
 * path; may be empty), an id unique to this record (consumers deduplicate by it: delivery is at
 * least once), optional headers and the payload. Immutable: the payload array is copied.
 */
public record OutboxRecord(
    Priority priority, String key, String id, Map<String, String> headers, byte[] payload) {

  /** Longest key, id, header name or header value, in UTF-8 bytes. */
  public static final int MAX_STRING_BYTES = 65_535;

  public OutboxRecord {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(key, "key (use \"\" for none)");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty: consumers deduplicate by it");
    }
    checkLength("key", key);
    checkLength("id", id);
    Map<String, String> copy = new LinkedHashMap<>();
    if (headers != null) {
      if (headers.size() > 65_535) {
        throw new IllegalArgumentException("at most 65535 headers, got " + headers.size());
      }
      headers.forEach(
          (k, v) -> {
            checkLength("header name", Objects.requireNonNull(k, "header name"));
            checkLength("header " + k, Objects.requireNonNull(v, "header " + k));
            copy.put(k, v);
          });
    }
    headers = Collections.unmodifiableMap(copy);
    payload = payload.clone();
  }

  /** A record without headers. */
  public OutboxRecord(Priority priority, String key, String id, byte[] payload) {
    this(priority, key, id, Map.of(), payload);
  }

  /** The payload's length in bytes (without copying it). */
  public int payloadLength() {
    return payload.length;
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  private static void checkLength(String what, String s) {
    if (s.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(
          what + " is longer than " + MAX_STRING_BYTES + " bytes in UTF-8");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutboxRecord r
        && priority == r.priority
        && key.equals(r.key)
        && id.equals(r.id)
        && headers.equals(r.headers)
        && java.util.Arrays.equals(payload, r.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(priority, key, id, headers, java.util.Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "OutboxRecord[" + priority + " id=" + id + " key=" + key + " " + payload.length + " B]";
  }
}
