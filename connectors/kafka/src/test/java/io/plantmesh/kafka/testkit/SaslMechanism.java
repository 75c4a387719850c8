package io.plantmesh.kafka.testkit;

import java.util.Map;

/** The SASL mechanisms a test broker offers on its client listener (over SASL_PLAINTEXT). */
public enum SaslMechanism {
  /** Passwords checked against the broker's JAAS config. */
  PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
  /** Salted credentials stored in the cluster metadata (written when the data dir is formatted). */
  SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

  private final String kafkaName;
  private final String loginModule;

  SaslMechanism(String kafkaName, String loginModule) {
    this.kafkaName = kafkaName;
    this.loginModule = loginModule;
  }

  /** The name Kafka uses ({@code sasl.mechanism}). */
  public String kafkaName() {
    return kafkaName;
  }

  String loginModule() {
    return loginModule;
  }

  /**
   * The client settings (without {@code bootstrap.servers}) that authenticate as {@code user}. The
   * password ends up in {@code sasl.jaas.config}, which Kafka's clients never log.
   */
  public Map<String, Object> clientConfig(String user, String password) {
    Credentials.check(user, password);
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        kafkaName,
        "sasl.jaas.config",
        loginModule + " required username=\"" + user + "\" password=\"" + password + "\";");
  }
}
