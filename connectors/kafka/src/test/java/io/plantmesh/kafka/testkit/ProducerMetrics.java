package io.plantmesh.kafka.testkit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;

/** Reads a producer's own counters (retries, errors) to tell what happened to its sends. */
public final class ProducerMetrics {
  private ProducerMetrics() {}

  /** The value of {@code name} in the {@code producer-metrics} group (client-wide). */
  public static double total(Producer<?, ?> producer, String name) {
    double sum = 0;
    for (Metric m : producer.metrics().values()) {
      if (m.metricName().group().equals("producer-metrics") && m.metricName().name().equals(name)) {
        sum += ((Number) m.metricValue()).doubleValue();
      }
    }
    return sum;
  }
}
