package io.plantmesh.kafka.forward;

import io.plantmesh.core.Secret;
import io.plantmesh.kafka.forward.internal.Section;
import io.plantmesh.outbox.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a node reaches Kafka: the {@code uplink} section of {@code plantmesh.yaml}. Immutable and
 * validated on construction; every error names the key ({@code uplink.security.sasl.password}), the
 * value (never a secret's) and the reason. Secrets are references ({@code env:NAME}, {@code
 * file:/path}) resolved at load, never inline text.
 *
 * @param bootstrapServers {@code uplink.bootstrap-servers}: host:port of one or more brokers
 * @param clientId {@code uplink.client-id}: Kafka's client id (quotas, broker logs)
 * @param node the forwarding node's name, sent in every record's {@code plantmesh-node} header
 * @param topics where each priority class goes
 * @param security how the connection is protected and authenticated
 * @param tuning the producer's batching and time-outs
 * @param replay how the backlog drains beside live records
 * @param link how delivery results turn into the link state
 * @param producerOverrides {@code uplink.producer.*}: further kafka-clients producer settings,
 *     passed through (the ones that carry the delivery guarantees or secrets are refused)
 */
public record UplinkConfig(
    List<String> bootstrapServers,
    String clientId,
    String node,
    Topics topics,
    Security security,
    Tuning tuning,
    Replay replay,
    Link link,
    Map<String, String> producerOverrides) {

  /** Producer settings that must not be overridden: the guarantees and the security. */
  static final Set<String> RESERVED =
      Set.of(
          "bootstrap.servers",
          "enable.idempotence",
          "acks",
          "key.serializer",
          "value.serializer",
          "transactional.id",
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "ssl.truststore.location",
          "ssl.truststore.password",
          "ssl.keystore.location",
          "ssl.keystore.password",
          "ssl.key.password",
          "max.in.flight.requests.per.connection",
          "retries");

  public UplinkConfig {
    if (bootstrapServers == null || bootstrapServers.isEmpty()) {
      throw new IllegalArgumentException(
          "uplink.bootstrap-servers is required: host:port of one or more Kafka brokers");
    }
    bootstrapServers = List.copyOf(bootstrapServers);
    for (String s : bootstrapServers) {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
        throw new IllegalArgumentException(
            "uplink.bootstrap-servers: '" + s + "' is not host:port");
      }
    }
    Objects.requireNonNull(clientId, "clientId");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("uplink.client-id must not be blank");
    }
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(replay, "replay");
    Objects.requireNonNull(link, "link");
    producerOverrides = Map.copyOf(producerOverrides == null ? Map.of() : producerOverrides);
    for (String k : producerOverrides.keySet()) {
      if (RESERVED.contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")) {
        throw new IllegalArgumentException(
            "uplink.producer."
                + k
                + " may not be overridden: plantmesh sets it (delivery guarantees) or it belongs in"
                + " uplink.security (secrets by reference)");
      }
    }
  }

  /** Defaults for everything but the brokers: PLAINTEXT, the default topics and tuning. */
  public static UplinkConfig of(String bootstrapServers, String node) {
    return new UplinkConfig(
        List.of(bootstrapServers.split(",")),
        "plantmesh-" + node,
        node,
        Topics.defaults(),
        Security.plaintext(),
        Tuning.defaults(),
        Replay.defaults(),
        Link.defaults(),
        Map.of());
  }

  /**
   * The kafka-clients producer settings this configuration makes (secrets included, as Kafka's
   * hidden {@code Password} settings): for a baseline producer that must match the forwarder's.
   */
  public Map<String, Object> producerProperties() {
    return io.plantmesh.kafka.forward.internal.ProducerSettings.producer(this);
  }

  public UplinkConfig withTopics(Topics t) {
    return new UplinkConfig(
        bootstrapServers, clientId, node, t, security, tuning, replay, link, producerOverrides);
  }

  public UplinkConfig withSecurity(Security s) {
    return new UplinkConfig(
        bootstrapServers, clientId, node, topics, s, tuning, replay, link, producerOverrides);
  }

  public UplinkConfig withTuning(Tuning t) {
    return new UplinkConfig(
        bootstrapServers, clientId, node, topics, security, t, replay, link, producerOverrides);
  }

  public UplinkConfig withReplay(Replay r) {
    return new UplinkConfig(
        bootstrapServers, clientId, node, topics, security, tuning, r, link, producerOverrides);
  }

  public UplinkConfig withLink(Link l) {
    return new UplinkConfig(
        bootstrapServers, clientId, node, topics, security, tuning, replay, l, producerOverrides);
  }

  /**
   * The topics of each priority class.
   *
   * @param summaries {@code uplink.topics.summaries} (default {@code plantmesh.summaries})
   * @param alarms {@code uplink.topics.alarms} (default {@code plantmesh.alarms})
   * @param events {@code uplink.topics.events} (default {@code plantmesh.events})
   * @param replaySuffix {@code uplink.topics.replay-suffix}: when set, replayed records go to
   *     {@code <topic><suffix>} instead of the live topic; empty (the default) sends them to the
   *     same topic, marked by the {@code plantmesh-replayed: true} header
   * @param create {@code uplink.topics.create}: create missing topics at start (needs the
   *     CreateTopics ACL); off by default: topics are the MES side's to own
   * @param partitions {@code uplink.topics.partitions}: partitions of a created topic
   * @param replicationFactor {@code uplink.topics.replication-factor}: of a created topic; -1 is
   *     the broker's default
   */
  public record Topics(
      String summaries,
      String alarms,
      String events,
      String replaySuffix,
      boolean create,
      int partitions,
      short replicationFactor) {
    public Topics {
      checkTopic("uplink.topics.summaries", summaries);
      checkTopic("uplink.topics.alarms", alarms);
      checkTopic("uplink.topics.events", events);
      Objects.requireNonNull(replaySuffix, "replaySuffix");
      if (!replaySuffix.isEmpty() && !replaySuffix.matches("[a-zA-Z0-9._-]+")) {
        throw new IllegalArgumentException(
            "uplink.topics.replay-suffix: '" + replaySuffix + "' has characters Kafka refuses");
      }
      if (partitions < 1) {
        throw new IllegalArgumentException(
            "uplink.topics.partitions: " + partitions + " must be at least 1");
      }
    }

    public static Topics defaults() {
      return new Topics(
          "plantmesh.summaries", "plantmesh.alarms", "plantmesh.events", "", false, 3, (short) -1);
    }

    /** The topic of {@code priority}'s records, live or replayed. */
    public String of(Priority priority, boolean replayed) {
      String t =
          switch (priority) {
            case ALARM -> alarms;
            case EVENT -> events;
            case SUMMARY -> summaries;
          };
      return replayed && !replaySuffix.isEmpty() ? t + replaySuffix : t;
    }

    /** Every topic a record may go to. */
    public Set<String> all() {
      java.util.TreeSet<String> s = new java.util.TreeSet<>();
      for (Priority p : Priority.values()) {
        s.add(of(p, false));
        s.add(of(p, true));
      }
      return s;
    }

    private static void checkTopic(String key, String t) {
      if (t == null || !t.matches("[a-zA-Z0-9._-]{1,200}")) {
        throw new IllegalArgumentException(
            key + ": '" + t + "' is not a valid Kafka topic name ([a-zA-Z0-9._-], 1-200 chars)");
      }
    }
  }

  /** The connection's protection: Kafka's security.protocol. */
  public enum Protocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL;

    boolean sasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    boolean tls() {
      return this == SSL || this == SASL_SSL;
    }
  }

  /** A SASL mechanism plantmesh configures: Kafka's names. */
  public enum Mechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    public final String kafkaName;
    public final String loginModule;

    Mechanism(String kafkaName, String loginModule) {
      this.kafkaName = kafkaName;
      this.loginModule = loginModule;
    }

    static Mechanism parse(String key, String s) {
      for (Mechanism m : values()) {
        if (m.kafkaName.equalsIgnoreCase(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          key + ": '" + s + "' is not supported; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
    }
  }

  /**
   * Security of the connection.
   *
   * @param protocol {@code uplink.security.protocol}: PLAINTEXT (default), SSL, SASL_PLAINTEXT or
   *     SASL_SSL
   * @param mechanism {@code uplink.security.sasl.mechanism} (with SASL)
   * @param username {@code uplink.security.sasl.username} (with SASL)
   * @param password {@code uplink.security.sasl.password}: a secret reference (with SASL)
   * @param truststore {@code uplink.security.tls.truststore}: PKCS12, JKS or PEM file of the CAs
   *     the node trusts (with TLS; the JVM's default CAs when absent)
   * @param truststorePassword {@code uplink.security.tls.truststore-password} (PKCS12/JKS)
   * @param keystore {@code uplink.security.tls.keystore}: the node's client certificate and key
   *     (mutual TLS), PKCS12 or JKS
   * @param keystorePassword {@code uplink.security.tls.keystore-password}
   * @param verifyHostname {@code uplink.security.tls.verify-hostname}: default true
   */
  public record Security(
      Protocol protocol,
      Mechanism mechanism,
      String username,
      Secret password,
      Path truststore,
      Secret truststorePassword,
      Path keystore,
      Secret keystorePassword,
      boolean verifyHostname) {
    public Security {
      Objects.requireNonNull(protocol, "protocol");
      if (protocol.sasl()) {
        if (mechanism == null) {
          throw new IllegalArgumentException(
              "uplink.security.sasl.mechanism is required with " + protocol);
        }
        if (username == null || username.isBlank()) {
          throw new IllegalArgumentException(
              "uplink.security.sasl.username is required with " + protocol);
        }
        if (password == null) {
          throw new IllegalArgumentException(
              "uplink.security.sasl.password is required with "
                  + protocol
                  + " (env:NAME or file:/path)");
        }
      }
      if (!protocol.tls() && (truststore != null || keystore != null)) {
        throw new IllegalArgumentException(
            "uplink.security.tls is set but uplink.security.protocol is "
                + protocol
                + "; use SSL or SASL_SSL");
      }
      checkFile("uplink.security.tls.truststore", truststore);
      checkFile("uplink.security.tls.keystore", keystore);
      if (truststore != null && truststorePassword != null && isPem(truststore)) {
        throw new IllegalArgumentException(
            "uplink.security.tls.truststore-password: a PEM truststore ('"
                + truststore
                + "') has no password; remove the key (or use a PKCS12 file)");
      }
      if (keystore != null && keystorePassword == null) {
        throw new IllegalArgumentException(
            "uplink.security.tls.keystore-password is required with a keystore");
      }
    }

    public static Security plaintext() {
      return new Security(Protocol.PLAINTEXT, null, null, null, null, null, null, null, true);
    }

    /** SASL over plain TCP (for a test broker or a trusted network). */
    public static Security sasl(Mechanism m, String user, Secret password) {
      return new Security(Protocol.SASL_PLAINTEXT, m, user, password, null, null, null, null, true);
    }

    static boolean isPem(Path p) {
      String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
      return n.endsWith(".pem") || n.endsWith(".crt");
    }

    private static void checkFile(String key, Path p) {
      if (p != null && !Files.isReadable(p)) {
        throw new IllegalArgumentException(key + ": '" + p + "' does not exist or is not readable");
      }
    }
  }

  /**
   * The producer's batching and time-outs.
   *
   * @param compression {@code uplink.compression}: lz4 (default), zstd, gzip, snappy or none
   * @param linger {@code uplink.linger}: how long the producer waits to fill a batch (20ms)
   * @param batchBytes {@code uplink.batch-bytes}: the largest batch per partition (256 KiB)
   * @param requestTimeout {@code uplink.request-timeout}: one request to a broker (10s)
   * @param deliveryTimeout {@code uplink.delivery-timeout}: a send's whole life, retries included
   *     (30s); after it the record goes back to the Outbox and is sent again later
   * @param maxInFlightRecords {@code uplink.max-in-flight-records}: records sent and not yet
   *     acknowledged by Kafka (50000); with the replay share, how far the backlog pipelines
   */
  public record Tuning(
      String compression,
      Duration linger,
      int batchBytes,
      Duration requestTimeout,
      Duration deliveryTimeout,
      int maxInFlightRecords) {
    static final Set<String> COMPRESSIONS = Set.of("lz4", "zstd", "gzip", "snappy", "none");

    public Tuning {
      if (!COMPRESSIONS.contains(compression)) {
        throw new IllegalArgumentException(
            "uplink.compression: '"
                + compression
                + "' is not one of lz4, zstd, gzip, snappy, none");
      }
      if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
        throw new IllegalArgumentException(
            "uplink.delivery-timeout: "
                + deliveryTimeout
                + " must be at least uplink.linger + uplink.request-timeout ("
                + linger.plus(requestTimeout)
                + ")");
      }
      if (batchBytes < 1024 || maxInFlightRecords < 1) {
        throw new IllegalArgumentException(
            "uplink.batch-bytes must be at least 1024 and uplink.max-in-flight-records at least 1");
      }
    }

    public static Tuning defaults() {
      return new Tuning(
          "lz4",
          Duration.ofMillis(20),
          256 * 1024,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          50_000);
    }
  }

  /**
   * How the backlog drains once the link is back. Live records always go first.
   *
   * @param rate {@code uplink.replay.rate}: backlog summaries per second at most (5000); 0 means as
   *     fast as the link takes them. Alarms and events in the backlog are not limited.
   * @param batch {@code uplink.replay.batch}: records read from disk at a time (1000)
   * @param share {@code uplink.replay.share}: the largest share of the in-flight window the backlog
   *     may hold while live records flow (0.5), so they always find room; with no live record for a
   *     second the backlog may fill the window
   */
  public record Replay(long rate, int batch, double share) {
    public Replay {
      if (rate < 0) {
        throw new IllegalArgumentException("uplink.replay.rate: " + rate + " must be 0 or more");
      }
      if (batch < 1 || batch > 100_000) {
        throw new IllegalArgumentException(
            "uplink.replay.batch: " + batch + " is out of range; between 1 and 100000");
      }
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "uplink.replay.share: " + share + " is out of range; above 0, at most 1");
      }
    }

    public static Replay defaults() {
      return new Replay(5_000, 1_000, 0.5);
    }
  }

  /**
   * How delivery results become the link state.
   *
   * @param degradedAfter {@code uplink.link.degraded-after}: a record unacknowledged this long, or
   *     a failed send within this long, makes the link DEGRADED (5s)
   * @param downAfter {@code uplink.link.down-after}: no acknowledgement for this long while records
   *     wait makes it DOWN (15s); so does a failure that retrying cannot fix
   * @param backoffInitial {@code uplink.link.backoff-initial}: first wait before probing a DOWN
   *     link (1s), doubled after each failed probe
   * @param backoffMax {@code uplink.link.backoff-max}: the longest wait between probes (30s)
   */
  public record Link(
      Duration degradedAfter, Duration downAfter, Duration backoffInitial, Duration backoffMax) {
    public Link {
      if (downAfter.compareTo(degradedAfter) < 0) {
        throw new IllegalArgumentException(
            "uplink.link.down-after ("
                + downAfter
                + ") must not be shorter than uplink.link.degraded-after ("
                + degradedAfter
                + ")");
      }
      if (backoffMax.compareTo(backoffInitial) < 0) {
        throw new IllegalArgumentException(
            "uplink.link.backoff-max must not be shorter than uplink.link.backoff-initial");
      }
    }

    public static Link defaults() {
      return new Link(
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30));
    }
  }

  /**
   * Reads the {@code uplink} section of a configuration file, parsed into maps and lists.
   *
   * @param node this node's name
   * @param env the environment that {@code env:NAME} secrets resolve against
   * @throws IllegalArgumentException naming the key, the value and the reason
   */
  public static UplinkConfig fromMap(Map<String, ?> section, String node, Map<String, String> env) {
    Section s =
        Section.of("uplink", section, env)
            .allow(
                "bootstrap-servers",
                "client-id",
                "topics",
                "security",
                "compression",
                "linger",
                "batch-bytes",
                "request-timeout",
                "delivery-timeout",
                "max-in-flight-records",
                "replay",
                "link",
                "producer");
    Section t =
        s.section("topics")
            .allow(
                "summaries",
                "alarms",
                "events",
                "replay-suffix",
                "create",
                "partitions",
                "replication-factor");
    Topics d = Topics.defaults();
    Topics topics =
        new Topics(
            t.string("summaries", d.summaries()),
            t.string("alarms", d.alarms()),
            t.string("events", d.events()),
            t.string("replay-suffix", ""),
            t.bool("create", false),
            (int) t.number("partitions", d.partitions(), 1, 10_000),
            (short) t.number("replication-factor", -1, -1, 32));
    Tuning dt = Tuning.defaults();
    Duration max = Duration.ofHours(1);
    Tuning tuning =
        new Tuning(
            s.string("compression", dt.compression()).toLowerCase(Locale.ROOT),
            s.duration("linger", dt.linger(), Duration.ZERO, Duration.ofSeconds(5)),
            (int) s.number("batch-bytes", dt.batchBytes(), 1024, 16 << 20),
            s.duration(
                "request-timeout",
                dt.requestTimeout(),
                Duration.ofMillis(100),
                Duration.ofMinutes(5)),
            s.duration("delivery-timeout", dt.deliveryTimeout(), Duration.ofMillis(200), max),
            (int) s.number("max-in-flight-records", dt.maxInFlightRecords(), 1, 10_000_000));
    Section r = s.section("replay").allow("rate", "batch", "share");
    Replay dr = Replay.defaults();
    String share = r.string("share", null);
    Replay replay =
        new Replay(
            r.number("rate", dr.rate(), 0, Long.MAX_VALUE),
            (int) r.number("batch", dr.batch(), 1, 100_000),
            share == null ? dr.share() : parseShare(r.key("share"), share));
    Section l =
        s.section("link").allow("degraded-after", "down-after", "backoff-initial", "backoff-max");
    Link dl = Link.defaults();
    Duration min = Duration.ofMillis(10);
    Link link =
        new Link(
            l.duration("degraded-after", dl.degradedAfter(), min, max),
            l.duration("down-after", dl.downAfter(), min, max),
            l.duration("backoff-initial", dl.backoffInitial(), min, max),
            l.duration("backoff-max", dl.backoffMax(), min, max));
    return new UplinkConfig(
        s.list("bootstrap-servers"),
        s.string("client-id", "plantmesh-" + node),
        node,
        topics,
        security(s.section("security")),
        tuning,
        replay,
        link,
        s.section("producer").strings());
  }

  private static Security security(Section s) {
    s.allow("protocol", "sasl", "tls");
    String p = s.string("protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
    Protocol protocol;
    try {
      protocol = Protocol.valueOf(p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          s.key("protocol")
              + ": '"
              + p
              + "' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL",
          e);
    }
    Section sasl = s.section("sasl").allow("mechanism", "username", "password");
    Section tls =
        s.section("tls")
            .allow(
                "truststore",
                "truststore-password",
                "keystore",
                "keystore-password",
                "verify-hostname");
    String mech = sasl.string("mechanism", null);
    String ts = tls.string("truststore", null);
    String ks = tls.string("keystore", null);
    return new Security(
        protocol,
        mech == null ? null : Mechanism.parse(sasl.key("mechanism"), mech),
        sasl.string("username", null),
        sasl.secret("password"),
        ts == null ? null : Path.of(ts),
        tls.secret("truststore-password"),
        ks == null ? null : Path.of(ks),
        tls.secret("keystore-password"),
        tls.bool("verify-hostname", true));
  }

  private static double parseShare(String key, String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + s + "' is not a number", e);
    }
  }
}
