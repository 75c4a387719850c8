package io.plantmesh.kafka.forward;

import static io.plantmesh.kafka.forward.Fixtures.config;
import static io.plantmesh.kafka.forward.Fixtures.outbox;
import static io.plantmesh.kafka.forward.Fixtures.topics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.kafka.testkit.MesConsumer.Received;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for a sustained period under load and comes back: every summary produced
 * meanwhile arrives, each id once after deduplication, in order per tag, and live summaries flow
 * again before the backlog has drained.
 */
class LinkCutTest {
  private static final int TAGS = 20;

  @Test
  void nothingIsLostAcrossAnOutageAndLiveDataIsNotHeldBack(@TempDir Path dir) throws Exception {
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start()) {
      UplinkConfig c =
          topics(config(broker.bootstrapServers(), "n1"), "cut")
              .withReplay(new UplinkConfig.Replay(300, 100, 0.5));
      for (String t : c.topics().all()) {
        broker.createTopic(t, 3);
      }
      SummaryFeed feed = new SummaryFeed(TAGS, "n1");
      Set<String> appended = ConcurrentHashMap.newKeySet();
      Set<String> afterRestart = ConcurrentHashMap.newKeySet();
      AtomicInteger phase = new AtomicInteger();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      try (Outbox outbox = outbox(dir.resolve("outbox"));
          Forwarder f = Forwarder.toKafka(outbox, c)) {
        // 20 summaries every 50 ms: 400 a second.
        load.scheduleAtFixedRate(
            () -> {
              List<OutboxRecord> batch = feed.next();
              outbox.append(batch);
              batch.forEach(r -> appended.add(r.id()));
              if (phase.get() == 2) {
                batch.forEach(r -> afterRestart.add(r.id()));
              }
            },
            0,
            50,
            TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.stats().sentLive() >= 400);

        broker.stop();
        phase.set(1);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.links().get(0).state() == LinkState.DOWN);
        long backlogAtDown = outbox.stats().backlogRecords();
        // A sustained outage: the backlog grows well past what one replay second takes.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> outbox.stats().backlogRecords() >= backlogAtDown + 1_600);

        broker.start();
        phase.set(2);
        try (MesConsumer consumer = new MesConsumer(broker.clientConfig(), c.topics().all())) {
          await().atMost(Duration.ofSeconds(30)).until(() -> afterRestart.size() >= 2_000);
          load.shutdown();
          assertTrue(load.awaitTermination(5, TimeUnit.SECONDS));
          await().atMost(Duration.ofSeconds(60)).until(() -> consumer.ids().containsAll(appended));
          await().until(() -> outbox.stats().backlogRecords() == 0);

          List<Received> got = consumer.received();
          assertEquals(appended, consumer.ids(), "every id arrived, none invented");
          ForwarderTest.assertInOrderPerTag(got);
          int firstLiveAfterRestart = -1;
          int lastReplayed = -1;
          for (int i = 0; i < got.size(); i++) {
            Received r = got.get(i);
            if (r.replayed()) {
              lastReplayed = i;
            } else if (firstLiveAfterRestart < 0 && afterRestart.contains(r.id())) {
              firstLiveAfterRestart = i;
            }
          }
          assertTrue(lastReplayed > 0, "the outage left a backlog");
          assertTrue(
              firstLiveAfterRestart >= 0 && firstLiveAfterRestart < lastReplayed,
              "live summaries flowed before the backlog drained: first live at "
                  + firstLiveAfterRestart
                  + ", last replayed at "
                  + lastReplayed);
          long duplicates = got.size() - consumer.ids().size();
          System.out.printf(
              "link cut: %d summaries, %d replayed, %d duplicates on the wire, %d failed sends%n",
              appended.size(),
              got.stream().filter(Received::replayed).count(),
              duplicates,
              f.stats().failed());
        }
      } finally {
        load.shutdownNow();
      }
    }
  }
}
