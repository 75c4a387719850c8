package io.plantmesh.cluster;

import com.hazelcast.config.ReliableTopicConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;
import io.plantmesh.cluster.internal.Fanout;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The structures measured against the production {@link io.plantmesh.cluster.internal.TopicFanout}
 * (ADR 0005). Each carries the same sealed batches; only the Hazelcast structure differs.
 */
final class BenchFanouts {
  private BenchFanouts() {}

  /**
   * A ReliableTopic (a Ringbuffer with one synchronous backup): stored, so a subscriber that falls
   * behind reads on instead of losing, and the publisher waits for the backup.
   */
  static final class Reliable implements Fanout {
    private final ITopic<byte[]> topic;
    private UUID registration;

    Reliable(HazelcastInstance hz, String name) {
      topic = hz.getReliableTopic(name);
    }

    /**
     * The topic's config: a ringbuffer of 2048 batches with one synchronous backup, and listener
     * callbacks on a thread of their own (Hazelcast's shared async executor is slower on 2 cores).
     */
    static void configure(com.hazelcast.config.Config c, String name) {
      ExecutorService executor =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "bench-reliable-" + name);
                t.setDaemon(true);
                return t;
              });
      c.addRingBufferConfig(
          new RingbufferConfig("_hz_rb_" + name).setCapacity(2048).setBackupCount(1));
      c.addReliableTopicConfig(
          new ReliableTopicConfig(name)
              .setReadBatchSize(64)
              .setStatisticsEnabled(false)
              .setExecutor(executor));
    }

    @Override
    public String name() {
      return topic.getName();
    }

    @Override
    public void publish(byte[] envelope) {
      topic.publish(envelope);
    }

    @Override
    public void listen(Receiver receiver) {
      registration =
          topic.addMessageListener(
              new ReliableMessageListener<byte[]>() {
                @Override
                public void onMessage(Message<byte[]> m) {
                  receiver.receive(m.getMessageObject(), m.getPublishingMember());
                }

                @Override
                public long retrieveInitialSequence() {
                  return -1;
                }

                @Override
                public void storeSequence(long sequence) {}

                @Override
                public boolean isLossTolerant() {
                  return true;
                }

                @Override
                public boolean isTerminal(Throwable failure) {
                  return false;
                }
              });
    }

    @Override
    public void close() {
      if (registration != null) {
        topic.removeMessageListener(registration);
      }
    }
  }

  /**
   * An IMap with one entry per sending member, overwritten by each batch; the entry listener hears
   * every update. The event names the partition owner, not the writer, so the publisher is unknown.
   */
  static final class MapOfBatches implements Fanout {
    private final IMap<String, byte[]> map;
    private final String key = UUID.randomUUID().toString();
    private UUID registration;

    MapOfBatches(HazelcastInstance hz, String name) {
      map = hz.getMap(name);
    }

    @Override
    public String name() {
      return map.getName();
    }

    @Override
    public void publish(byte[] envelope) {
      map.set(key, envelope);
    }

    @Override
    public void listen(Receiver receiver) {
      registration = map.addEntryListener(new Listener(receiver), true);
    }

    @Override
    public void close() {
      if (registration != null) {
        map.removeEntryListener(registration);
      }
    }

    private record Listener(Receiver receiver)
        implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
      @Override
      public void entryAdded(com.hazelcast.core.EntryEvent<String, byte[]> e) {
        receiver.receive(e.getValue(), null);
      }

      @Override
      public void entryUpdated(com.hazelcast.core.EntryEvent<String, byte[]> e) {
        receiver.receive(e.getValue(), null);
      }
    }
  }

  /** A ReplicatedMap with one entry per sending member: every member holds every entry. */
  static final class ReplicatedBatches implements Fanout {
    private final ReplicatedMap<String, byte[]> map;
    private final String key = UUID.randomUUID().toString();
    private UUID registration;

    ReplicatedBatches(HazelcastInstance hz, String name) {
      map = hz.getReplicatedMap(name);
    }

    @Override
    public String name() {
      return map.getName();
    }

    @Override
    public void publish(byte[] envelope) {
      map.put(key, envelope);
    }

    @Override
    public void listen(Receiver receiver) {
      registration =
          map.addEntryListener(
              new com.hazelcast.core.EntryAdapter<String, byte[]>() {
                @Override
                public void entryAdded(com.hazelcast.core.EntryEvent<String, byte[]> e) {
                  receiver.receive(e.getValue(), null);
                }

                @Override
                public void entryUpdated(com.hazelcast.core.EntryEvent<String, byte[]> e) {
                  receiver.receive(e.getValue(), null);
                }
              });
    }

    @Override
    public void close() {
      if (registration != null) {
        map.removeEntryListener(registration);
      }
    }
  }
}
