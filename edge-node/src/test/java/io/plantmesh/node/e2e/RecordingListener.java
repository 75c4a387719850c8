package io.plantmesh.node.e2e;

import io.plantmesh.core.Reading;
import io.plantmesh.node.pipeline.ReadingListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A listener bean, as the mesh will provide one: the node must attach it at start. */
@ApplicationScoped
public class RecordingListener implements ReadingListener {
  private final Map<String, AtomicLong> readingsBySource = new ConcurrentHashMap<>();

  @Override
  public void onReadings(String sourceId, List<Reading> readings) {
    readingsBySource.computeIfAbsent(sourceId, k -> new AtomicLong()).addAndGet(readings.size());
  }

  public long readings(String sourceId) {
    AtomicLong n = readingsBySource.get(sourceId);
    return n == null ? 0 : n.get();
  }
}
