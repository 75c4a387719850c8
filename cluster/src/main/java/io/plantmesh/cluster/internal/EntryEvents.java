package io.plantmesh.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

/**
 * An IMap listener that runs one action on every entry added, updated, removed or merged (after a
 * split brain heals): an evaluation trigger. Hazelcast's {@code EntryAdapter} misses merges.
 */
final class EntryEvents<K, V>
    implements EntryAddedListener<K, V>,
        EntryUpdatedListener<K, V>,
        EntryRemovedListener<K, V>,
        EntryMergedListener<K, V> {
  private final Runnable action;

  EntryEvents(Runnable action) {
    this.action = action;
  }

  @Override
  public void entryAdded(EntryEvent<K, V> e) {
    action.run();
  }

  @Override
  public void entryUpdated(EntryEvent<K, V> e) {
    action.run();
  }

  @Override
  public void entryRemoved(EntryEvent<K, V> e) {
    action.run();
  }

  @Override
  public void entryMerged(EntryEvent<K, V> e) {
    action.run();
  }
}
