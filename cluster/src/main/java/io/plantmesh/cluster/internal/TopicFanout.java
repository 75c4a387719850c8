package io.plantmesh.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.UUID;

/**
 * A Hazelcast {@link ITopic}: the publisher sends each message straight to every subscribed member,
 * in order per publisher (one event stripe per topic). Nothing is stored, so a message a member
 * misses (an overloaded event queue, a connection dropped in flight) is gone; the table detects
 * that from the per-member sequence and repairs it with a snapshot.
 */
public final class TopicFanout implements Fanout {
  private final ITopic<byte[]> topic;
  private UUID registration;

  public TopicFanout(HazelcastInstance hz, String name) {
    this.topic = hz.getTopic(name);
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
  public synchronized void listen(Receiver receiver) {
    if (registration != null) {
      throw new IllegalStateException("already listening on " + name());
    }
    registration =
        topic.addMessageListener(
            m -> {
              Member publisher = m.getPublishingMember();
              // A topic echoes each message to its publisher too. Ours are applied already: skip
              // them before the payload is copied out of Hazelcast's buffer (a collecting member
              // would otherwise copy every message it sends).
              if (publisher == null || !publisher.localMember()) {
                receiver.receive(m.getMessageObject(), publisher);
              }
            });
  }

  @Override
  public synchronized void close() {
    if (registration != null) {
      try {
        topic.removeMessageListener(registration);
      } catch (RuntimeException e) {
        // The instance is shutting down: the registration goes with it.
      }
      registration = null;
    }
  }
}
