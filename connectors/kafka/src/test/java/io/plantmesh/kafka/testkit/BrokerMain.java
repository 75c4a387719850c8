package io.plantmesh.kafka.testkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of a {@link BrokerProcess}: {@code kafka.Kafka server.properties}, plus a watchdog
 * that halts the broker when its parent test JVM goes away (its stdin closes), so that a killed or
 * crashed test run leaves no broker holding ports behind.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) {
    Thread watchdog =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // the parent writes nothing; EOF means it is gone
                }
              } catch (IOException e) {
                // the pipe broke: the parent is gone just the same
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    kafka.Kafka.main(args);
  }
}
