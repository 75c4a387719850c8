package io.plantmesh.kafka.forward;

import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.forward.internal.Failures;
import io.plantmesh.kafka.forward.internal.HeaderCache;
import io.plantmesh.kafka.forward.internal.ProducerSettings;
import io.plantmesh.outbox.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;

/**
 * This node's own way to Kafka: one idempotent producer (acks=all, compressed, batched) and, for
 * probes, a short-lived admin client. Thread-safe. Used by this node's {@link Forwarder} and, for a
 * peer without an uplink, by the mesh relay that sends on the peer's behalf.
 */
public final class KafkaRoute implements Route {
  private final UplinkConfig config;
  private final HeaderCache headerCache = new HeaderCache();

  /** The topic of each priority, live then replayed: one string each, not one per record. */
  private final String[] topics = new String[Priority.values().length * 2];

  private volatile KafkaProducer<String, byte[]> producer;

  /**
   * Whether topics were missing or leaderless at a probe: the next good one makes a new producer.
   */
  private volatile boolean freshTopics;

  /** Why sends fail fast, set when a send stalled for max.block.ms; cleared by a good probe. */
  private volatile String stalled;

  public KafkaRoute(UplinkConfig config) {
    this.config = config;
    for (Priority p : Priority.values()) {
      topics[p.ordinal() * 2] = config.topics().of(p, false);
      topics[p.ordinal() * 2 + 1] = config.topics().of(p, true);
    }
  }

