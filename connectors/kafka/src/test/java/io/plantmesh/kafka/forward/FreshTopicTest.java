package io.plantmesh.kafka.forward;

import static io.plantmesh.kafka.forward.Fixtures.config;
import static io.plantmesh.kafka.forward.Fixtures.outbox;
import static io.plantmesh.kafka.forward.Fixtures.topics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trap seen with kafka-clients 4.2.1 on a fresh KRaft broker: producing within milliseconds of
 * creating a topic got NOT_LEADER, then the idempotent producer looped on out-of-order sequence
 * errors until delivery.timeout.ms failed the records. Here the forwarder waits with records stored
 * while the topics do not exist, probing every 50 ms; the topics are created without waiting for
 * their leaders, so the first sends race the election. Whatever the producer does, every record
 * must arrive and none may stay behind.
 */
class FreshTopicTest {
  @Test
  void recordsSentIntoATopicCreatedAMomentBeforeAreNotLost(@TempDir Path dir) throws Exception {
    try (KafkaBroker broker = KafkaBroker.builder().build().start()) {
      long failedSends = 0;
      for (int round = 0; round < 3; round++) {
        UplinkConfig c =
            topics(config(broker.bootstrapServers(), "n1"), "fresh" + round)
                .withLink(
                    new UplinkConfig.Link(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(50),
                        Duration.ofMillis(50)));
        List<OutboxRecord> records = new SummaryFeed(100, "n1").next(10);
        try (Outbox outbox = outbox(dir.resolve("outbox" + round));
            Forwarder f = Forwarder.toKafka(outbox, c)) {
          outbox.append(records);
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> f.links().get(0).reason().contains("do not exist"));
          try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin
                .createTopics(
                    c.topics().all().stream()
                        .map(t -> new NewTopic(t, 6, (short) 1))
                        .collect(Collectors.toList()))
                .all()
                .get();
          }
          // Live records too, while the partitions may still be electing their leaders.
          List<OutboxRecord> live = new SummaryFeed(100, "n2").next(2);
          outbox.append(live);
          await().atMost(Duration.ofSeconds(60)).until(() -> outbox.stats().backlogRecords() == 0);
          failedSends += f.stats().failed();
          Set<String> expected = records.stream().map(OutboxRecord::id).collect(Collectors.toSet());
          live.forEach(r -> expected.add(r.id()));
          try (MesConsumer consumer = new MesConsumer(broker.clientConfig(), c.topics().all())) {
            await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> consumer.ids().size() >= expected.size());
            assertEquals(expected, consumer.ids(), "round " + round);
            ForwarderTest.assertInOrderPerTag(consumer.received());
          }
        }
      }
      System.out.printf(
          "fresh topics: %d failed sends over 3 rounds (each one sent again)%n", failedSends);
    }
  }
}
