package io.plantmesh.kafka.testkit;

import io.plantmesh.kafka.forward.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain kafka-clients consumer reading every partition of some topics from the beginning on a
 * thread of its own, as an MES would (read_committed is not needed: the forwarder's producer is not
 * transactional).
 */
public final class MesConsumer implements AutoCloseable {
  /** One record as the MES sees it; a header given twice reads as its last value. */
  public record Received(
      String topic,
      int partition,
      long offset,
      String key,
      Map<String, String> headers,
      byte[] value) {

    static Received of(ConsumerRecord<String, byte[]> r) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (Header h : r.headers()) {
        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
      return new Received(r.topic(), r.partition(), r.offset(), r.key(), headers, r.value());
    }

    public String header(String name) {
      return headers.get(name);
    }

    /** The {@code plantmesh-id} header: what an MES deduplicates by. */
    public String id() {
      return header(Headers.ID);
    }

    public boolean replayed() {
      return "true".equals(header(Headers.REPLAYED));
    }

    public String node() {
      return header(Headers.NODE);
    }

    public String via() {
      return header(Headers.VIA);
    }

    public String json() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public MesConsumer(Map<String, Object> clientConfig, String topic) {
    this(clientConfig, Set.of(topic));
  }

  public MesConsumer(Map<String, Object> clientConfig, Set<String> topics) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(t, Duration.ofSeconds(30));
      for (PartitionInfo p : infos) {
        parts.add(new TopicPartition(t, p.partition()));
      }
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  consumer.poll(Duration.ofMillis(100)).forEach(r -> received.add(Received.of(r)));
                }
              }
            },
            "test-mes-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Everything received so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The distinct ids received so far. */
  public Set<String> ids() {
    Set<String> s = new HashSet<>();
    received.forEach(r -> s.add(r.id()));
    return s;
  }

  public int count() {
    return received.size();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
