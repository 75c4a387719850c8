package io.plantmesh.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test records whose payload says which record they are, so that a mix-up is visible. */
final class Records {
  private Records() {}

  static OutboxRecord of(Priority p, long i) {
    return of(p, i, 200);
  }

  /** A record of about {@code payloadBytes} whose id and payload encode {@code i}. */
  static OutboxRecord of(Priority p, long i, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    byte[] tag = (p + ":" + i + ":").getBytes(StandardCharsets.UTF_8);
    for (int k = 0; k < payload.length; k++) {
      payload[k] = tag[k % tag.length];
    }
    return new OutboxRecord(
        p, "area-1/line-2/cell-" + (i % 7), p + "-" + i, Map.of("source", "plc-1"), payload);
  }

  static List<OutboxRecord> batch(Priority p, long from, int n) {
    List<OutboxRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(of(p, from + i));
    }
    return out;
  }

  /** True if {@code r} is exactly what {@link #of(Priority, long)} made for its id. */
  static boolean intact(StoredRecord r, int payloadBytes) {
    long i = Long.parseLong(r.id().substring(r.id().indexOf('-') + 1));
    OutboxRecord expected = of(r.priority(), i, payloadBytes);
    return expected.key().equals(r.key())
        && expected.headers().equals(r.headers())
        && Arrays.equals(expected.payload(), r.payload());
  }

  static long index(StoredRecord r) {
    return Long.parseLong(r.id().substring(r.id().indexOf('-') + 1));
  }

  static List<Position> positions(List<StoredRecord> rs) {
    return rs.stream().map(StoredRecord::position).toList();
  }
}
