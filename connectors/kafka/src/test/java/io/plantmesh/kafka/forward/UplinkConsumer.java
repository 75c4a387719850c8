package io.plantmesh.kafka.forward;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain kafka-clients consumer reading every partition of some topics from the beginning on a
 * thread of its own, as an MES would (read_committed is not needed: the producer is not
 * transactional).
 */
final class UplinkConsumer implements AutoCloseable {
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  UplinkConsumer(Map<String, Object> clientConfig, Set<String> topics) {
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
            "test-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Everything received so far, in arrival order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** The distinct ids received so far. */
  Set<String> ids() {
    Set<String> s = new java.util.HashSet<>();
    received.forEach(r -> s.add(r.id()));
    return s;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
