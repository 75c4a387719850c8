package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReadingCodecTest {
  private final ReadingCodec codec = new ReadingCodec();

  static List<Value> everyValue() {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("speed", new Value.Float32(1.5f));
    fields.put("state", new Value.Text("RUN"));
    fields.put("nested", new Value.Struct("Inner", Map.of("ok", Value.Bool.TRUE)));
    return List.of(
        Value.Null.INSTANCE,
        Value.Bool.TRUE,
        Value.Bool.FALSE,
        new Value.Int(-128, Value.Type.SBYTE),
        new Value.Int(Short.MIN_VALUE, Value.Type.INT16),
        Value.Int.int32(Integer.MAX_VALUE),
        Value.Int.int64(Long.MIN_VALUE),
        new Value.UInt(255, Value.Type.BYTE),
        new Value.UInt(65535, Value.Type.UINT16),
        new Value.UInt(0xFFFF_FFFFL, Value.Type.UINT32),
        new Value.UInt(-1L, Value.Type.UINT64),
        new Value.Float32(Float.NaN),
        new Value.Float32(-0.0f),
        new Value.Float64(Double.NEGATIVE_INFINITY),
        new Value.Float64(Math.PI),
        new Value.Text(""),
        new Value.Text("Grüße 温度 🌡"),
        new Value.Bytes(new byte[] {0, (byte) 0xFF, 7}),
        new Value.Bytes(new byte[0]),
        new Value.DateTime(Instant.parse("1601-01-01T00:00:00Z")),
        new Value.DateTime(Instant.parse("2026-11-25T10:15:30.123456789Z")),
        new Value.Array(Value.Type.DOUBLE, List.of(new Value.Float64(1), new Value.Float64(2))),
        new Value.Array(Value.Type.INT16, List.of()),
        new Value.Array(
            Value.Type.ARRAY,
            List.of(new Value.Array(Value.Type.STRING, List.of(new Value.Text("a"))))),
        new Value.Struct("Motor", fields));
  }

  @Test
  void everyValueVariantRoundTrips() {
    List<Reading> batch = new ArrayList<>();
    long seq = 1;
    Instant t = Instant.parse("2026-11-25T10:00:00.000000001Z");
    for (Value v : everyValue()) {
      batch.add(
          new Reading(TagPath.of("p/a/l/tag" + seq), v, Quality.GOOD, t, t, t, "node-a", seq++));
    }
    List<Reading> back = codec.decode(codec.encode(batch));
    assertEquals(batch, back);
    // Float NaN and -0.0 keep their bits (records compare floats by bits, so equals covers it).
    assertEquals(
        Float.floatToRawIntBits(-0.0f),
        Float.floatToRawIntBits(((Value.Float32) back.get(12).value()).value()));
  }

  @Test
  void qualitiesTimesOriginsAndSequencesRoundTrip() {
    Instant base = Instant.parse("2026-11-25T10:00:00Z");
    List<Reading> batch =
        List.of(
            new Reading(TagPath.of("a/b"), Value.of(1.0), Quality.GOOD, null, null, base, "n1", 5),
            new Reading(
                TagPath.of("a/c"),
                Value.Null.INSTANCE,
                Quality.of(0x80340000L, "Bad_NodeIdUnknown"),
                base.minusSeconds(100_000),
                null,
                base.plusNanos(999_999_999),
                "n1",
                3),
            new Reading(
                TagPath.of("a/d"),
                Value.of("x"),
                Quality.of(0x40000000L, null),
                Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("2262-01-01T00:00:00Z"),
                base,
                "n2",
                Long.MAX_VALUE),
            new Reading(
                TagPath.of("a/e"),
                Value.of(true),
                Quality.GOOD,
                base,
                base,
                base,
                "n1",
                Long.MIN_VALUE));
    assertEquals(batch, codec.decode(codec.encode(batch)));
    assertEquals(List.of(), codec.decode(codec.encode(List.of())));
  }

  @Test
  void aNumericReadingIsCompact() {
    Instant t = Instant.now();
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(
          new Reading(
              TagPath.of("plant1/press/line-2/cell-4/motor-" + i + "/temperature"),
              new Value.Float64(i),
              Quality.GOOD,
              t,
              t,
              t,
              "edge-node-1",
              i));
    }
    int size = codec.encode(batch).length;
    assertTrue(size < 1000 * 80, "1000 readings took " + size + " bytes");
  }

  @Test
  void decodedPathsAreSharedAcrossBatches() {
    Instant t = Instant.now();
    Reading r = new Reading(TagPath.of("a/b"), Value.of(1.0), Quality.GOOD, t, t, t, "n", 1);
    Reading first = codec.decode(codec.encode(List.of(r))).get(0);
    Reading second = codec.decode(codec.encode(List.of(r))).get(0);
    assertTrue(first.path() == second.path());
    assertTrue(first.originNode() == second.originNode());
  }

  @Test
  void thousandsOfPathsAsciiOrNotDecodeToOneSharedInstanceEach() {
    Instant t = Instant.parse("2026-11-25T10:00:00.123456789Z");
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      // Every third path is not ASCII: its UTF-8 is longer than its length.
      String leaf = i % 3 == 0 ? "Temperatur_ü" + i : "Temperature" + i;
      batch.add(
          new Reading(
              TagPath.of("Plant/Line01/Cell01/" + leaf),
              Value.of(i),
              Quality.GOOD,
              t,
              null,
              t,
              "n",
              i + 1));
    }
    List<Reading> first = codec.decode(codec.encode(batch));
    List<Reading> second = codec.decode(codec.encode(batch));
    assertEquals(batch, first);
    assertEquals(5000, codec.cachedPaths());
    for (int i = 0; i < batch.size(); i++) {
      assertTrue(first.get(i).path() == second.get(i).path(), "one instance of " + i);
    }
    // Equal times in a row are one object: the table keeps one per publish response, not three
    // per reading.
    assertTrue(first.get(0).receivedTime() == first.get(4999).receivedTime());
    assertTrue(first.get(0).sourceTime() == first.get(4999).sourceTime());
    assertEquals(t, first.get(4999).sourceTime());
  }

  @Test
  void malformedBytesAreRefusedWithAReason() {
    Instant t = Instant.now();
    byte[] ok =
        codec.encode(
            List.of(
                new Reading(TagPath.of("a/b"), Value.of("text"), Quality.GOOD, t, t, t, "n", 1)));
    for (int cut = 0; cut < ok.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(ok, cut);
      assertThrows(IllegalArgumentException.class, () -> codec.decode(truncated), "cut at " + cut);
    }
    byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.decode(trailing));
    assertTrue(e.getMessage().contains("left after"), e.getMessage());
    // A huge count in a short message does not allocate: it is checked against what is left.
    byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0};
    assertThrows(IllegalArgumentException.class, () -> codec.decode(huge));
  }

  @Test
  void messagesRoundTrip() {
    MeshMessages m = new MeshMessages(codec);
    Instant t = Instant.now();
    List<Reading> rs =
        List.of(new Reading(TagPath.of("a/b"), Value.of(2.0), Quality.GOOD, t, t, t, "n", 9));
    UUID id = UUID.randomUUID();
    UUID responder = UUID.randomUUID();
    assertEquals(
        new MeshMessages.Readings(42, "plc-1", rs),
        m.decode(m.encode(new MeshMessages.Readings(42, "plc-1", rs))));
    assertEquals(
        new MeshMessages.SnapshotRequest(id, responder, "edge-1"),
        m.decode(m.encode(new MeshMessages.SnapshotRequest(id, responder, "edge-1"))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.decode(new byte[] {99}));
    assertTrue(e.getMessage().contains("unknown message kind 99"), e.getMessage());
  }

  @Test
  void snapshotChunksCarryEachReadingsSource() {
    MeshMessages m = new MeshMessages(codec);
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    List<Reading> fromPlc1 =
        List.of(
            new Reading(TagPath.of("a/b"), Value.of(2.0), Quality.GOOD, t, t, t, "n1", 9),
            new Reading(TagPath.of("a/c"), Value.of(3.0), Quality.GOOD, t, t, t, "n2", 4));
    List<Reading> fromPlc2 =
        List.of(new Reading(TagPath.of("z/y"), Value.of("on"), Quality.GOOD, t, t, t, "n1", 1));
    UUID id = UUID.randomUUID();
    MeshMessages.SnapshotChunk chunk =
        new MeshMessages.SnapshotChunk(
            id,
            3,
            false,
            List.of(new SourceBatch("plc-1", fromPlc1), new SourceBatch("plc-2", fromPlc2)));
    MeshMessages.SnapshotChunk back = (MeshMessages.SnapshotChunk) m.decode(m.encode(chunk));
    assertEquals(chunk, back);
    assertEquals(3, back.size());
    MeshMessages.SnapshotChunk empty = new MeshMessages.SnapshotChunk(id, 4, true, List.of());
    assertEquals(empty, m.decode(m.encode(empty)));

    // Cut anywhere, the chunk is refused rather than read short.
    byte[] ok = m.encode(chunk);
    for (int cut = 0; cut < ok.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(ok, cut);
      assertThrows(IllegalArgumentException.class, () -> m.decode(truncated), "cut at " + cut);
    }
  }

  @Test
  void malformedSourcesAndTheRetiredChunkFormatAreRefusedWithAReason() {
    MeshMessages m = new MeshMessages(codec);
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    List<Reading> rs =
        List.of(new Reading(TagPath.of("a/b"), Value.of(2.0), Quality.GOOD, t, t, t, "n", 9));
    UUID id = UUID.randomUUID();

    Bytes.Writer emptySource = new Bytes.Writer(64).u8(MeshMessages.SNAPSHOT_CHUNK);
    uuid(emptySource, id).varLong(0).u8(1).varLong(1).string("");
    codec.encode(emptySource, rs);
    assertRefused(m, emptySource, "the source id of group 0 of the chunk is empty");

    Bytes.Writer emptyGroup = new Bytes.Writer(64).u8(MeshMessages.SNAPSHOT_CHUNK);
    uuid(emptyGroup, id).varLong(0).u8(1).varLong(1).string("plc-1");
    codec.encode(emptyGroup, List.of());
    assertRefused(m, emptyGroup, "group 0 of the chunk (source 'plc-1') holds no readings");

    Bytes.Writer manyGroups = new Bytes.Writer(64).u8(MeshMessages.SNAPSHOT_CHUNK);
    uuid(manyGroups, id).varLong(0).u8(1).varLong(1_000_000);
    assertRefused(m, manyGroups, "length 1000000 exceeds");

    Bytes.Writer retired = new Bytes.Writer(64).u8(MeshMessages.SNAPSHOT_CHUNK_WITHOUT_SOURCES);
    uuid(retired, id).varLong(0).u8(1);
    codec.encode(retired, rs);
    assertRefused(m, retired, "a snapshot chunk without source ids (kind 3");

    Bytes.Writer readings = new Bytes.Writer(64).u8(MeshMessages.READINGS).varLong(7).string("");
    codec.encode(readings, rs);
    assertRefused(m, readings, "the source id of message 7 is empty");
  }

  private static Bytes.Writer uuid(Bytes.Writer w, UUID id) {
    return w.fixed64(id.getMostSignificantBits()).fixed64(id.getLeastSignificantBits());
  }

  private static void assertRefused(MeshMessages m, Bytes.Writer w, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.decode(w.toByteArray()));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
