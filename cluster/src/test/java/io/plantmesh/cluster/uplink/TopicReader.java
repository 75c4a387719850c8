package io.plantmesh.cluster.uplink;

import io.plantmesh.kafka.forward.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

/** A plain consumer of every partition of some topics, from the beginning, as the MES reads. */
final class TopicReader implements AutoCloseable {
  /** One record as the MES sees it. */
  record Received(
      String topic, int partition, String key, String id, String node, String via, String json) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  TopicReader(Map<String, Object> clientConfig, Set<String> topics) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      for (PartitionInfo p : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
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
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    received.add(
                        new Received(
                            r.topic(),
                            r.partition(),
                            r.key(),
                            header(r, Headers.ID),
                            header(r, Headers.NODE),
                            header(r, Headers.VIA),
                            new String(r.value(), StandardCharsets.UTF_8)));
                  }
                }
              }
            },
            "test-mes-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  Set<String> ids() {
    Set<String> s = new HashSet<>();
    received.forEach(r -> s.add(r.id()));
    return s;
  }

  int count() {
    return received.size();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
