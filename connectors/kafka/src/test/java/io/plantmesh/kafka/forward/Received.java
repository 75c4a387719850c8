package io.plantmesh.kafka.forward;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** One record as an MES consumer sees it. */
record Received(
    String topic,
    int partition,
    long offset,
    String key,
    String id,
    boolean replayed,
    String node,
    String via,
    byte[] value) {

  static Received of(ConsumerRecord<String, byte[]> r) {
    return new Received(
        r.topic(),
        r.partition(),
        r.offset(),
        r.key(),
        header(r, Headers.ID),
        "true".equals(header(r, Headers.REPLAYED)),
        header(r, Headers.NODE),
        header(r, Headers.VIA),
        r.value());
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  String json() {
    return new String(value, StandardCharsets.UTF_8);
  }
}
