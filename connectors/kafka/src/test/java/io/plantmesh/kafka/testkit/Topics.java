package io.plantmesh.kafka.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates a topic and returns only once a producer can write to every partition at once.
 *
 * <p>{@code CreateTopics} returns when the controller has committed the topic, before the broker
 * has applied it: a producer that sends right then can meet NOT_LEADER_OR_FOLLOWER. So this waits
 * for a leader of every partition in the metadata, then for the leader to answer ListOffsets for
 * every partition (served by the same replica manager that takes produce requests), then for a
 * fresh client's metadata fetch to see every partition with its leader.
 */
final class Topics {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Topics() {}

  static void create(String bootstrapServers, String name, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": " + partitions + " partitions");
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      await("every partition of " + name + " has a leader")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .ignoreExceptions()
          .until(() -> leaders(admin, name) == partitions);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(name, p), OffsetSpec.latest());
      }
      await("the leader of every partition of " + name + " answers ListOffsets")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .ignoreExceptions()
          .until(
              () -> admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).size() == partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
    await("a fresh client sees every partition of " + name + " with its leader")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> freshClientSees(bootstrapServers, name, partitions));
  }

  private static boolean freshClientSees(String bootstrapServers, String name, int partitions) {
    // A new client each time: a client that saw the topic once serves later calls from its cache.
    try (KafkaProducer<byte[], byte[]> fresh =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers, "max.block.ms", "10000"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<PartitionInfo> infos = fresh.partitionsFor(name);
      return infos.size() == partitions
          && infos.stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty());
    }
  }

  private static long leaders(Admin admin, String name) throws Exception {
    TopicDescription d =
        admin.describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
    return d.partitions().stream().filter(p -> p.leader() != null && !p.leader().isEmpty()).count();
  }
}
