package io.plantmesh.kafka.forward;

import static io.plantmesh.kafka.forward.Fixtures.config;
import static io.plantmesh.kafka.forward.Fixtures.outbox;
import static io.plantmesh.kafka.forward.Fixtures.topics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.summary.SchemaCheck;
import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.kafka.testkit.MesConsumer.Received;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Priority;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forwarder against a real in-process KRaft broker. */
class ForwarderTest {
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.builder().build().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static UplinkConfig withTopics(String prefix) {
    UplinkConfig c = topics(config(broker.bootstrapServers(), "n1"), prefix);
    for (String t : c.topics().all()) {
      broker.createTopic(t, 3);
    }
    return c;
  }

  private static Set<String> ids(List<OutboxRecord> records) {
    return records.stream().map(OutboxRecord::id).collect(Collectors.toSet());
  }

  @Test
  void liveSummariesGoOutAtOnceValidAndLeaveTheOutbox(@TempDir Path dir) throws Exception {
    UplinkConfig c = withTopics("live");
    SummaryFeed feed = new SummaryFeed(50, "n1");
    try (Outbox outbox = outbox(dir);
        Forwarder f = Forwarder.toKafka(outbox, c);
        MesConsumer consumer = new MesConsumer(broker.clientConfig(), c.topics().all())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> f.links().get(0).state() == LinkState.UP);
      List<OutboxRecord> sent = feed.next(20);
      outbox.append(sent);
      await().atMost(Duration.ofSeconds(20)).until(() -> consumer.ids().size() == sent.size());
      await().until(() -> outbox.stats().backlogRecords() == 0);
      List<Received> got = consumer.received();
      assertEquals(ids(sent), consumer.ids());
      for (Received r : got) {
        assertFalse(r.replayed(), "appended while the link was up: live");
        assertEquals("n1", r.node());
        assertEquals(c.topics().summaries(), r.topic());
        assertTrue(r.id().startsWith(r.key() + "@"), "key = tag path, id = tag@window: " + r.id());
        assertTrue(SchemaCheck.errors(r.json()).isEmpty(), () -> "schema errors in " + r.json());
      }
      assertInOrderPerTag(got);
      ForwarderStats s = f.stats();
      assertEquals(sent.size(), s.sentLive());
      assertEquals(0, s.sentReplayed());
      assertEquals("kafka", s.activeRoute());
    }
  }

  @Test
  void recordsStoredBeforeTheLinkCameUpAreReplayedAndMarked(@TempDir Path dir) throws Exception {
    UplinkConfig c = withTopics("stored");
    SummaryFeed feed = new SummaryFeed(10, "n1");
    List<OutboxRecord> stored = feed.next(30);
    List<OutboxRecord> alarms =
        List.of(
            new OutboxRecord(Priority.ALARM, "plant1/line1/oven", "alarm-1", "{}".getBytes()),
            new OutboxRecord(Priority.EVENT, "plant1/line1/oven", "event-1", "{}".getBytes()));
    try (Outbox outbox = outbox(dir)) {
      outbox.append(stored);
      outbox.append(alarms);
      try (Forwarder f = Forwarder.toKafka(outbox, c);
          MesConsumer consumer = new MesConsumer(broker.clientConfig(), c.topics().all())) {
        await().atMost(Duration.ofSeconds(20)).until(() -> f.stats().sentReplayed() == 302);
        List<OutboxRecord> live = feed.next(2);
        outbox.append(live);
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.ids().size() == 322);
        Map<String, Received> byId =
            consumer.received().stream()
                .collect(Collectors.toMap(Received::id, r -> r, (a, b) -> a));
        stored.forEach(r -> assertTrue(byId.get(r.id()).replayed(), r.id()));
        live.forEach(r -> assertFalse(byId.get(r.id()).replayed(), r.id()));
        assertEquals(c.topics().alarms(), byId.get("alarm-1").topic());
        assertEquals(c.topics().events(), byId.get("event-1").topic());
        assertInOrderPerTag(consumer.received());
      }
    }
  }

  @Test
  void anUnreachableBrokerAtStartUpLeavesTheLinkDownAndTheRecordsStored(@TempDir Path dir)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    UplinkConfig c = topics(config("127.0.0.1:" + port, "n1"), "late");
    SummaryFeed feed = new SummaryFeed(20, "n1");
    try (Outbox outbox = outbox(dir.resolve("outbox"));
        Forwarder f = Forwarder.toKafka(outbox, c)) {
      List<OutboxRecord> stored = feed.next(10);
      outbox.append(stored);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> f.links().get(0).reason().contains("127.0.0.1:" + port));
      LinkStatus down = f.links().get(0);
      assertEquals(LinkState.DOWN, down.state());
      assertTrue(down.nextProbe() != null, "a DOWN link says when it is probed next");
      assertEquals(stored.size(), outbox.stats().backlogRecords(), "nothing lost, nothing sent");
      assertEquals(null, f.stats().activeRoute());
      // The broker appears on that address: the stored records go out, marked replayed.
      try (KafkaBroker late =
          KafkaBroker.builder().port(port).dataDir(dir.resolve("kafka")).build().start()) {
        for (String t : c.topics().all()) {
          late.createTopic(t, 3);
        }
        try (MesConsumer consumer = new MesConsumer(late.clientConfig(), c.topics().all())) {
          await().atMost(Duration.ofSeconds(30)).until(() -> consumer.ids().equals(ids(stored)));
          assertTrue(consumer.received().stream().allMatch(Received::replayed));
          await().until(() -> outbox.stats().backlogRecords() == 0);
        }
      }
    }
  }

  @Test
  void aMissingTopicIsAClearErrorUntilItExists(@TempDir Path dir) throws Exception {
    UplinkConfig c = topics(config(broker.bootstrapServers(), "n1"), "missing");
    try (Outbox outbox = outbox(dir);
        Forwarder f = Forwarder.toKafka(outbox, c)) {
      outbox.append(new SummaryFeed(5, "n1").next(2));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> f.links().get(0).reason().contains("do not exist"));
      String reason = f.links().get(0).reason();
      assertTrue(reason.contains("missing.summaries"), reason);
      assertTrue(reason.contains("uplink.topics.create"), reason);
      assertEquals(LinkState.DOWN, f.links().get(0).state());
      assertEquals(10, outbox.stats().backlogRecords());
      for (String t : c.topics().all()) {
        broker.createTopic(t, 3);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> outbox.stats().backlogRecords() == 0);
    }
  }

  @Test
  void topicsAreCreatedWhenAllowedAndAClearErrorWhenTheyCannotBe(@TempDir Path dir)
      throws Exception {
    UplinkConfig base = config(broker.bootstrapServers(), "n1");
    UplinkConfig impossible =
        base.withTopics(new UplinkConfig.Topics("rf3.s", "rf3.a", "rf3.e", "", true, 3, (short) 3));
    try (Outbox outbox = outbox(dir.resolve("a"));
        Forwarder f = Forwarder.toKafka(outbox, impossible)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> f.links().get(0).reason().contains("cannot be created"));
      String reason = f.links().get(0).reason();
      assertTrue(reason.contains("replication factor"), reason);
    }
    UplinkConfig creating =
        base.withTopics(
            new UplinkConfig.Topics("made.s", "made.a", "made.e", "", true, 2, (short) 1));
    SummaryFeed feed = new SummaryFeed(5, "n1");
    try (Outbox outbox = outbox(dir.resolve("b"));
        Forwarder f = Forwarder.toKafka(outbox, creating)) {
      outbox.append(feed.next(4));
      await().atMost(Duration.ofSeconds(20)).until(() -> outbox.stats().backlogRecords() == 0);
      assertEquals(20, f.stats().sentReplayed() + f.stats().sentLive());
    }
  }

  /**
   * Per tag, the records a consumer reads are in window order among the live ones and among the
   * replayed ones (after deduplication by id), on each topic: the MES contract.
   */
  static void assertInOrderPerTag(List<Received> received) {
    Set<String> seen = new HashSet<>();
    Map<String, String> lastLive = new java.util.HashMap<>();
    Map<String, String> lastReplayed = new java.util.HashMap<>();
    for (Received r : received) {
      if (!seen.add(r.id())) {
        continue;
      }
      Map<String, String> last = r.replayed() ? lastReplayed : lastLive;
      String prev = last.put(r.topic() + "/" + r.key(), r.id());
      if (prev != null) {
        assertTrue(
            prev.compareTo(r.id()) < 0,
            "out of order for " + r.key() + ": " + prev + " then " + r.id());
      }
    }
  }
}
