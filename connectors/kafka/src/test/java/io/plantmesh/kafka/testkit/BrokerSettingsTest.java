package io.plantmesh.kafka.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  private static BrokerSettings.Builder<BrokerSettings> builder() {
    return new BrokerSettings.Builder<>(s -> s);
  }

  @Test
  void everySettingTheTestkitWritesIsOneKafkaKnows() {
    BrokerSettings s = builder().plainUser("alice", "pw-1").scramUser("bob", "pw-2").build();
    try {
      for (String key : s.serverProperties().keySet()) {
        assertTrue(
            key.startsWith("listener.name.client.")
                || AbstractKafkaConfig.CONFIG_DEF.names().contains(key),
            key + " is not a Kafka broker setting");
      }
    } finally {
      s.deleteOwnedDataDir();
    }
  }

  @Test
  void saslUsersTurnTheClientListenerToSaslPlaintextWithTheirMechanisms() {
    BrokerSettings plain = builder().build();
    BrokerSettings sasl = builder().plainUser("alice", "pw-1").scramUser("bob", "pw-2").build();
    try {
      assertEquals("PLAINTEXT", plain.securityProtocol());
      assertEquals("SASL_PLAINTEXT", sasl.securityProtocol());
      Map<String, String> p = sasl.serverProperties();
      assertEquals("PLAIN,SCRAM-SHA-512", p.get("listener.name.client.sasl.enabled.mechanisms"));
      assertTrue(
          p.get("listener.name.client.plain.sasl.jaas.config").contains("user_alice=\"pw-1\""));
      assertTrue(
          p.get("listener.security.protocol.map").contains("CLIENT:SASL_PLAINTEXT"),
          p.get("listener.security.protocol.map"));
    } finally {
      plain.deleteOwnedDataDir();
      sasl.deleteOwnedDataDir();
    }
  }

  @Test
  void theAdvertisedPortDefaultsToTheListenerPortAndCanPointElsewhere() {
    int proxy = FreePorts.pick();
    BrokerSettings s = builder().advertisedPort(proxy).build();
    try {
      assertEquals("127.0.0.1:" + proxy, s.bootstrapServers());
      assertTrue(s.serverProperties().get("listeners").contains("CLIENT://127.0.0.1:" + s.port()));
      assertTrue(
          s.serverProperties().get("advertised.listeners").contains("CLIENT://127.0.0.1:" + proxy));
    } finally {
      s.deleteOwnedDataDir();
    }
  }

  @Test
  void aBrokerPropertyWinsOverTheTestkitsAndAnUnknownOneIsRefused() {
    BrokerSettings s = builder().brokerProperty("log.segment.bytes", "2097152").build();
    try {
      assertEquals("2097152", s.serverProperties().get("log.segment.bytes"));
    } finally {
      s.deleteOwnedDataDir();
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder().brokerProperty("log.segmnt.bytes", "1"));
    assertTrue(e.getMessage().contains("log.segmnt.bytes"), e.getMessage());
  }

  @Test
  void badOptionsAreRefusedNamingTheValue() {
    assertThrows(IllegalArgumentException.class, () -> builder().defaultPartitions(0));
    assertThrows(IllegalArgumentException.class, () -> builder().port(70_000));
    IllegalArgumentException user =
        assertThrows(IllegalArgumentException.class, () -> builder().plainUser("a b", "pw"));
    assertTrue(user.getMessage().contains("'a b'"), user.getMessage());
    IllegalArgumentException comma =
        assertThrows(IllegalArgumentException.class, () -> builder().scramUser("bob", "a,b"));
    assertTrue(comma.getMessage().contains("bob"), comma.getMessage());
    assertTrue(!comma.getMessage().contains("a,b"), "the password is not in the message");
    assertThrows(IllegalArgumentException.class, () -> builder().scramUser("bob", ""));
    assertThrows(IllegalArgumentException.class, () -> builder().plainUser("bob", "q\"uote"));
  }
}
