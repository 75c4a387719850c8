package io.plantmesh.kafka.forward;

import static io.plantmesh.kafka.forward.Fixtures.config;
import static io.plantmesh.kafka.forward.Fixtures.outbox;
import static io.plantmesh.kafka.forward.Fixtures.topics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.testkit.BrokerProcess;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker, a separate JVM, is killed with {@code kill -9} while summaries flow, and restarted on
 * the same data: every summary arrives, and what the Outbox counted as acknowledged before the
 * crash is still in the topic.
 */
class BrokerCrashTest {
  @Test
  void aBrokerKilledMidStreamLosesNothing(@TempDir Path dir) throws Exception {
    try (BrokerProcess broker =
        BrokerProcess.builder().dataDir(dir.resolve("kafka")).build().start().awaitReady()) {
      UplinkConfig c = topics(config(broker.bootstrapServers(), "n1"), "crash");
      for (String t : c.topics().all()) {
        broker.createTopic(t, 3);
      }
      SummaryFeed feed = new SummaryFeed(10, "n1");
      Set<String> appended = ConcurrentHashMap.newKeySet();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      try (Outbox outbox = outbox(dir.resolve("outbox"));
          Forwarder f = Forwarder.toKafka(outbox, c)) {
        load.scheduleAtFixedRate(
            () -> {
              List<OutboxRecord> batch = feed.next();
              outbox.append(batch);
              batch.forEach(r -> appended.add(r.id()));
            },
            0,
            50,
            TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.stats().sentLive() >= 200);
        broker.kill();
        long acknowledgedBeforeCrash = f.stats().sentLive() + f.stats().sentReplayed();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.links().get(0).state() == LinkState.DOWN);
        broker.start().awaitReady();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> f.links().get(0).state() == LinkState.UP);
        load.shutdown();
        assertTrue(load.awaitTermination(5, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(60)).until(() -> outbox.stats().backlogRecords() == 0);
        try (MesConsumer consumer = new MesConsumer(broker.clientConfig(), c.topics().all())) {
          await().atMost(Duration.ofSeconds(30)).until(() -> consumer.ids().containsAll(appended));
          assertEquals(appended, consumer.ids());
          assertTrue(consumer.ids().size() >= acknowledgedBeforeCrash);
          ForwarderTest.assertInOrderPerTag(consumer.received());
          System.out.printf(
              "broker kill -9: %d summaries, %d acknowledged before the kill, %d duplicates%n",
              appended.size(),
              acknowledgedBeforeCrash,
              consumer.received().size() - consumer.ids().size());
        }
      } finally {
        load.shutdownNow();
      }
    }
  }
}
