package io.plantmesh.kafka.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

  @Test
  void keepsAcknowledgedRecordsOverAStopAndAStartOnTheSamePort() {
    Path dataDir;
    try (KafkaBroker broker = KafkaBroker.builder().build().start()) {
      dataDir = broker.dataDir();
      System.out.println(
          "in-process start-up (format included) " + broker.lastStartUp().toMillis() + " ms");
      broker.createTopic("restart", 3);
      try (KafkaProducer<String, String> p = Records.producer(broker.clientConfig())) {
        Records.sendAll(p, "restart", Records.values("before", 100));
      }
      String bootstrap = broker.bootstrapServers();

      long t0 = System.nanoTime();
      broker.stop();
      System.out.println("in-process stop " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      assertFalse(broker.isRunning());
      broker.start();
      System.out.println("in-process restart " + broker.lastStartUp().toMillis() + " ms");

      assertEquals(bootstrap, broker.bootstrapServers());
      try (KafkaProducer<String, String> p = Records.producer(broker.clientConfig())) {
        Records.sendAll(p, "restart", Records.values("after", 50));
      }
      List<String> expected = new ArrayList<>(Records.values("before", 100));
      expected.addAll(Records.values("after", 50));
      assertEquals(
          expected.stream().sorted().toList(),
          Records.readAll(broker.clientConfig(), "restart", 150).stream().sorted().toList());
      assertTrue(Files.exists(dataDir.resolve("kafka-logs").resolve("meta.properties")));
    }
    assertFalse(Files.exists(dataDir), "the temp data dir is deleted on close");
  }

  @Test
  void createTopicReturnsOnlyOnceEveryPartitionTakesRecordsAtOnce() throws Exception {
    try (KafkaBroker broker = KafkaBroker.builder().build().start()) {
      for (int t = 0; t < 5; t++) {
        String topic = "ready-" + t;
        broker.createTopic(topic, 3);
        // A fresh idempotent producer right away: no retry, no error on any partition.
        try (KafkaProducer<String, String> p = Records.producer(broker.clientConfig())) {
          List<Future<RecordMetadata>> acks = new ArrayList<>();
          for (int i = 0; i < 30; i++) {
            acks.add(p.send(new ProducerRecord<>(topic, i % 3, "k", "v" + i)));
          }
          for (Future<RecordMetadata> ack : acks) {
            ack.get(10, TimeUnit.SECONDS);
          }
          assertEquals(0.0, ProducerMetrics.total(p, "record-retry-total"), topic + " retries");
          assertEquals(0.0, ProducerMetrics.total(p, "record-error-total"), topic + " errors");
        }
      }
    }
  }

  @Test
  void withAutoCreateOffAnUnknownTopicIsNotCreated() throws Exception {
    try (KafkaBroker broker = KafkaBroker.builder().build().start()) {
      Map<String, Object> config = new HashMap<>(broker.clientConfig());
      config.put("max.block.ms", "1000");
      try (KafkaProducer<String, String> p = Records.producer(config)) {
        ExecutionException e =
            assertThrows(
                ExecutionException.class,
                () -> p.send(new ProducerRecord<>("unknown", "v")).get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("not present in metadata"), e.getMessage());
      }
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        assertFalse(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("unknown"));
      }
    }
  }

  @Test
  void autoCreatesWithTheDefaultPartitionsOnAFixedPortInAGivenDataDir(@TempDir Path dir)
      throws Exception {
    int port = FreePorts.pick();
    try (KafkaBroker broker =
        KafkaBroker.builder()
            .autoCreateTopics(true)
            .defaultPartitions(4)
            .port(port)
            .dataDir(dir)
            .build()
            .start()) {
      assertEquals("127.0.0.1:" + port, broker.bootstrapServers());
      try (KafkaProducer<String, String> p = Records.producer(broker.clientConfig())) {
        p.send(new ProducerRecord<>("auto", "v")).get(20, TimeUnit.SECONDS);
        assertEquals(4, p.partitionsFor("auto").size());
      }
    }
    assertTrue(
        Files.exists(dir.resolve("kafka-logs").resolve("meta.properties")),
        "a given data dir is kept on close");
  }
}
