package io.plantmesh.kafka.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A producer's link to a running broker, cut and restored through the proxy. */
class TcpProxyTest {
  private static KafkaBroker broker;
  private static TcpProxy proxy;

  @BeforeAll
  static void start() {
    int proxyPort = FreePorts.pick();
    broker = KafkaBroker.builder().advertisedPort(proxyPort).build().start();
    proxy = TcpProxy.start(proxyPort, "127.0.0.1", broker.port());
  }

  @AfterAll
  static void stop() {
    proxy.close();
    broker.close();
  }

  private static KafkaProducer<String, String> producer() {
    Map<String, Object> c = new HashMap<>(broker.clientConfig());
    c.put("request.timeout.ms", "1000");
    c.put("delivery.timeout.ms", "2500");
    c.put("max.block.ms", "2500");
    c.put("retry.backoff.ms", "100");
    c.put("reconnect.backoff.ms", "50");
    c.put("reconnect.backoff.max.ms", "200");
    return Records.producer(c);
  }

  @Test
  void resetFailsTheSendsAndRestoreLetsTheSameProducerSendAgain() throws Exception {
    broker.createTopic("reset", 1);
    try (KafkaProducer<String, String> p = producer()) {
      Records.sendAll(p, "reset", Records.values("before", 10));
      assertTrue(proxy.bytesToTarget() > 0 && proxy.bytesFromTarget() > 0);
      assertTrue(proxy.openConnections() > 0);

      proxy.cut(TcpProxy.Mode.RESET);
      assertEquals(TcpProxy.Mode.RESET, proxy.cutMode());
      assertEquals(0, proxy.openConnections());
      if (!refused(proxy.port())) {
        new ProcessBuilder("sh", "-c", "ss -tanp | grep " + proxy.port())
            .inheritIO()
            .start()
            .waitFor();
        System.out.println("server " + proxy);
      }
      assertTrue(refused(proxy.port()), "new connections are refused");
      ExecutionException failed =
          assertThrows(
              ExecutionException.class,
              () -> p.send(new ProducerRecord<>("reset", "during")).get(10, TimeUnit.SECONDS));
      assertInstanceOf(TimeoutException.class, failed.getCause());

      proxy.restore();
      assertNull(proxy.cutMode());
      Records.sendAll(p, "reset", Records.values("after", 10));
    }
    // The broker ran all along: it has what was acknowledged, and the send that failed never
    // reached it.
    assertEquals(
        20,
        Records.readAll(Map.of("bootstrap.servers", broker.internalBootstrapServers()), "reset", 20)
            .size());
  }

  @Test
  void blackholeStallsTheSendsUntilTheyTimeOutAndRestoreHeals() throws Exception {
    broker.createTopic("blackhole", 1);
    try (KafkaProducer<String, String> p = producer()) {
      Records.sendAll(p, "blackhole", Records.values("before", 10));

      proxy.cut(TcpProxy.Mode.BLACKHOLE);
      long toTarget = proxy.bytesToTarget();
      long sent = System.nanoTime();
      ExecutionException failed =
          assertThrows(
              ExecutionException.class,
              () -> p.send(new ProducerRecord<>("blackhole", "during")).get(10, TimeUnit.SECONDS));
      long stalledMs = (System.nanoTime() - sent) / 1_000_000;
      assertInstanceOf(TimeoutException.class, failed.getCause());
      assertTrue(stalledMs >= 2_000, "the send stalled until delivery.timeout.ms: " + stalledMs);
      assertEquals(toTarget, proxy.bytesToTarget(), "nothing passed the blackhole");

      proxy.restore();
      Records.sendAll(p, "blackhole", Records.values("after", 10));
    }
  }

  @Test
  void connectionsToADownTargetAreClosedAtOnce() throws Exception {
    int nothing = FreePorts.pick();
    try (TcpProxy toNowhere = TcpProxy.start("127.0.0.1", nothing)) {
      int read;
      try (Socket s = new Socket()) {
        s.setSoTimeout(5_000);
        s.connect(new InetSocketAddress("127.0.0.1", toNowhere.port()), 1_000);
        read = s.getInputStream().read();
      } catch (SocketException reset) {
        // closed with RST rather than FIN, possibly before connect() returned: closed at once
        read = -1;
      }
      assertEquals(-1, read);
      await().atMost(Duration.ofSeconds(5)).until(() -> toNowhere.openConnections() == 0);
      assertEquals(1, toNowhere.acceptedConnections());
    }
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
