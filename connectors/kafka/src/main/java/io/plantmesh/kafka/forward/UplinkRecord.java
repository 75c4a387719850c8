package io.plantmesh.kafka.forward;

import io.plantmesh.outbox.Priority;
import java.util.Map;
import java.util.Objects;

/**
 * One record on its way upstream: what a {@link Route} sends. The headers are the Outbox record's
 * plus those the forwarder adds ({@link Headers}).
 *
 * @param priority its class: decides the topic
 * @param key the Kafka key (the tag path, so that a consumer sees each tag in order)
 * @param id the stable id consumers deduplicate by
 * @param headers the Kafka headers, in order; not copied (do not modify it after)
 * @param payload the message body (JSON); not copied
 * @param replayed whether it was stored while the link was down and is sent from the backlog
 */
public record UplinkRecord(
    Priority priority,
    String key,
    String id,
    Map<String, String> headers,
    byte[] payload,
    boolean replayed) {
  public UplinkRecord {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(headers, "headers");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UplinkRecord r
        && priority == r.priority
        && replayed == r.replayed
        && key.equals(r.key)
        && id.equals(r.id)
        && headers.equals(r.headers)
        && java.util.Arrays.equals(payload, r.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(priority, key, id, headers, replayed, java.util.Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "UplinkRecord[" + priority + " id=" + id + (replayed ? " replayed" : "") + "]";
  }
}
