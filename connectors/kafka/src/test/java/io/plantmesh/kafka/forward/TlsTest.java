package io.plantmesh.kafka.forward;

import static io.plantmesh.kafka.forward.Fixtures.config;
import static io.plantmesh.kafka.forward.Fixtures.outbox;
import static io.plantmesh.kafka.forward.Fixtures.topics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.outbox.Outbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on a real broker: the broker's client listener speaks SSL with a certificate made by the
 * JDK's keytool (SAN 127.0.0.1); the forwarder trusts its CA from a PEM file and verifies the host
 * name. A broker certificate the node does not trust is a clear error, and nothing is sent.
 */
class TlsTest {
  private static final String STORE_PASSWORD = "broker-Store-9271";

  @Test
  void tlsWithATrustedCaDeliversAndAnUntrustedOneIsAClearError(@TempDir Path dir) throws Exception {
    Path brokerStore = dir.resolve("broker.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype",
        "PKCS12",
        "-keystore",
        brokerStore.toString(),
        "-storepass",
        STORE_PASSWORD);
    Path ca = dir.resolve("ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        brokerStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        ca.toString());
    Path otherStore = dir.resolve("other.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "other",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=someone-else",
        "-storetype",
        "PKCS12",
        "-keystore",
        otherStore.toString(),
        "-storepass",
        STORE_PASSWORD);
    Path otherCa = dir.resolve("other.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "other",
        "-keystore",
        otherStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        otherCa.toString());

    try (KafkaBroker broker =
        KafkaBroker.builder()
            .brokerProperty(
                "listener.security.protocol.map",
                "CLIENT:SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT")
            .brokerProperty("listener.name.client.ssl.keystore.location", brokerStore.toString())
            .brokerProperty("listener.name.client.ssl.keystore.password", STORE_PASSWORD)
            .brokerProperty("listener.name.client.ssl.keystore.type", "PKCS12")
            .build()
            .start()) {
      UplinkConfig trusted = tls(broker, "tls", ca);
      for (String t : trusted.topics().all()) {
        broker.createTopic(t, 1);
      }
      try (Outbox outbox = outbox(dir.resolve("ok"));
          Forwarder f = Forwarder.toKafka(outbox, trusted)) {
        outbox.append(new SummaryFeed(5, "n1").next(4));
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.stats().backlogRecords() == 0);
        assertEquals(20, f.stats().sentLive() + f.stats().sentReplayed());
      }
      Map<String, Object> plain = Map.of("bootstrap.servers", broker.internalBootstrapServers());
      try (MesConsumer consumer =
          new MesConsumer(plain, java.util.Set.of(trusted.topics().summaries()))) {
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.ids().size() == 20);
      }

      UplinkConfig untrusted = tls(broker, "tls", otherCa);
      try (Outbox outbox = outbox(dir.resolve("refused"));
          Forwarder f = Forwarder.toKafka(outbox, untrusted)) {
        outbox.append(new SummaryFeed(5, "n1").next(2));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> f.links().get(0).reason().contains("SslAuthenticationException"));
        assertTrue(
            f.links().get(0).reason().contains("uplink.security.tls.truststore"),
            f.links().get(0).reason());
        assertEquals(LinkState.DOWN, f.links().get(0).state());
        assertEquals(10, outbox.stats().backlogRecords(), "kept until the trust is fixed");
      }
    }
  }

  private static UplinkConfig tls(KafkaBroker broker, String prefix, Path ca) {
    UplinkConfig parsed =
        UplinkConfig.fromMap(
            Map.of(
                "bootstrap-servers",
                broker.bootstrapServers(),
                "security",
                Map.of("protocol", "SSL", "tls", Map.of("truststore", ca.toString()))),
            "n1",
            Map.of());
    assertTrue(parsed.security().verifyHostname());
    return topics(config(broker.bootstrapServers(), "n1"), prefix).withSecurity(parsed.security());
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), () -> "keytool " + String.join(" ", args) + ": " + out);
  }
}
