package io.plantmesh.cluster;

import static io.plantmesh.cluster.MeshFixture.reading;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.internal.Fanout;
import io.plantmesh.cluster.internal.TagTableImpl;
import io.plantmesh.cluster.internal.TopicFanout;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Three members on loopback in this JVM, shared by the tests; each test uses its own tags. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagTableTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private MeshFixture fixture;
  private Mesh a;
  private Mesh b;
  private Mesh c;

  @BeforeAll
  void startThreeMembers() {
    fixture = new MeshFixture(6);
    a = fixture.start(0, "node-a");
    b = fixture.start(1, "node-b");
    c = fixture.start(2, "node-c");
    await().atMost(WAIT).until(() -> a.members().size() == 3 && c.members().size() == 3);
    await().atMost(WAIT).until(() -> b.tagTable().isSynced() && c.tagTable().isSynced());
  }

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void aReadingPublishedOnOneMemberIsVisibleOnTheOthers() {
    Reading r =
        new Reading(
            TagPath.of("plant1/area0/line1/temperature"),
            new Value.Float64(21.5),
            io.plantmesh.core.Quality.of(0x40000000L, "Uncertain"),
            Instant.parse("2026-11-25T10:00:00.123456789Z"),
            Instant.parse("2026-11-25T10:00:00.2Z"),
            Instant.now(),
            "node-a",
            7);
    a.tagTable().publish("plc-0", List.of(r));
    for (Mesh m : List.of(a, b, c)) {
      await().atMost(WAIT).until(() -> m.tagTable().get(r.path()).isPresent());
      assertEquals(r, m.tagTable().get(r.path()).orElseThrow(), "as seen on " + m.name());
      assertEquals(Optional.of("plc-0"), m.tagTable().sourceOf(r.path()), "on " + m.name());
      assertEquals(Optional.empty(), m.tagTable().sourceOf(TagPath.of("plant1/never/published")));
    }
    assertTrue(a.stats().messagesPublished() >= 1);
  }

  @Test
  void aLargeBatchIsCutIntoMessagesHazelcastsPooledBufferHolds() {
    long before = a.stats().messagesPublished();
    long gaps = b.stats().sequenceGaps() + c.stats().sequenceGaps();
    // ~70 bytes per reading: 1,000 of them (at most 1,000 per message) are ~70 KB, over 30 KB.
    publishTags(a, "large/a-batch-with-a-rather-long-path", 1000, "node-a");
    long messages = a.stats().messagesPublished() - before;
    assertTrue(messages >= 2 && messages <= 10, messages + " messages");
    TagPath prefix = TagPath.of("large");
    for (Mesh m : List.of(b, c)) {
      await().atMost(WAIT).until(() -> m.tagTable().readings(prefix).size() == 1000);
      assertEquals(a.tagTable().readings(prefix), m.tagTable().readings(prefix), m.name());
    }
    assertEquals(gaps, b.stats().sequenceGaps() + c.stats().sequenceGaps());
  }

  @Test
  void aLateJoinerGetsTheWholeTableInChunks() throws Exception {
    publishTags(a, "late/from-a", 2500, "node-a", "plc-a");
    publishTags(b, "late/from-b", 1200, "node-b", "plc-b");
    publishTags(b, "late/from-b2", 300, "node-b", "plc-b2");
    TagPath prefix = TagPath.of("late");
    await().atMost(WAIT).until(() -> c.tagTable().readings(prefix).size() == 4000);

    try (Mesh d = Mesh.start(fixture.config(3, "node-d", MeshFixture.KEY).build())) {
      assertTrue(d.tagTable().awaitSynced(WAIT), "the late joiner got a snapshot");
      assertEquals(a.tagTable().readings(prefix), d.tagTable().readings(prefix));
      // Chunks of 1000 mix sources: each reading still arrives with its own.
      for (Reading r : d.tagTable().readings(prefix)) {
        String expected =
            r.path().toString().startsWith("late/from-a/")
                ? "plc-a"
                : r.path().toString().startsWith("late/from-b/") ? "plc-b" : "plc-b2";
        assertEquals(Optional.of(expected), d.tagTable().sourceOf(r.path()), r.path().toString());
      }
      assertTrue(d.stats().snapshotsCompleted() >= 1);
      // 4000 readings and whatever the other tests left, in chunks of at most 1000.
      assertTrue(d.stats().readingsReceived() >= 4000);
    }
  }

  @Test
  void aMemberThatLeavesTakesNothingWithIt() throws Exception {
    Mesh e = fixture.start(fixture.config(4, "node-e", MeshFixture.KEY).build());
    assertTrue(e.tagTable().awaitSynced(WAIT));
    publishTags(e, "leaving/from-e", 300, "node-e");
    TagPath prefix = TagPath.of("leaving");
    await().atMost(WAIT).until(() -> a.tagTable().readings(prefix).size() == 300);
    await().atMost(WAIT).until(() -> c.tagTable().readings(prefix).size() == 300);
    List<Reading> before = a.tagTable().readings(prefix);
    e.close();
    await().atMost(WAIT).until(() -> a.members().size() == 3);
    assertEquals(before, a.tagTable().readings(prefix));
    assertEquals(before, b.tagTable().readings(prefix));
    assertEquals(before, c.tagTable().readings(prefix));
  }

  @Test
  void perTagOrderHoldsUnderLoad() throws Exception {
    TagPath prefix = TagPath.of("load");
    Map<TagPath, List<Long>> seenOnC = new ConcurrentHashMap<>();
    Map<TagPath, List<Long>> seenOnA = new ConcurrentHashMap<>();
    long gapsBefore = c.stats().sequenceGaps();
    try (Registration rc = subscribeSequences(c, prefix, seenOnC);
        Registration ra = subscribeSequences(a, prefix, seenOnA)) {
      int batches = 200;
      int tagsPerOrigin = 100;
      int perBatch = 500;
      Thread ta = new Thread(() -> burst(a, "load/a", "node-a", batches, tagsPerOrigin, perBatch));
      Thread tb = new Thread(() -> burst(b, "load/b", "node-b", batches, tagsPerOrigin, perBatch));
      ta.start();
      tb.start();
      ta.join();
      tb.join();
      long last = (long) batches * perBatch;
      await()
          .atMost(Duration.ofSeconds(25))
          .until(
              () ->
                  c.tagTable().readings(prefix).size() == 2 * tagsPerOrigin
                      && c.tagTable().readings(prefix).stream()
                          .allMatch(r -> r.sequence() > last - tagsPerOrigin));
      await().atMost(WAIT).until(() -> seenOnA.size() == 2 * tagsPerOrigin);
      for (Map<TagPath, List<Long>> seen : List.of(seenOnC, seenOnA)) {
        assertEquals(2 * tagsPerOrigin, seen.size());
        for (Map.Entry<TagPath, List<Long>> e : seen.entrySet()) {
          List<Long> seqs = e.getValue();
          for (int i = 1; i < seqs.size(); i++) {
            assertTrue(
                seqs.get(i) > seqs.get(i - 1),
                e.getKey() + " went back: " + seqs.subList(i - 1, i + 1));
          }
          assertTrue(
              seqs.get(seqs.size() - 1) > last - tagsPerOrigin,
              e.getKey() + " missed its last reading");
        }
      }
      // Every change a publisher made reached C: nothing was lost or merged away on the wire.
      int changesOnC = seenOnC.values().stream().mapToInt(List::size).sum();
      assertEquals(2 * batches * perBatch, changesOnC);
      assertEquals(gapsBefore, c.stats().sequenceGaps());
    }
  }

  @Test
  void anOlderReadingNeverOverwritesANewerOne() {
    TagPath p = TagPath.of("order/valve");
    Instant t = Instant.parse("2026-11-25T12:00:00Z");
    List<Reading> changesOnB = new CopyOnWriteArrayList<>();
    try (Registration r = b.tagTable().subscribe(TagPath.of("order"), false, changesOnB::addAll)) {
      Reading newer = reading("order/valve", Value.of(2.0), t, "node-a", 10);
      a.tagTable().publish("plc-0", List.of(newer));
      await().atMost(WAIT).until(() -> b.tagTable().get(p).isPresent());
      // Older source time from another member; then the same time with a lower sequence.
      c.tagTable()
          .publish(
              "plc-2",
              List.of(reading("order/valve", Value.of(1.0), t.minusMillis(1), "node-c", 99)));
      a.tagTable().publish("plc-0", List.of(reading("order/valve", Value.of(1.5), t, "node-a", 9)));
      // A marker published after them: once it is visible, so were they.
      Reading marker = reading("order/marker", Value.of(true), t, "node-a", 11);
      a.tagTable().publish("plc-0", List.of(marker));
      c.tagTable()
          .publish("plc-2", List.of(reading("order/marker-c", Value.of(true), t, "node-c", 100)));
      for (Mesh m : List.of(a, b, c)) {
        await().atMost(WAIT).until(() -> m.tagTable().readings(TagPath.of("order")).size() == 3);
        assertEquals(newer, m.tagTable().get(p).orElseThrow(), "on " + m.name());
      }
      await().atMost(WAIT).until(() -> changesOnB.size() == 3);
      assertEquals(List.of(newer), changesOnB.stream().filter(x -> x.path().equals(p)).toList());
      assertTrue(b.stats().readingsStale() >= 2);
    }
  }

  @Test
  void aNewerReadingFromAnotherSourceTakesOverTheTagsSourceId() {
    TagPath p = TagPath.of("moved/valve");
    Instant t = Instant.parse("2026-11-25T12:00:00Z");
    List<String> sourcesSeenOnC = new CopyOnWriteArrayList<>();
    try (Registration r =
        c.tagTable()
            .subscribe(
                p,
                false,
                changes ->
                    changes.forEach(
                        x -> sourcesSeenOnC.add(c.tagTable().sourceOf(x.path()).orElse("none"))))) {
      a.tagTable().publish("plc-0", List.of(reading("moved/valve", Value.of(1.0), t, "node-a", 1)));
      await().atMost(WAIT).until(() -> c.tagTable().sourceOf(p).isPresent());
      // The tag now comes from another PLC, collected on another member.
      b.tagTable()
          .publish(
              "plc-1",
              List.of(reading("moved/valve", Value.of(2.0), t.plusSeconds(1), "node-b", 1)));
      // An older reading from a third source changes nothing.
      c.tagTable()
          .publish(
              "plc-2",
              List.of(reading("moved/valve", Value.of(0.5), t.minusSeconds(1), "node-c", 1)));
      for (Mesh m : List.of(a, b, c)) {
        await().atMost(WAIT).until(() -> m.tagTable().sourceOf(p).equals(Optional.of("plc-1")));
      }
      // Published after the older one by the same member: once visible, the older was applied.
      b.tagTable()
          .publish("plc-1", List.of(reading("moved/marker", Value.of(true), t, "node-b", 2)));
      c.tagTable()
          .publish("plc-2", List.of(reading("moved/marker-c", Value.of(true), t, "node-c", 2)));
      for (Mesh m : List.of(a, b, c)) {
        await().atMost(WAIT).until(() -> m.tagTable().readings(TagPath.of("moved")).size() == 3);
        assertEquals(Optional.of("plc-1"), m.tagTable().sourceOf(p), "on " + m.name());
        assertEquals(Value.of(2.0), m.tagTable().get(p).orElseThrow().value());
      }
      // A listener asking sourceOf while a change is delivered gets that change's source.
      assertEquals(List.of("plc-0", "plc-1"), sourcesSeenOnC);
    }
  }

  @Test
  void theChangeFeedFiltersByPrefixAndCanReplayTheCurrentTable() {
    publishTags(a, "feed/line1", 3, "node-a");
    publishTags(a, "feed/line2", 2, "node-a");
    await().atMost(WAIT).until(() -> c.tagTable().readings(TagPath.of("feed")).size() == 5);
    List<Reading> line1 = new CopyOnWriteArrayList<>();
    List<Reading> replayed = new CopyOnWriteArrayList<>();
    try (Registration r1 = c.tagTable().subscribe(TagPath.of("feed/line1"), false, line1::addAll);
        Registration r2 =
            c.tagTable().subscribe(TagPath.of("feed/line2"), true, replayed::addAll)) {
      await().atMost(WAIT).until(() -> replayed.size() == 2);
      b.tagTable().publish("plc-1", List.of(reading("feed/line1/tag-new", 1, "node-b", 1)));
      b.tagTable()
          .publish("plc-1", List.of(reading("feed/line10/not-below-line1", 1, "node-b", 2)));
      await()
          .atMost(WAIT)
          .until(() -> c.tagTable().get(TagPath.of("feed/line10/not-below-line1")).isPresent());
      await().atMost(WAIT).until(() -> line1.size() == 1);
      assertEquals(TagPath.of("feed/line1/tag-new"), line1.get(0).path());
      assertEquals(2, replayed.size(), "line2 saw only its replay");
      r1.close();
      b.tagTable().publish("plc-1", List.of(reading("feed/line1/after-close", 1, "node-b", 3)));
      await()
          .atMost(WAIT)
          .until(() -> c.tagTable().get(TagPath.of("feed/line1/after-close")).isPresent());
      // The feed and the table are updated on one thread: the table has it, so the feed is done.
      assertEquals(1, line1.size(), "no delivery after close");
    }
  }

  @Test
  void aLostMessageIsNoticedAndRepairedFromItsSender() throws Exception {
    // A member whose second reading message never leaves it (as if dropped on the wire).
    AtomicInteger sent = new AtomicInteger();
    Mesh lossy =
        Mesh.start(
            fixture.config(5, "node-lossy", MeshFixture.KEY).build(),
            config -> {},
            hz ->
                new DroppingFanout(
                    new TopicFanout(hz, TagTableImpl.READINGS), () -> sent.incrementAndGet() == 2));
    try {
      assertTrue(lossy.tagTable().awaitSynced(WAIT));
      long gapsBefore = b.stats().sequenceGaps();
      lossy.tagTable().publish("plc-5", List.of(reading("lossy/first", 1, "node-lossy", 1)));
      lossy.tagTable().publish("plc-5", List.of(reading("lossy/lost", 2, "node-lossy", 2)));
      lossy.tagTable().publish("plc-5", List.of(reading("lossy/third", 3, "node-lossy", 3)));
      for (Mesh m : List.of(a, b, c)) {
        await().atMost(WAIT).until(() -> m.tagTable().readings(TagPath.of("lossy")).size() == 3);
      }
      assertEquals(gapsBefore + 1, b.stats().sequenceGaps());
      for (Mesh m : List.of(a, b, c)) {
        assertEquals(
            Optional.of("plc-5"),
            m.tagTable().sourceOf(TagPath.of("lossy/lost")),
            "repaired with its source on " + m.name());
      }
      assertTrue(lossy.stats().snapshotsServed() >= 3, "each peer asked the sender itself");
    } finally {
      lossy.close();
    }
  }

  /** Wraps a fanout and drops the envelopes {@code drop} says to. */
  private record DroppingFanout(Fanout inner, BooleanSupplier drop) implements Fanout {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void publish(byte[] envelope) {
      if (!drop.getAsBoolean()) {
        inner.publish(envelope);
      }
    }

    @Override
    public void listen(Receiver receiver) {
      inner.listen(receiver);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static Registration subscribeSequences(
      Mesh m, TagPath prefix, Map<TagPath, List<Long>> seen) {
    return m.tagTable()
        .subscribe(
            prefix,
            false,
            changes -> {
              for (Reading r : changes) {
                seen.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r.sequence());
              }
            });
  }

  /** Batches as an OPC UA source hands them: sequences increase, source times with them. */
  private static void burst(
      Mesh m, String prefix, String origin, int batches, int tags, int perBatch) {
    Instant t0 = Instant.parse("2026-11-25T08:00:00Z");
    long seq = 0;
    List<TagPath> paths = new ArrayList<>();
    for (int i = 0; i < tags; i++) {
      paths.add(TagPath.of(prefix + "/tag-" + i));
    }
    for (int b = 0; b < batches; b++) {
      List<Reading> batch = new ArrayList<>(perBatch);
      for (int i = 0; i < perBatch; i++) {
        seq++;
        Instant t = t0.plusNanos(seq * 1000);
        batch.add(
            new Reading(
                paths.get((int) (seq % tags)),
                new Value.Float64(seq),
                io.plantmesh.core.Quality.GOOD,
                t,
                t,
                Instant.now(),
                origin,
                seq));
      }
      m.tagTable().publish("plc", batch);
    }
  }

  private static void publishTags(Mesh m, String prefix, int n, String origin) {
    publishTags(m, prefix, n, origin, "plc");
  }

  private static void publishTags(Mesh m, String prefix, int n, String origin, String sourceId) {
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(reading(prefix + "/tag-" + i, i, origin, i + 1));
    }
    m.tagTable().publish(sourceId, batch);
  }
}
