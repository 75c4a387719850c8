package io.plantmesh.opcua.internal;

import io.plantmesh.core.SourceStatus;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The state, last error and reconnect count, as {@code status()} reports them. */
public final class StateTracker {
  private final String sourceId;
  private volatile io.plantmesh.core.SourceState state = io.plantmesh.core.SourceState.NEW;
  private volatile Instant since = Instant.now();
  private volatile String lastError;
  private final AtomicLong reconnects = new AtomicLong();

  public StateTracker(String sourceId) {
    this.sourceId = sourceId;
  }

  public synchronized void set(io.plantmesh.core.SourceState s) {
    if (state == io.plantmesh.core.SourceState.STOPPED) {
      return;
    }
    if (state != s) {
      state = s;
      since = Instant.now();
    }
  }

  void error(String message) {
    lastError = message;
  }

  String lastError() {
    return lastError;
  }

  io.plantmesh.core.SourceState state() {
    return state;
  }

  void reconnected() {
    reconnects.incrementAndGet();
  }

  public SourceStatus snapshot(int good, int bad, long readings) {
    return new SourceStatus(
        sourceId, state, since, lastError, good, bad, readings, reconnects.get());
  }
}
