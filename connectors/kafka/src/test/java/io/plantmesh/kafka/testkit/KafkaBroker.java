package io.plantmesh.kafka.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker inside the test JVM: one KRaft node in combined mode (broker and controller),
 * the same version as the clients.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.builder().build().start()) {
 *   broker.createTopic("summaries", 3);
 *   ... new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()), ...)
 * }
 * }</pre>
 *
 * <p>{@link #stop()} shuts the broker down cleanly; {@link #start()} brings it back on the same
 * ports with the same data. A fresh server object is built on each start: Kafka's cannot be
 * restarted.
 */
public final class KafkaBroker implements AutoCloseable {
  static {
    // A broker's fatal fault handler halts the JVM; in a test that would end the whole suite
    // without a word. Turn it into an exception in the broker thread instead.
    Exit.setHaltProcedure(
        (code, message) -> {
          throw new IllegalStateException(
              "the Kafka broker asked to halt the JVM (status " + code + "): " + message);
        });
    Exit.setExitProcedure(
        (code, message) -> {
          throw new IllegalStateException(
              "the Kafka broker asked to exit the JVM (status " + code + "): " + message);
        });
  }

  private final BrokerSettings settings;
  private KafkaRaftServer server;
  private Duration lastStartUp = Duration.ZERO;
  private boolean closed;

  private KafkaBroker(BrokerSettings settings) {
    this.settings = settings;
  }

  /** Options: auto-create, default partitions, ports, data dir, SASL users. */
  public static BrokerSettings.Builder<KafkaBroker> builder() {
    return new BrokerSettings.Builder<>(KafkaBroker::new);
  }

  /**
   * Formats the data dir on first start, starts the broker and returns once it is unfenced and
   * takes requests.
   */
  public synchronized KafkaBroker start() {
    if (closed) {
      throw new IllegalStateException("broker on port " + settings.port() + " is closed");
    }
    if (server != null) {
      throw new IllegalStateException("broker on port " + settings.port() + " is running");
    }
    long t0 = System.nanoTime();
    DataDirs.formatIfNeeded(settings);
    Map<String, Object> props = new HashMap<>(settings.serverProperties());
    KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    try {
      s.startup();
    } catch (RuntimeException e) {
      shutDown(s);
      throw new IllegalStateException(
          "broker on port " + settings.port() + " (data " + settings.dataDir() + ") did not start",
          e);
    }
    server = s;
    lastStartUp = Duration.ofNanos(System.nanoTime() - t0);
    return this;
  }

  /** Shuts the broker down cleanly (controlled shutdown, logs flushed); data and ports stay. */
  public synchronized void stop() {
    if (server != null) {
      KafkaRaftServer s = server;
      server = null;
      shutDown(s);
    }
  }

  private static void shutDown(KafkaRaftServer s) {
    s.shutdown();
    s.awaitShutdown();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Host and port for {@code bootstrap.servers}: the advertised port (a proxy's if set). */
  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /**
   * A PLAINTEXT listener without SASL that bypasses any proxy (for admin work in tests while the
   * client link is cut or authenticated).
   */
  public String internalBootstrapServers() {
    return settings.internalBootstrapServers();
  }

  /**
   * {@code bootstrap.servers} and, over SASL, the given user's login: what a client needs.
   *
   * @param mechanism ignored on a PLAINTEXT broker (null allowed there)
   */
  public Map<String, Object> clientConfig(SaslMechanism mechanism, String user, String password) {
    return ClientConfigs.of(settings, mechanism, user, password);
  }

  /** {@code bootstrap.servers} of a PLAINTEXT broker. */
  public Map<String, Object> clientConfig() {
    return ClientConfigs.of(settings, null, null, null);
  }

  /** The client listener's port (the target of a proxy in front). */
  public int port() {
    return settings.port();
  }

  public BrokerSettings settings() {
    return settings;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /** How long the last {@link #start()} took (format included on the first). */
  public synchronized Duration lastStartUp() {
    return lastStartUp;
  }

  /**
   * Creates a topic (replication factor 1) and returns once a producer can write to every partition
   * at once: each has a leader that serves requests and a fresh client sees it.
   */
  public void createTopic(String name, int partitions) {
    if (!isRunning()) {
      throw new IllegalStateException("broker on port " + settings.port() + " is not running");
    }
    Topics.create(settings.internalBootstrapServers(), name, partitions);
  }

  /** Stops the broker and deletes its data dir if the testkit created it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      settings.deleteOwnedDataDir();
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + settings.bootstrapServers() + ", data " + settings.dataDir() + "]";
  }
}
