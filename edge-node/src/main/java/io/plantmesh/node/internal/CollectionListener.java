package io.plantmesh.node.internal;

/**
 * Told when a source starts and stops delivering on this node: at start-up and shutdown, and in the
 * mesh when ownership moves. The upstream's summary windows follow these episodes.
 */
public interface CollectionListener {
  /** Does nothing. */
  CollectionListener NONE =
      new CollectionListener() {
        @Override
        public void collecting(String sourceId) {}

        @Override
        public void stopped(String sourceId) {}
      };

  /** {@code sourceId} is about to deliver here (called before it may deliver its first batch). */
  void collecting(String sourceId);

  /** {@code sourceId} no longer delivers here (called after its last batch was handed over). */
  void stopped(String sourceId);
}
