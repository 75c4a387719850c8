package io.plantmesh.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.server.config.AbstractKafkaConfig;

/**
 * What a test broker looks like: one KRaft node in combined mode (broker and controller), shared by
 * {@link KafkaBroker} (in-process) and {@link BrokerProcess} (a child JVM).
 *
 * <p>Ports and the data dir are fixed when the settings are built, so that a stopped (or killed)
 * broker comes back on the same port with the same data.
 */
public final class BrokerSettings {
  private final boolean autoCreateTopics;
  private final int defaultPartitions;
  private final int port;
  private final int advertisedPort;
  private final int internalPort;
  private final int controllerPort;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final Map<String, String> plainUsers;
  private final Map<String, String> scramUsers;
  private final Map<String, String> extraProperties;

  private BrokerSettings(Builder<?> b) {
    this.autoCreateTopics = b.autoCreateTopics;
    this.defaultPartitions = b.defaultPartitions;
    this.port = b.port == 0 ? FreePorts.pick() : b.port;
    this.advertisedPort = b.advertisedPort == 0 ? port : b.advertisedPort;
    this.internalPort = FreePorts.pick();
    this.controllerPort = FreePorts.pick();
    this.plainUsers = Collections.unmodifiableMap(new LinkedHashMap<>(b.plainUsers));
    this.scramUsers = Collections.unmodifiableMap(new LinkedHashMap<>(b.scramUsers));
    this.extraProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraProperties));
    try {
      if (b.dataDir == null) {
        this.dataDir = Files.createTempDirectory("kafka-broker-");
        this.ownsDataDir = true;
      } else {
        this.dataDir = Files.createDirectories(b.dataDir);
        this.ownsDataDir = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's data dir", e);
    }
  }

  /** Whether the broker creates a topic when a client first names it. */
  public boolean autoCreateTopics() {
    return autoCreateTopics;
  }

  /** {@code num.partitions}: the partitions of an auto-created topic. */
  public int defaultPartitions() {
    return defaultPartitions;
  }

  /** The port the client listener binds. */
  public int port() {
    return port;
  }

  /** The port the broker tells clients to connect to (a proxy's, when one sits in front). */
  public int advertisedPort() {
    return advertisedPort;
  }

  /** Where the broker keeps its logs and metadata (and, for a process, its output). */
  public Path dataDir() {
    return dataDir;
  }

  /** {@code PLAINTEXT}, or {@code SASL_PLAINTEXT} once a user is configured. */
  public String securityProtocol() {
    return sasl() ? "SASL_PLAINTEXT" : "PLAINTEXT";
  }

  /** The client listener, as clients see it (through the proxy if the advertised port is one). */
  public String bootstrapServers() {
    return "127.0.0.1:" + advertisedPort;
  }

  /**
   * A PLAINTEXT listener without SASL that bypasses any proxy: the testkit's own admin client uses
   * it, so that creating a topic works while a test has cut the link.
   */
  public String internalBootstrapServers() {
    return "127.0.0.1:" + internalPort;
  }

  int internalPort() {
    return internalPort;
  }

  Path logDir() {
    return dataDir.resolve("kafka-logs");
  }

  Map<String, String> scramUsers() {
    return scramUsers;
  }

  boolean ownsDataDir() {
    return ownsDataDir;
  }

  private boolean sasl() {
    return !plainUsers.isEmpty() || !scramUsers.isEmpty();
  }

  /** The broker's configuration, tuned for tests: one of everything, small and fast. */
  Map<String, String> serverProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "CLIENT://127.0.0.1:"
            + port
            + ",INTERNAL://127.0.0.1:"
            + internalPort
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort);
    p.put(
        "advertised.listeners",
        "CLIENT://127.0.0.1:" + advertisedPort + ",INTERNAL://127.0.0.1:" + internalPort);
    p.put(
        "listener.security.protocol.map",
        "CLIENT:" + securityProtocol() + ",INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "INTERNAL");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("log.dirs", logDir().toString());
    p.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
    p.put("num.partitions", Integer.toString(defaultPartitions));
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Internal topics: one replica (one node), one partition (created fast on first use).
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Few threads and small files: the machine runs other builds at the same time.
    p.put("num.network.threads", "1");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("num.replica.fetchers", "1");
    p.put("group.coordinator.threads", "1");
    p.put("share.coordinator.threads", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    p.put("log.segment.bytes", "1048576");
    p.put("log.index.size.max.bytes", "65536");
    // Unfencing on start-up waits for heartbeats: beat often. After a kill -9 the controller
    // refuses the new incarnation until the old one's session expires: keep the session short.
    p.put("broker.heartbeat.interval.ms", "200");
    p.put("broker.session.timeout.ms", "2500");
    if (sasl()) {
      p.put("listener.name.client.sasl.enabled.mechanisms", enabledMechanisms());
      if (!plainUsers.isEmpty()) {
        StringBuilder jaas = new StringBuilder(SaslMechanism.PLAIN.loginModule() + " required");
        plainUsers.forEach((u, pw) -> jaas.append(" user_").append(u).append("=\"" + pw + "\""));
        p.put("listener.name.client.plain.sasl.jaas.config", jaas.append(';').toString());
      }
      if (!scramUsers.isEmpty()) {
        p.put(
            "listener.name.client.scram-sha-512.sasl.jaas.config",
            SaslMechanism.SCRAM_SHA_512.loginModule() + " required;");
      }
    }
    p.putAll(extraProperties);
    return p;
  }

  private String enabledMechanisms() {
    StringBuilder s = new StringBuilder();
    if (!plainUsers.isEmpty()) {
      s.append(SaslMechanism.PLAIN.kafkaName());
    }
    if (!scramUsers.isEmpty()) {
      s.append(s.length() == 0 ? "" : ",").append(SaslMechanism.SCRAM_SHA_512.kafkaName());
    }
    return s.toString();
  }

  /** Deletes the data dir if the settings created it (a temp dir). */
  void deleteOwnedDataDir() {
    if (ownsDataDir) {
      DataDirs.delete(dataDir);
    }
  }

  /**
   * Options common to the in-process and the process broker.
   *
   * @param <T> what {@link #build()} returns
   */
  public static final class Builder<T> {
    private final Function<BrokerSettings, T> factory;
    private boolean autoCreateTopics;
    private int defaultPartitions = 1;
    private int port;
    private int advertisedPort;
    private Path dataDir;
    private final Map<String, String> plainUsers = new LinkedHashMap<>();
    private final Map<String, String> scramUsers = new LinkedHashMap<>();
    private final Map<String, String> extraProperties = new LinkedHashMap<>();

    Builder(Function<BrokerSettings, T> factory) {
      this.factory = factory;
    }

    /** Whether the broker creates topics on first use (default off, as in production). */
    public Builder<T> autoCreateTopics(boolean on) {
      this.autoCreateTopics = on;
      return this;
    }

    /** The partitions of an auto-created topic (default 1). */
    public Builder<T> defaultPartitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("defaultPartitions: " + partitions + " is below 1");
      }
      this.defaultPartitions = partitions;
      return this;
    }

    /** The client listener's port; 0 (the default) picks a free one. */
    public Builder<T> port(int port) {
      this.port = checkPort("port", port);
      return this;
    }

    /**
     * The port the broker advertises to clients (default: {@link #port}); set it to a {@link
     * TcpProxy}'s port so that every connection of a client goes through the proxy.
     */
    public Builder<T> advertisedPort(int port) {
      this.advertisedPort = checkPort("advertisedPort", port);
      return this;
    }

    /** Keeps the broker's data in {@code dir} (kept on close); default: a temp dir, deleted. */
    public Builder<T> dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** Adds a SASL/PLAIN user: the client listener becomes SASL_PLAINTEXT. */
    public Builder<T> plainUser(String user, String password) {
      Credentials.check(user, password);
      plainUsers.put(user, password);
      return this;
    }

    /**
     * Adds a SASL/SCRAM-SHA-512 user: the client listener becomes SASL_PLAINTEXT. The credential is
     * written into the cluster metadata when the data dir is formatted (first start).
     */
    public Builder<T> scramUser(String user, String password) {
      Credentials.check(user, password);
      scramUsers.put(user, password);
      return this;
    }

    /** Any other broker setting; wins over the testkit's. */
    public Builder<T> brokerProperty(String key, String value) {
      Objects.requireNonNull(value, "value of broker property " + key);
      if (key == null
          || !(key.startsWith("listener.name.")
              || AbstractKafkaConfig.CONFIG_DEF.names().contains(key))) {
        throw new IllegalArgumentException(
            "broker property '" + key + "': not a Kafka broker setting");
      }
      extraProperties.put(key, value);
      return this;
    }

    public T build() {
      return factory.apply(new BrokerSettings(this));
    }

    private static int checkPort(String key, int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException(key + ": " + port + " is not a TCP port");
      }
      return port;
    }
  }
}
