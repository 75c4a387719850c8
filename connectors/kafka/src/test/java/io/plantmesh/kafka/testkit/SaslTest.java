package io.plantmesh.kafka.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SASL/PLAIN and SASL/SCRAM-SHA-512 users on the client listener, in-process and in a JVM. */
class SaslTest {
  private static KafkaBroker broker;

  @BeforeAll
  static void start() {
    broker =
        KafkaBroker.builder()
            .plainUser("alice", "alice-secret")
            .scramUser("bob", "bob-secret")
            .build()
            .start();
    broker.createTopic("sasl", 1);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void plainUserWithTheRightPasswordProducesAndConsumes() {
    Map<String, Object> alice = broker.clientConfig(SaslMechanism.PLAIN, "alice", "alice-secret");
    roundTrip(alice, "plain");
  }

  @Test
  void scramUserWithTheRightPasswordProducesAndConsumes() {
    Map<String, Object> bob = broker.clientConfig(SaslMechanism.SCRAM_SHA_512, "bob", "bob-secret");
    roundTrip(bob, "scram");
  }

  @Test
  void wrongPasswordsFailWithSaslAuthenticationException() {
    assertAuthenticationFails(broker.clientConfig(SaslMechanism.PLAIN, "alice", "wrong-secret"));
    assertAuthenticationFails(
        broker.clientConfig(SaslMechanism.SCRAM_SHA_512, "bob", "wrong-secret"));
    // The SCRAM user is not a PLAIN user, and the reverse.
    assertAuthenticationFails(broker.clientConfig(SaslMechanism.PLAIN, "bob", "bob-secret"));
    assertAuthenticationFails(
        broker.clientConfig(SaslMechanism.SCRAM_SHA_512, "alice", "alice-secret"));
  }

  @Test
  void aBrokerProcessTakesTheSameUsers() {
    try (BrokerProcess process =
        BrokerProcess.builder().scramUser("carol", "carol-secret").build().start().awaitReady()) {
      process.createTopic("sasl", 1);
      roundTrip(process.clientConfig(SaslMechanism.SCRAM_SHA_512, "carol", "carol-secret"), "p");
      assertAuthenticationFails(
          process.clientConfig(SaslMechanism.SCRAM_SHA_512, "carol", "wrong-secret"));
    }
  }

  private static void roundTrip(Map<String, Object> config, String prefix) {
    try (KafkaProducer<String, String> p = Records.producer(config)) {
      Records.sendAll(p, "sasl", Records.values(prefix, 10));
    }
    List<String> read = Records.readAll(config, "sasl", 10);
    assertEquals(
        Records.values(prefix, 10), read.stream().filter(v -> v.startsWith(prefix + "-")).toList());
  }

  private static void assertAuthenticationFails(Map<String, Object> config) {
    Map<String, Object> c = new HashMap<>(config);
    c.put("max.block.ms", "10000");
    try (KafkaProducer<String, String> p = Records.producer(c)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> p.send(new ProducerRecord<>("sasl", "v")).get(20, TimeUnit.SECONDS));
      assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
    }
  }
}
