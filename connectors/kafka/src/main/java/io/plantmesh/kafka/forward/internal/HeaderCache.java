package io.plantmesh.kafka.forward.internal;

import io.plantmesh.kafka.forward.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Kafka headers by name and value, encoded once: all but the id are the same few texts in every
 * record (kind, schema, node, replayed), so the producer gets the same immutable {@link Header}
 * objects instead of an encoding per record. Bounded: past {@link #LIMIT} distinct pairs, new ones
 * are encoded each time. Thread-safe.
 */
public final class HeaderCache {
  static final int LIMIT = 4096;

  private final Map<String, Map<String, Header>> byName = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  /**
   * The Kafka headers of {@code headers}, in order: a fixed-size list, which {@code ProducerRecord}
   * copies into its own headers anyway (a {@code RecordHeaders} here would be one copy more).
   */
  public List<Header> of(Map<String, String> headers) {
    if (headers instanceof SendHeaders s) {
      // All but the id are the base's, encoded once per base.
      SendHeaders.Base base = s.base();
      Header[] known = base.kafka;
      if (known == null) {
        known = new Header[base.names.length];
        for (int i = 0; i < known.length; i++) {
          known[i] = i == base.idAt ? null : header(base.names[i], base.values[i]);
        }
        base.kafka = known;
      }
      Header[] out = known.clone();
      out[base.idAt] = encode(Headers.ID, s.id());
      return Arrays.asList(out);
    }
    Header[] out = new Header[headers.size()];
    int[] i = {0};
    headers.forEach((k, v) -> out[i[0]++] = header(k, v));
    return Arrays.asList(out);
  }

  Header header(String name, String value) {
    if (Headers.ID.equals(name)) {
      return encode(name, value);
    }
    Map<String, Header> values = byName.get(name);
    Header h = values == null ? null : values.get(value);
    if (h != null) {
      return h;
    }
    h = encode(name, value);
    if (size.get() < LIMIT) {
      size.incrementAndGet();
      byName.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).putIfAbsent(value, h);
    }
    return h;
  }

  private static Header encode(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
