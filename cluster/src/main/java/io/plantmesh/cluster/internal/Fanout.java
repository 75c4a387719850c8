package io.plantmesh.cluster.internal;

import com.hazelcast.cluster.Member;

/**
 * Carries sealed envelopes from one member to every member (itself included). The Hazelcast
 * structure behind it was chosen by measurement (docs/adr/0005-tag-table.md).
 */
public interface Fanout extends AutoCloseable {
  /** The structure's name: part of every envelope's associated data. */
  String name();

  void publish(byte[] envelope);

  /** Delivers every envelope published from now on, in publish order per publisher. */
  void listen(Receiver receiver);

  @Override
  void close();

  /** Receives envelopes. */
  @FunctionalInterface
  interface Receiver {
    /**
     * @param publisher the member Hazelcast says published it, or null when it cannot tell
     */
    void receive(byte[] envelope, Member publisher);
  }
}
