package io.plantmesh.kafka.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

class BrokerProcessTest {

  @Test
  void aBrokerKilledWithSigkillComesBackOnTheSamePortWithItsAcknowledgedRecords() throws Exception {
    Path dataDir;
    try (BrokerProcess broker = BrokerProcess.builder().build().start().awaitReady()) {
      dataDir = broker.dataDir();
      System.out.println("process start-up (to ready) " + broker.lastStartUp().toMillis() + " ms");
      broker.createTopic("crash", 2);
      try (KafkaProducer<String, String> p = Records.producer(broker.clientConfig())) {
        Records.sendAll(p, "crash", Records.values("before", 200));
      }
      long pid = broker.pid();

      broker.kill();
      assertFalse(broker.isAlive());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

      broker.start().awaitReady();
      System.out.println(
          "process restart after kill -9 " + broker.lastStartUp().toMillis() + " ms");
      assertNotEquals(pid, broker.pid());
      try (KafkaProducer<String, String> p = Records.producer(broker.clientConfig())) {
        Records.sendAll(p, "crash", Records.values("after", 20));
      }
      List<String> expected = new ArrayList<>(Records.values("before", 200));
      expected.addAll(Records.values("after", 20));
      assertEquals(
          expected.stream().sorted().toList(),
          Records.readAll(broker.clientConfig(), "crash", 220).stream().sorted().toList());

      String log = Files.readString(broker.logFile());
      assertTrue(log.contains("=== start 2"), "the log file spans both starts");
      assertTrue(log.contains("Kafka Server started"), "the broker logs at INFO into its file");
    }
    assertFalse(Files.exists(dataDir), "the temp data dir is deleted on close");
  }
}
