package io.plantmesh.kafka.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small produce and consume helpers for tests of (and with) the testkit. */
public final class Records {
  private Records() {}

  /** An idempotent producer (acks=all) of strings with the given settings on top. */
  public static KafkaProducer<String, String> producer(Map<String, Object> config) {
    Map<String, Object> c = new HashMap<>();
    c.put("acks", "all");
    c.put("enable.idempotence", "true");
    c.put("linger.ms", "0");
    c.putAll(config);
    return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
  }

  /** Sends {@code values} and waits for every acknowledgement (fails on the first error). */
  public static void sendAll(
      KafkaProducer<String, String> producer, String topic, List<String> values) {
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
    for (String v : values) {
      acks.add(producer.send(new ProducerRecord<>(topic, v, v)));
    }
    for (java.util.concurrent.Future<?> ack : acks) {
      try {
        ack.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("send to " + topic + " failed", e);
      }
    }
  }

  /**
   * Reads every partition of {@code topic} from the beginning (no consumer group) until {@code
   * expected} values have arrived, and returns them (values only, per-partition order).
   */
  public static List<String> readAll(Map<String, Object> config, String topic, int expected) {
    Map<String, Object> c = new HashMap<>(config);
    c.put("auto.offset.reset", "earliest");
    c.put("enable.auto.commit", "false");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      await("" + expected + " records in " + topic)
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                  values.add(r.value());
                }
                return values.size() >= expected;
              });
    }
    return values;
  }

  /** {@code n} distinct values with a prefix. */
  public static List<String> values(String prefix, int n) {
    List<String> v = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      v.add(prefix + "-" + i);
    }
    return v;
  }
}
