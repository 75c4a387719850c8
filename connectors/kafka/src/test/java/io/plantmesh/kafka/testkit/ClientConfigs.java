package io.plantmesh.kafka.testkit;

import java.util.HashMap;
import java.util.Map;

/** Client settings for a test broker's client listener. */
final class ClientConfigs {
  private ClientConfigs() {}

  static Map<String, Object> of(
      BrokerSettings settings, SaslMechanism mechanism, String user, String password) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", settings.bootstrapServers());
    if (settings.securityProtocol().equals("SASL_PLAINTEXT")) {
      if (mechanism == null) {
        throw new IllegalArgumentException(
            "the broker on " + settings.bootstrapServers() + " needs SASL: name a mechanism");
      }
      c.putAll(mechanism.clientConfig(user, password));
    }
    return c;
  }
}
