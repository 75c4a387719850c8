package io.plantmesh.kafka.forward.internal;

import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.forward.UplinkConfig.Security;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The kafka-clients settings of an {@link UplinkConfig}. Secrets go only into Kafka's {@code
 * Password}-typed settings ({@code sasl.jaas.config}, {@code ssl.*.password}), which Kafka prints
 * as {@code [hidden]} when it logs its configuration.
 */
public final class ProducerSettings {
  private ProducerSettings() {}

  /** The producer: idempotent, acks=all, ordered per partition across retries. */
  public static Map<String, Object> producer(UplinkConfig c) {
    Map<String, Object> p = common(c, c.clientId());
    c.producerOverrides().forEach(p::put);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, c.tuning().compression());
    p.put(ProducerConfig.LINGER_MS_CONFIG, (int) c.tuning().linger().toMillis());
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, c.tuning().batchBytes());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) c.tuning().requestTimeout().toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) c.tuning().deliveryTimeout().toMillis());
    // send() must not stall the forwarder: metadata is fetched by the probe before sending starts.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock(c).toMillis());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** The admin client of the probe: same brokers and security. */
  public static Map<String, Object> admin(UplinkConfig c, Duration timeout) {
    Map<String, Object> p = common(c, c.clientId() + "-probe");
    int ms = (int) Math.max(100, timeout.toMillis());
    p.put("request.timeout.ms", ms);
    p.put("default.api.timeout.ms", ms);
    return p;
  }

  static Duration maxBlock(UplinkConfig c) {
    Duration r = c.tuning().requestTimeout();
    return r.compareTo(Duration.ofSeconds(2)) < 0 ? r : Duration.ofSeconds(2);
  }

  private static Map<String, Object> common(UplinkConfig c, String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", String.join(",", c.bootstrapServers()));
    p.put("client.id", clientId);
    p.put("reconnect.backoff.max.ms", 1000);
    Security s = c.security();
    p.put("security.protocol", s.protocol().name());
    if (s.mechanism() != null) {
      p.put("sasl.mechanism", s.mechanism().kafkaName);
      p.put(
          "sasl.jaas.config",
          s.mechanism().loginModule
              + " required username=\""
              + jaasEscape(s.username())
              + "\" password=\""
              + jaasEscape(s.password().reveal())
              + "\";");
    }
    if (s.truststore() != null) {
      p.put("ssl.truststore.location", s.truststore().toString());
      p.put("ssl.truststore.type", storeType(s.truststore()));
      if (s.truststorePassword() != null) {
        p.put("ssl.truststore.password", s.truststorePassword().reveal());
      }
    }
    if (s.keystore() != null) {
      p.put("ssl.keystore.location", s.keystore().toString());
      p.put("ssl.keystore.type", storeType(s.keystore()));
      p.put("ssl.keystore.password", s.keystorePassword().reveal());
      p.put("ssl.key.password", s.keystorePassword().reveal());
    }
    if (!s.verifyHostname()) {
      p.put("ssl.endpoint.identification.algorithm", "");
    }
    return p;
  }

  private static String storeType(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".jks")) {
      return "JKS";
    }
    if (n.endsWith(".pem") || n.endsWith(".crt")) {
      return "PEM";
    }
    return "PKCS12";
  }

  private static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
