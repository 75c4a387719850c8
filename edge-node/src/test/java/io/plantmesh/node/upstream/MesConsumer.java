package io.plantmesh.node.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A plain kafka-clients consumer reading every partition of a topic from the beginning on a thread
 * of its own, as the MES would.
 */
public final class MesConsumer implements AutoCloseable {
  /** One record as the MES sees it. */
  public record Received(String topic, String key, Map<String, String> headers, String json) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public MesConsumer(Map<String, Object> clientConfig, String topic) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(20))) {
      parts.add(new TopicPartition(topic, p.partition()));
    }
    if (parts.isEmpty()) {
      consumer.close();
      throw new IllegalStateException("topic " + topic + " has no partitions");
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  consumer.poll(Duration.ofMillis(100)).forEach(r -> received.add(of(r)));
                }
              }
            },
            "test-mes-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  private static Received of(ConsumerRecord<String, byte[]> r) {
    Map<String, String> headers = new HashMap<>();
    for (Header h : r.headers()) {
      headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    return new Received(r.topic(), r.key(), headers, new String(r.value(), StandardCharsets.UTF_8));
  }

  /** Everything received so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
