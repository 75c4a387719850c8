package io.plantmesh.kafka.forward.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.kafka.forward.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class SendHeadersTest {
  /** What the headers must be: a LinkedHashMap filled as the forwarder's contract says. */
  private static Map<String, String> expected(
      Map<String, String> stored, String node, String id, boolean replayed) {
    Map<String, String> m = new LinkedHashMap<>(stored);
    m.putIfAbsent(Headers.NODE, node);
    m.put(Headers.ID, id);
    m.put(Headers.REPLAYED, Boolean.toString(replayed));
    return m;
  }

  private static List<String> kafka(HeaderCache cache, Map<String, String> h) {
    List<String> out = new ArrayList<>();
    for (Header k : cache.of(h)) {
      out.add(k.key() + "=" + new String(k.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<String> pairs(Map<String, String> m) {
    List<String> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  @Test
  void sharedBasesKeepEachRecordsIdAndTheContractsOrder() {
    Map<String, String> plain = new LinkedHashMap<>();
    plain.put(Headers.KIND, "summary");
    plain.put(Headers.NODE, "edge-7");
    Map<String, String> withId = new LinkedHashMap<>();
    withId.put(Headers.ID, "stale");
    withId.put(Headers.KIND, "event");
    SendHeaders.Maker maker = new SendHeaders.Maker("edge-1");
    HeaderCache cache = new HeaderCache();
    Object[][] cases = {
      {plain, "a", true},
      {plain, "b", true},
      {plain, "c", false},
      {withId, "d", false},
      {withId, "e", false},
      {Map.of(), "f", true},
      {plain, "g", true}
    };
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      Map<String, String> stored = (Map<String, String>) c[0];
      String id = (String) c[1];
      boolean replayed = (Boolean) c[2];
      Map<String, String> want = expected(stored, "edge-1", id, replayed);
      SendHeaders got = maker.of(stored, id, replayed);
      assertEquals(want, got, id);
      assertEquals(pairs(want), pairs(got), "order of " + id);
      assertEquals(pairs(want), kafka(cache, got), "Kafka headers of " + id);
      assertEquals(want, SendHeaders.of(stored, "edge-1", id, replayed), id);
    }
  }
}
