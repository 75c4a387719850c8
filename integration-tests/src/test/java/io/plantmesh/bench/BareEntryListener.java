package io.plantmesh.bench;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.nio.ByteBuffer;

/** A bare member's entry listener: the latency of every put it is told about. */
final class BareEntryListener
    implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
  private final LatencySamples samples;

  BareEntryListener(LatencySamples samples) {
    this.samples = samples;
  }

  @Override
  public void entryAdded(EntryEvent<String, byte[]> e) {
    record(e.getValue());
  }

  @Override
  public void entryUpdated(EntryEvent<String, byte[]> e) {
    record(e.getValue());
  }

  private void record(byte[] entry) {
    long now = BareMeshMember.nowMicros();
    ByteBuffer b = ByteBuffer.wrap(entry);
    long source = b.getLong();
    long received = b.getLong();
    samples.add(now - received, source == 0 ? Integer.MAX_VALUE : now - source);
  }
}
