package io.plantmesh.cluster.uplink;

import io.plantmesh.kafka.testkit.KafkaBroker;

/**
 * One in-process Kafka broker for every uplink test class in this JVM (each test uses topics of its
 * own): starting a broker per class would cost seconds each. Stopped when the JVM exits.
 */
final class SharedBroker {
  private static KafkaBroker broker;

  private SharedBroker() {}

  static synchronized KafkaBroker get() {
    if (broker == null) {
      KafkaBroker b = KafkaBroker.builder().build().start();
      Runtime.getRuntime().addShutdownHook(new Thread(b::close, "test-kafka-broker-stop"));
      broker = b;
    }
    return broker;
  }
}
