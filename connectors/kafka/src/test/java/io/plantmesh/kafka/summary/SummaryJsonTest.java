package io.plantmesh.kafka.summary;

import static io.plantmesh.kafka.summary.Harness.BAD;
import static io.plantmesh.kafka.summary.Harness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void everyValueTypeRoundTripsExactly() {
    Harness h = new Harness(Harness.config("100ms"), Harness.T0);
    List<Value> values =
        List.of(
            new Value.Float32(0.1f),
            new Value.Float64(1.0 / 3),
            new Value.Float64(Double.NaN),
            new Value.Float32(Float.NEGATIVE_INFINITY),
            new Value.Int(-128, Value.Type.SBYTE),
            new Value.Int(Long.MIN_VALUE, Value.Type.INT64),
            new Value.UInt(255, Value.Type.BYTE),
            new Value.UInt(-1L, Value.Type.UINT64),
            Value.of("Pressé \"ö\" \n ✓"),
            Value.of(false),
            Value.Null.INSTANCE);
    for (int i = 0; i < values.size(); i++) {
      // each value first and last of its own window, with a microsecond-precise time
      h.feed("plant1/v" + i, values.get(i), Quality.GOOD, 0.0123456 + i * 0.1);
    }
    h.feed("plant1/bad", Value.of(1.5), BAD, 0.05);
    List<Summary> out = h.advance(5); // SchemaCheck: valid and round trips
    assertTrue(out.size() >= values.size() + 1);
    for (int i = 0; i < values.size(); i++) {
      String tag = "plant1/v" + i;
      Summary s = out.stream().filter(x -> x.tag().toString().equals(tag)).findFirst().get();
      assertEquals(values.get(i), s.first().value(), tag);
    }
  }

  @Test
  void theEncodingIsPlainJsonWithTheDocumentedFields() throws Exception {
    Harness h = Harness.tenSeconds();
    h.good("plant1/line1/temp", 20.5, 1.0005).good("plant1/line1/temp", 21.5, 3.5005);
    Summary s = single(h.advance(12));
    JsonNode n = MAPPER.readTree(SummaryJson.toBytes(s));
    assertEquals("plant1/line1/temp@2026-03-02T10:00:00Z+PT10S", n.get("id").asText());
    assertEquals("2026-03-02T10:00:00Z", n.get("windowStart").asText());
    assertEquals(10000, n.get("windowLengthMs").asLong());
    assertEquals("numeric", n.get("kind").asText());
    assertEquals(1.0, n.get("quality").get("goodShare").asDouble());
    assertEquals(8999.5, n.get("numeric").get("heldMs").asDouble(), "microsecond decimals");
    assertEquals("DOUBLE", n.get("last").get("type").asText());
    assertEquals(21.5, n.get("last").get("value").asDouble());
    assertEquals("2026-03-02T10:00:03.500500Z", n.get("last").get("time").asText());
    assertEquals("Good", n.get("last").get("quality").get("symbolicName").asText());
    assertTrue(n.get("states").isNull());
  }

  @Test
  void theSchemaRejectsWhatTheEncodingNeverWrites() throws Exception {
    Harness h = Harness.tenSeconds();
    h.feed("plant1/line1/on", Value.of(true), Quality.GOOD, 1);
    Summary s = single(h.advance(12));
    ObjectNode good = (ObjectNode) MAPPER.readTree(SummaryJson.toJson(s));
    assertTrue(SchemaCheck.errors(good.toString()).isEmpty());

    ObjectNode noCount = good.deepCopy();
    noCount.remove("count");
    assertFalse(SchemaCheck.errors(noCount.toString()).isEmpty());

    ObjectNode wrongStats = good.deepCopy();
    wrongStats.putNull("states");
    assertFalse(SchemaCheck.errors(wrongStats.toString()).isEmpty(), "boolean needs states");

    ObjectNode badTime = good.deepCopy();
    badTime.put("windowStart", "yesterday");
    assertFalse(SchemaCheck.errors(badTime.toString()).isEmpty(), "formats are asserted");

    ObjectNode extra = good.deepCopy();
    extra.put("colour", "red");
    assertFalse(SchemaCheck.errors(extra.toString()).isEmpty());

    ObjectNode wrongType = good.deepCopy();
    ((ObjectNode) wrongType.get("first")).put("value", "yes");
    assertFalse(SchemaCheck.errors(wrongType.toString()).isEmpty(), "a BOOLEAN holds a boolean");
  }

  @Test
  void decodingNamesTheBrokenField() throws Exception {
    Harness h = Harness.tenSeconds();
    h.good("plant1/line1/temp", 1, 1);
    ObjectNode n = (ObjectNode) MAPPER.readTree(SummaryJson.toJson(single(h.advance(12))));
    n.put("count", 7);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SummaryJson.fromJson(n.toString()));
    assertTrue(e.getMessage().contains("count 7 differs"), e.getMessage());
    n.remove("windowEnd");
    e = assertThrows(IllegalArgumentException.class, () -> SummaryJson.fromJson(n.toString()));
    assertTrue(e.getMessage().contains("windowEnd must be a date-time"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.fromJson("[1]"));
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.fromJson("{"));
  }
}