  public UplinkConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "kafka";
  }

  /**
   * Checks brokers, credentials and topics with an admin client: every topic exists and every
   * partition has a leader that answers (ListOffsets). Creates missing topics when {@code
   * uplink.topics.create} says so, and fetches the producer's metadata so that sends do not block.
   *
   * <p>Topics that are new (created here, or created by the broker on first use, or missing at an
   * earlier probe) fail this probe once and get a fresh producer at the next: an idempotent
   * producer that sends into a partition in the moment its first leader is elected can see its
   * first batch refused (NOT_LEADER) while the batches behind it are written, and then retry that
   * first batch on out-of-order sequence errors until the delivery time-out fails it (seen with
   * kafka-clients 4.2.1 in about half of the runs of the testkit's {@code TopicCreationRaceTest}).
   */
  @Override
  public void probe(Duration timeout) {
    Set<String> topics = config.topics().all();
    Set<String> missing = new TreeSet<>();
    List<String> leaderless = new ArrayList<>();
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    long ms = timeout.toMillis();
    try (Admin admin = Admin.create(ProducerSettings.admin(config, timeout))) {
      var described = admin.describeTopics(topics).topicNameValues();
      for (String t : topics) {
        try {
          TopicDescription d = described.get(t).get(ms, TimeUnit.MILLISECONDS);
          for (TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
              leaderless.add(t + "-" + p.partition());
            } else {
              partitions.put(new TopicPartition(t, p.partition()), OffsetSpec.latest());
            }
          }
        } catch (ExecutionException e) {
          if (!Failures.topicMissing(e)) {
            throw failure("cannot describe topic '" + t + "'", e);
          }
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        freshTopics = true;
        if (config.topics().create()) {
          create(admin, missing, timeout);
          throw new UplinkException(
              Kind.UNREACHABLE, "created topic(s) " + missing + "; waiting for their leaders");
        }
        autoCreate(missing);
        throw new UplinkException(
            Kind.UNREACHABLE,
            "the broker created topic(s) " + missing + " on first use; waiting for their leaders");
      }
      if (!leaderless.isEmpty()) {
        freshTopics = true;
        throw new UplinkException(
            Kind.UNREACHABLE, "partition(s) " + leaderless + " have no leader yet");
      }
      try {
        admin.listOffsets(partitions).all().get(ms, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        freshTopics = true;
        throw failure("a partition leader does not answer yet", e);
      }
    } catch (TimeoutException e) {
      throw new UplinkException(
          Kind.UNREACHABLE,
          "no answer from "
              + String.join(",", config.bootstrapServers())
              + " within "
              + ms
              + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UplinkException(Kind.UNREACHABLE, "interrupted while probing");
    }
    if (freshTopics) {
      reset();
      freshTopics = false;
    }
    KafkaProducer<String, byte[]> p = producer();
    for (String t : topics) {
      try {
        p.partitionsFor(t);
      } catch (RuntimeException e) {
        throw failure("cannot fetch the metadata of topic '" + t + "'", e);
      }
    }
    stalled = null;
  }

  /**
   * Asks for the metadata of {@code missing}, which a broker with auto-create on answers by
   * creating them; else they are missing for good and that is the error.
   */
  private void autoCreate(Set<String> missing) {
    KafkaProducer<String, byte[]> p = producer();
    for (String t : missing) {
      try {
        p.partitionsFor(t);
      } catch (RuntimeException e) {
        throw new UplinkException(
            Kind.TOPIC_MISSING,
            "topic(s) "
                + missing
                + " do not exist on "
                + String.join(",", config.bootstrapServers())
                + " and uplink.topics.create is false: create them on the cluster (or set"
                + " uplink.topics.create: true where the node may create topics)");
      }
    }
  }

  private void create(Admin admin, Set<String> missing, Duration timeout)
      throws InterruptedException, TimeoutException {
    List<NewTopic> news = new ArrayList<>();
    for (String t : missing) {
      news.add(new NewTopic(t, config.topics().partitions(), config.topics().replicationFactor()));
    }
    var results = admin.createTopics(news).values();
    for (String t : missing) {
      try {
        results.get(t).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          Kind k = Failures.classify(e);
          throw new UplinkException(
              k == Kind.UNREACHABLE ? Kind.TOPIC_MISSING : k,
              "topic '"
                  + t
                  + "' does not exist and cannot be created (uplink.topics.create): "
                  + Failures.describe(e),
              Failures.unwrap(e));
        }
      }
    }
  }

  @Override
  public void send(UplinkRecord r, Delivery delivery) {
    List<Header> headers = headerCache.of(r.headers());
    ProducerRecord<String, byte[]> pr =
        new ProducerRecord<>(
            topics[r.priority().ordinal() * 2 + (r.replayed() ? 1 : 0)],
            null,
            r.key().isEmpty() ? null : r.key(),
            r.payload(),
            headers);
    String why = stalled;
    if (why != null) {
      delivery.completed(new UplinkException(Kind.STALLED, why));
      return;
    }
    Thread caller = Thread.currentThread();
    try {
      producer()
          .send(
              pr,
              (md, e) -> {
                if (e instanceof org.apache.kafka.common.errors.TimeoutException
                    && Thread.currentThread() == caller) {
                  // send() itself waited max.block.ms (no metadata, full buffer): fail the next
                  // ones at once instead of stalling the forwarder for each.
                  stalled = "the producer could not take records: " + e.getMessage();
                  delivery.completed(new UplinkException(Kind.STALLED, stalled, e));
                } else {
                  delivery.completed(e);
                }
              });
    } catch (RuntimeException e) {
      delivery.completed(e);
    }
  }

  /**
   * Replaces the producer after a failure that breaks its session ({@link Kind#PRODUCER_STATE}):
   * records in the old one fail and go back to the Outbox.
   */
  public synchronized void reset() {
    KafkaProducer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      p.close(Duration.ZERO);
    }
  }

  @Override
  public synchronized void close() {
    reset();
  }

  private KafkaProducer<String, byte[]> producer() {
    KafkaProducer<String, byte[]> p = producer;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (producer == null) {
        producer = new KafkaProducer<>(ProducerSettings.producer(config));
      }
      return producer;
    }
  }

  private UplinkException failure(String what, Throwable e) {
    Kind k = Failures.classify(e);
    String servers = String.join(",", config.bootstrapServers());
    String hint =
        switch (k) {
          case AUTHENTICATION ->
              Failures.unwrap(e)
                      instanceof org.apache.kafka.common.errors.SslAuthenticationException
                  ? " (check that uplink.security.tls.truststore holds the CA of the brokers'"
                      + " certificates and that their names match uplink.bootstrap-servers)"
                  : " (check uplink.security.sasl.username and its password secret)";
          case AUTHORIZATION -> " (the principal needs WRITE and DESCRIBE on the topics)";
          default -> "";
        };
    return new UplinkException(
        k, what + " on " + servers + ": " + Failures.describe(e) + hint, Failures.unwrap(e));
  }
}
