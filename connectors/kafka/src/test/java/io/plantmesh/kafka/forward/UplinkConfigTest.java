package io.plantmesh.kafka.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.forward.internal.ProducerSettings;
import io.plantmesh.outbox.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UplinkConfigTest {
  private static final Map<String, String> ENV = Map.of("KAFKA_PASSWORD", "s3cr3t-Pa55");

  private static UplinkConfig load(Map<String, ?> m) {
    return UplinkConfig.fromMap(m, "n1", ENV);
  }

  private static String error(Map<String, ?> m) {
    return assertThrows(IllegalArgumentException.class, () -> load(m)).getMessage();
  }

  @Test
  void defaultsNeedOnlyTheBrokers() {
    UplinkConfig c = load(Map.of("bootstrap-servers", "k1:9092, k2:9092"));
    assertEquals(List.of("k1:9092", "k2:9092"), c.bootstrapServers());
    assertEquals("plantmesh-n1", c.clientId());
    assertEquals("plantmesh.summaries", c.topics().of(Priority.SUMMARY, true));
    assertEquals("plantmesh.alarms", c.topics().of(Priority.ALARM, false));
    assertEquals("lz4", c.tuning().compression());
    assertEquals(5_000, c.replay().rate());
    Map<String, Object> p = ProducerSettings.producer(c);
    assertEquals("all", p.get("acks"));
    assertEquals(true, p.get("enable.idempotence"));
    assertEquals("PLAINTEXT", p.get("security.protocol"));
  }

  @Test
  void everyKeyIsRead() {
    UplinkConfig c =
        load(
            Map.of(
                "bootstrap-servers",
                List.of("kafka.plant:9093"),
                "client-id",
                "edge-7",
                "topics",
                Map.of("summaries", "mes.sum", "replay-suffix", ".replay", "create", "true"),
                "security",
                Map.of(
                    "protocol",
                    "sasl_plaintext",
                    "sasl",
                    Map.of(
                        "mechanism", "SCRAM-SHA-512",
                        "username", "edge",
                        "password", "env:KAFKA_PASSWORD")),
                "compression",
                "zstd",
                "linger",
                "50ms",
                "replay",
                Map.of("rate", 200, "batch", 50, "share", "0.25"),
                "link",
                Map.of("degraded-after", "2s", "down-after", "6s"),
                "producer",
                Map.of("buffer.memory", "8388608")));
    assertEquals("mes.sum.replay", c.topics().of(Priority.SUMMARY, true));
    assertEquals("mes.sum", c.topics().of(Priority.SUMMARY, false));
    assertTrue(c.topics().create());
    assertEquals(UplinkConfig.Mechanism.SCRAM_SHA_512, c.security().mechanism());
    assertEquals(Duration.ofMillis(50), c.tuning().linger());
    assertEquals(0.25, c.replay().share());
    assertEquals(Duration.ofSeconds(6), c.link().downAfter());
    Map<String, Object> p = ProducerSettings.producer(c);
    assertEquals("zstd", p.get("compression.type"));
    assertEquals("8388608", p.get("buffer.memory"));
    assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
    assertTrue(String.valueOf(p.get("sasl.jaas.config")).contains("username=\"edge\""));
    assertFalse(c.toString().contains("s3cr3t"), "the config's text never shows the secret");
  }

  @Test
  void badInputNamesKeyValueAndReason() {
    assertTrue(error(Map.of()).contains("uplink.bootstrap-servers is required"));
    assertTrue(error(Map.of("bootstrap-servers", "kafka")).contains("'kafka' is not host:port"));
    assertTrue(
        error(Map.of("bootstrap-servers", "k:1", "linger-ms", "5"))
            .contains("uplink.linger-ms is not a known key"));
    assertTrue(
        error(Map.of("bootstrap-servers", "k:1", "compression", "brotli"))
            .contains("uplink.compression: 'brotli'"));
    assertTrue(
        error(Map.of("bootstrap-servers", "k:1", "replay", Map.of("rate", "fast")))
            .contains("uplink.replay.rate: 'fast' is not a whole number"));
    assertTrue(
        error(Map.of("bootstrap-servers", "k:1", "topics", Map.of("alarms", "a b")))
            .contains("uplink.topics.alarms: 'a b' is not a valid Kafka topic name"));
    assertTrue(
        error(Map.of("bootstrap-servers", "k:1", "producer", Map.of("acks", "1")))
            .contains("uplink.producer.acks may not be overridden"));
    assertTrue(
        error(Map.of("bootstrap-servers", "k:1", "delivery-timeout", "1s"))
            .contains("uplink.delivery-timeout"));
    assertTrue(
        error(
                Map.of(
                    "bootstrap-servers",
                    "k:1",
                    "link",
                    Map.of("degraded-after", "10s", "down-after", "5s")))
            .contains("uplink.link.down-after"));
  }

  @Test
  void aPemTruststoreHasNoPassword(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "-----BEGIN");
    Map<String, Object> tls = Map.of("truststore", ca.toString());
    UplinkConfig ok =
        load(Map.of("bootstrap-servers", "k:1", "security", Map.of("protocol", "SSL", "tls", tls)));
    assertEquals("PEM", ProducerSettings.producer(ok).get("ssl.truststore.type"));
    String msg =
        error(
            Map.of(
                "bootstrap-servers",
                "k:1",
                "security",
                Map.of(
                    "protocol",
                    "SSL",
                    "tls",
                    Map.of(
                        "truststore",
                        ca.toString(),
                        "truststore-password",
                        "env:KAFKA_PASSWORD"))));
    assertTrue(msg.contains("uplink.security.tls.truststore-password: a PEM truststore"), msg);
  }

  @Test
  void secretsAreReferencesNeverInline() {
    Map<String, Object> sasl =
        Map.of("mechanism", "PLAIN", "username", "edge", "password", "hunter2");
    String msg =
        error(
            Map.of(
                "bootstrap-servers",
                "k:1",
                "security",
                Map.of("protocol", "SASL_SSL", "sasl", sasl)));
    assertTrue(msg.contains("uplink.security.sasl.password"), msg);
    assertTrue(msg.contains("must not be written inline"), msg);
    assertFalse(msg.contains("hunter2"), msg);
    String missing =
        error(
            Map.of(
                "bootstrap-servers",
                "k:1",
                "security",
                Map.of(
                    "protocol",
                    "SASL_PLAINTEXT",
                    "sasl",
                    Map.of("mechanism", "PLAIN", "username", "u", "password", "env:NOPE"))));
    assertTrue(missing.contains("environment variable 'NOPE' is not set"), missing);
    assertTrue(
        error(
                Map.of(
                    "bootstrap-servers",
                    "k:1",
                    "security",
                    Map.of("protocol", "SASL_PLAINTEXT", "sasl", Map.of("mechanism", "GSSAPI"))))
            .contains("'GSSAPI' is not supported"));
    assertTrue(
        error(
                Map.of(
                    "bootstrap-servers",
                    "k:1",
                    "security",
                    Map.of("protocol", "SSL", "tls", Map.of("truststore", "/nope/ca.p12"))))
            .contains("uplink.security.tls.truststore: '/nope/ca.p12' does not exist"));
  }
}
