package io.plantmesh.kafka.forward;

import static io.plantmesh.kafka.forward.Fixtures.config;
import static io.plantmesh.kafka.forward.Fixtures.outbox;
import static io.plantmesh.kafka.forward.Fixtures.topics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.forward.UplinkConfig.Mechanism;
import io.plantmesh.kafka.forward.internal.ProducerSettings;
import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.kafka.testkit.SaslMechanism;
import io.plantmesh.outbox.Outbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SASL (SCRAM and PLAIN) on a real broker: right credentials work, wrong ones say so clearly. */
class CredentialsTest {
  private static final String SCRAM_PASSWORD = "scram-Secret-4711";
  private static final String PLAIN_PASSWORD = "plain-Secret-0815";
  private static final String WRONG_PASSWORD = "wrong-Secret-1234";
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker =
        KafkaBroker.builder()
            .scramUser("edge", SCRAM_PASSWORD)
            .plainUser("mes", PLAIN_PASSWORD)
            .build()
            .start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static UplinkConfig sasl(String prefix, Map<String, ?> security) {
    Map<String, String> env =
        Map.of("SCRAM_PW", SCRAM_PASSWORD, "PLAIN_PW", PLAIN_PASSWORD, "WRONG_PW", WRONG_PASSWORD);
    UplinkConfig parsed =
        UplinkConfig.fromMap(
            Map.of("bootstrap-servers", broker.bootstrapServers(), "security", security),
            "n1",
            env);
    UplinkConfig c = topics(config(broker.bootstrapServers(), "n1"), prefix);
    return c.withSecurity(parsed.security());
  }

  private static Map<String, ?> security(String mechanism, String user, String passwordRef) {
    return Map.of(
        "protocol",
        "SASL_PLAINTEXT",
        "sasl",
        Map.of("mechanism", mechanism, "username", user, "password", passwordRef));
  }

  @Test
  void scramAndPlainWithTheRightPasswordsDeliver(@TempDir Path dir) throws Exception {
    for (String mechanism : new String[] {"SCRAM-SHA-512", "PLAIN"}) {
      boolean scram = mechanism.startsWith("SCRAM");
      String prefix = scram ? "scram" : "plain";
      UplinkConfig c =
          sasl(
              prefix,
              security(mechanism, scram ? "edge" : "mes", scram ? "env:SCRAM_PW" : "env:PLAIN_PW"));
      for (String t : c.topics().all()) {
        broker.createTopic(t, 1);
      }
      try (Outbox outbox = outbox(dir.resolve(prefix));
          Forwarder f = Forwarder.toKafka(outbox, c)) {
        outbox.append(new SummaryFeed(5, "n1").next(3));
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox.stats().backlogRecords() == 0);
        assertEquals(15, f.stats().sentLive() + f.stats().sentReplayed(), mechanism);
      }
    }
    Map<String, Object> client =
        broker.clientConfig(SaslMechanism.SCRAM_SHA_512, "edge", SCRAM_PASSWORD);
    try (MesConsumer consumer = new MesConsumer(client, java.util.Set.of("scram.summaries"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> consumer.ids().size() == 15);
    }
  }

  @Test
  void wrongCredentialsAreAClearErrorAndNoSecretIsLogged(@TempDir Path dir) throws Exception {
    UplinkConfig c = sasl("denied", security("SCRAM-SHA-512", "edge", "env:WRONG_PW"));
    for (String t : c.topics().all()) {
      broker.createTopic(t, 1);
    }
    assertEquals(Mechanism.SCRAM_SHA_512, c.security().mechanism());
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
    try (Outbox outbox = outbox(dir);
        Forwarder f = Forwarder.toKafka(outbox, c)) {
      outbox.append(new SummaryFeed(5, "n1").next(2));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> f.links().get(0).reason().contains("Authentication failed"));
      LinkStatus link = f.links().get(0);
      assertEquals(LinkState.DOWN, link.state());
      assertTrue(link.reason().contains("uplink.security.sasl.username"), link.reason());
      assertEquals(10, outbox.stats().backlogRecords(), "kept for when the credentials are fixed");
      assertFalse(link.reason().contains(WRONG_PASSWORD));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("Authentication failed"), "the failure is logged:\n" + log);
    assertFalse(log.contains(WRONG_PASSWORD), "no secret in the log");
    assertFalse(log.contains(SCRAM_PASSWORD));
    // Were Kafka to log its configuration, the secret would print as [hidden].
    ProducerConfig pc = new ProducerConfig(ProducerSettings.producer(c));
    assertEquals("[hidden]", String.valueOf(pc.values().get("sasl.jaas.config")));
  }

  /** Writes to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
